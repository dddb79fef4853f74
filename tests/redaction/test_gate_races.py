"""Two first Sends at once (a double click, an API retry, autosave racing Send) leave one reply and one email.

The threads run real transactions on their own connections, so these tests need PostgreSQL: SQLite serializes
writers and cannot show the race.
"""
import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from redaction import gate
from redaction import worker as gate_worker
from redaction.models import Reply, ReplyVersion, VersionStatus
from tests.concurrency import at_once
from tests.redaction.conftest import CLEAN
from tickets.models import Message, MessageKind, Notification
from tickets.notifications import notification_send

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="concurrent transactions need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def _deliver_everything() -> None:
    for version_id in ReplyVersion.objects.filter(status=VersionStatus.PENDING).values_list("pk", flat=True):
        gate_worker.reply_scan(version_id=version_id)
    for notification_id in Notification.objects.values_list("pk", flat=True):
        notification_send(notification_id=notification_id)


def test_two_first_sends_at_once_publish_one_reply_and_send_one_email(alice, dave_post, rung, notified):
    send = lambda: gate.reply_submit(ticket=dave_post, author=alice, body=CLEAN)  # noqa: E731
    results = at_once(send, send)
    versions = [r for r in results if isinstance(r, ReplyVersion)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(versions) == 1 and len(refused) == 1, results
    assert "being checked" in str(refused[0])
    assert Reply.objects.count() == 1 and ReplyVersion.objects.count() == 1
    _deliver_everything()
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == 1
    assert len(mail.outbox) == 1 and CLEAN in mail.outbox[0].body


def test_autosave_racing_the_first_send_leaves_one_reply(alice, dave_post, rung, notified):
    results = at_once(
        lambda: gate.draft_save(ticket=dave_post, author=alice, body=CLEAN[:20]),
        lambda: gate.reply_submit(ticket=dave_post, author=alice, body=CLEAN),
    )
    assert isinstance(results[1], ReplyVersion), results
    assert Reply.objects.count() == 1
    _deliver_everything()
    assert list(Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).values_list("body", flat=True)) == [CLEAN]
    assert len(mail.outbox) == 1


def test_an_api_retry_with_the_same_key_at_the_same_time_gets_the_same_reply(alice, dave_post, rung, notified):
    url = reverse("api-ticket-replies", args=[dave_post.reference])

    def post():
        client = APIClient()
        client.force_authenticate(alice)
        return client.post(url, {"body": CLEAN}, format="json", headers={"Idempotency-Key": "retry-7"})

    first, second = at_once(post, post)
    assert (first.status_code, second.status_code) == (202, 202)
    assert first.json()["id"] == second.json()["id"] and first.json()["version"]["number"] == 1
    assert ReplyVersion.objects.count() == 1
    _deliver_everything()
    assert len(mail.outbox) == 1
