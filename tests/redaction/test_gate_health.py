"""Health reports the age of the oldest reply waiting for its scan, and fails when the gate stops draining."""
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from redaction.models import ReplyVersion
from tests.redaction.conftest import CLEAN

pytestmark = pytest.mark.django_db


def test_health_is_ok_with_nothing_waiting(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "oldest_pending_reply_age_s": None, "reply_gate": "ok"}


def test_health_reports_the_oldest_pending_age(client, alice, dave_post, submit):
    version = submit(dave_post, alice, CLEAN)
    ReplyVersion.objects.filter(pk=version.pk).update(submitted_at=timezone.now() - timedelta(seconds=42))
    body = client.get(reverse("health")).json()
    assert 41 <= body["oldest_pending_reply_age_s"] < 60 and body["reply_gate"] == "ok"


@override_settings(TACT_REDACTION={"HEALTH_MAX_PENDING_AGE_S": 30})
def test_health_fails_when_a_reply_waits_past_the_threshold(client, alice, dave_post, submit):
    version = submit(dave_post, alice, CLEAN)
    ReplyVersion.objects.filter(pk=version.pk).update(submitted_at=timezone.now() - timedelta(minutes=5))
    response = client.get(reverse("health"))
    assert response.status_code == 503 and response.json()["reply_gate"] == "stalled"


def test_published_and_held_replies_do_not_count(client, alice, dave_post, submit, worker):
    worker(submit(dave_post, alice, CLEAN))
    assert client.get(reverse("health")).json()["oldest_pending_reply_age_s"] is None
