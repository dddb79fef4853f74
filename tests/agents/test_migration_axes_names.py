"""Migration 0011: django-axes' rows written with the name as typed get the name axes counts under now (the
account's username, or a keyed hash), and two attempts that now share a name, address and browser keep both
counts."""
from datetime import timedelta

import pytest
from django.utils import timezone

from agents.signin_audit import tried_hash
from tests.migrations import migrate_to, old_world_at

BEFORE = [("agents", "0010_approval_summary_keys"), ("axes", "0010_accessattemptexpiration")]


@pytest.fixture
def old_world(transactional_db):
    yield from old_world_at(BEFORE)


def test_names_typed_before_are_replaced_by_the_account_or_a_keyed_hash(old_world):
    apps = old_world
    apps.get_model("auth", "User").objects.create(username="alice", email="alice@home.example")
    AccessAttempt = apps.get_model("axes", "AccessAttempt")
    AccessFailureLog = apps.get_model("axes", "AccessFailureLog")
    earlier = timezone.now() - timedelta(minutes=5)
    row = {"ip_address": "192.0.2.1", "user_agent": "Firefox", "get_data": "", "post_data": "", "http_accept": "*/*",
           "path_info": "/login/"}
    AccessAttempt.objects.create(username="alice", failures_since_start=2, **row)
    AccessAttempt.objects.create(username="Alice@Home.example", failures_since_start=1, **row)
    AccessAttempt.objects.create(username="priya.raman@acme.example", failures_since_start=3, **row)
    AccessAttempt.objects.filter(username="alice").update(attempt_time=earlier)
    AccessFailureLog.objects.create(username="Priya Raman", locked_out=False, ip_address="192.0.2.1",
                                    user_agent="Firefox", http_accept="*/*", path_info="/login/")

    apps = migrate_to(None)
    attempts = dict(apps.get_model("axes", "AccessAttempt").objects.values_list("username", "failures_since_start"))
    assert attempts == {"alice": 3, f"unknown:{tried_hash('priya.raman@acme.example')}": 3}
    assert apps.get_model("axes", "AccessAttempt").objects.get(username="alice").attempt_time > earlier
    failure = apps.get_model("axes", "AccessFailureLog").objects.get()
    assert failure.username == f"unknown:{tried_hash('Priya Raman')}"
