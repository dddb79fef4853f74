"""End to end with a real worker process: replies submitted through the service end published or held."""
import time

import pytest

from redaction import doorbell, gate
from redaction.models import ReplyScan, ReplyVersion, VersionStatus
from tests.factories import MessageFactory, TicketFactory
from tickets.models import Channel, Message, MessageKind, Notification

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def _wait_decided(version_id: int, timeout: float = 30) -> ReplyVersion:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        version = ReplyVersion.objects.get(pk=version_id)
        if version.status in (VersionStatus.PUBLISHED, VersionStatus.HELD):
            return version
        time.sleep(0.05)
    pytest.fail(f"version {version_id} still {version.status} after {timeout} s")


@pytest.fixture
def public_ticket(dave, queue_a):
    ticket = TicketFactory(customer=dave.customer, queue=queue_a, channel=Channel.SOCIAL, replies_public=True)
    MessageFactory(ticket=ticket, body="@tact why was I charged twice?", is_public_post=True)
    return ticket


def test_a_clean_reply_is_published_by_the_real_worker(celery_worker_process, alice, public_ticket):
    started = time.monotonic()
    version = gate.reply_submit(ticket=public_ticket, author=alice, body="The refund is on its way.")
    version = _wait_decided(version.pk)
    print(f"submit → published: {time.monotonic() - started:.3f} s")
    assert version.status == VersionStatus.PUBLISHED
    message = Message.objects.get(kind=MessageKind.PUBLIC_REPLY)
    assert message.body == "The refund is on its way." and message.author_alias == "Harbor Wren"
    assert ReplyScan.objects.get(version=version).sha256 == version.sha256
    assert Notification.objects.filter(message=message).count() == 1


def test_a_leaky_reply_is_held_with_findings_by_the_real_worker(celery_worker_process, alice, public_ticket):
    version = gate.reply_submit(ticket=public_ticket, author=alice, body="We will call +1 415 555 0134 today.")
    version = _wait_decided(version.pk)
    assert version.status == VersionStatus.HELD
    assert [f["kind"] for f in ReplyScan.objects.get(version=version).findings] == ["phone"]
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()
    assert not Notification.objects.exists()


def test_a_reply_whose_message_was_lost_is_published_after_the_sweep(
    celery_worker_process, alice, public_ticket, monkeypatch
):
    real_enqueue = doorbell.enqueue_scan
    monkeypatch.setattr(doorbell, "enqueue_scan", lambda version_id: False)  # the doorbell's message is lost
    version = gate.reply_submit(ticket=public_ticket, author=alice, body="All sorted now.")
    time.sleep(0.5)
    assert ReplyVersion.objects.get(pk=version.pk).status == VersionStatus.PENDING
    monkeypatch.setattr(doorbell, "enqueue_scan", real_enqueue)
    ReplyVersion.objects.filter(pk=version.pk).update(enqueued_at=None)  # past the stall threshold
    assert gate.replies_sweep() == 1
    assert _wait_decided(version.pk).status == VersionStatus.PUBLISHED
