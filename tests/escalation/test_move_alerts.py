"""An active escalation whose ticket moves says so on its timeline, and the new queue's level 1 hears of it at once
unless one of that queue's leads already has it in hand; its levels' clock runs on as it was."""
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from escalation.alerts import LEVEL_ALERT
from escalation.duty import duty_start
from escalation.levels import escalations_advance
from escalation.models import EntryKind, Escalation, Status
from escalation.services import escalation_acknowledge, escalation_claim, escalation_dismiss, escalation_raise
from tests.conftest import clock_frozen
from tickets.models import Notification
from tickets.notifications import notification_send
from tickets.services import ticket_change
from tickets.webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)


def _told(entry) -> set[str]:
    return {row.recipient.username for row in Notification.objects.filter(kind=LEVEL_ALERT, about_id=entry.pk)}


def _moved_entries(escalation):
    return list(Escalation.objects.get(pk=escalation.pk).entries.filter(kind=EntryKind.MOVED).order_by("pk"))


def test_an_open_escalation_that_moves_tells_the_new_queues_level_one_once_after_commit(
        raised, lena, carol, lou, queue_a, queue_b, chat, django_capture_on_commit_callbacks):
    duty_start(lead=lou, queue=queue_b)  # carol leads B too, but is not on duty there
    with django_capture_on_commit_callbacks() as callbacks:
        ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
        assert not mail.outbox
    [entry] = _moved_entries(raised)
    assert entry.actor is None
    assert entry.data == {"moved": {"from_queue": queue_a.pk, "to_queue": queue_b.pk, "from_name": "Billing",
                                    "to_name": "Technical"}, "emails": 1}
    assert _told(entry) == {"lou"}
    delivery = WebhookDelivery.objects.get(subscription=chat, event_key__contains="moved")
    assert delivery.event == "escalation.raised"
    assert delivery.event_key == f"escalation.raised:{raised.pk}:moved:{entry.pk}"
    assert '"occasion":"moved"' in delivery.body and '"status":"open"' in delivery.body
    assert '"queue":"tech"' in delivery.body
    assert len(callbacks) >= 2  # the outbox's doorbell and the webhook's, rung after the move commits
    row = Notification.objects.get(kind=LEVEL_ALERT, about_id=entry.pk)
    assert notification_send(notification_id=row.pk, urgent=True) is True
    [sent] = [email for email in mail.outbox if email.to == ["lou@home.example"]]
    assert f"/leads/e/{raised.pk}/" in sent.body
    assert Escalation.objects.get(pk=raised.pk).status == Status.OPEN


def test_a_move_that_fails_tells_nobody(raised, carol, queue_b, chat, monkeypatch):
    from tickets.webhooks import events

    def refuse(**kwargs):
        raise RuntimeError("webhook store down")

    monkeypatch.setattr(events, "ticket_updated_emit", refuse)
    with pytest.raises(RuntimeError):
        ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    assert _moved_entries(raised) == []
    assert not Notification.objects.filter(kind=LEVEL_ALERT).exists()
    assert not WebhookDelivery.objects.filter(event_key__contains="moved").exists()


def test_each_move_of_an_open_item_tells_the_queue_it_lands_in(raised, carol, lou, queue_a, queue_b, chat):
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_a)
    there, back = _moved_entries(raised)
    assert (_told(there), _told(back)) == ({"carol", "lou"}, {"carol"})  # nobody on duty: every lead
    assert back.data["moved"]["to_name"] == "Billing"
    assert WebhookDelivery.objects.filter(event_key__contains=":moved:").count() == 2


def test_an_acknowledged_item_its_acknowledger_cannot_follow_tells_the_new_queue(
        raised, lena, carol, lou, queue_b, chat):
    acknowledged = escalation_acknowledge(escalation=raised, lead=lena)
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    [entry] = _moved_entries(raised)
    assert entry.data["emails"] == 2 and _told(entry) == {"carol", "lou"}
    moved = Escalation.objects.get(pk=raised.pk)
    assert (moved.status, moved.acknowledged_by, moved.acknowledged_at) == (
        Status.ACKNOWLEDGED, lena, acknowledged.acknowledged_at)
    assert (moved.due_at, moved.next_step_at) == (acknowledged.due_at, acknowledged.next_step_at)
    assert '"status":"acknowledged"' in WebhookDelivery.objects.get(event_key__contains=":moved:").body


@pytest.mark.parametrize("move", [escalation_acknowledge, escalation_claim])
def test_an_item_a_lead_of_the_new_queue_has_in_hand_moves_without_an_alert(raised, carol, queue_b, chat, move):
    move(escalation=raised, lead=carol)
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    [entry] = _moved_entries(raised)
    assert entry.data == {"moved": {"from_queue": raised.queue_id, "to_queue": queue_b.pk, "from_name": "Billing",
                                    "to_name": "Technical"}}
    assert not Notification.objects.filter(kind=LEVEL_ALERT).exists()
    assert not WebhookDelivery.objects.filter(event_key__contains=":moved:").exists()


def test_a_claim_released_by_the_move_is_told_once_through_its_release(raised, lena, carol, lou, queue_b, chat):
    escalation_claim(escalation=raised, lead=lena)
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    escalation = Escalation.objects.get(pk=raised.pk)
    moved, released = escalation.entries.filter(kind__in=[EntryKind.MOVED, EntryKind.RELEASED]).order_by("pk")
    assert (moved.kind, released.kind) == (EntryKind.MOVED, EntryKind.RELEASED)
    assert "emails" not in moved.data and _told(moved) == set()
    assert _told(released) == {"carol", "lou"}
    again = WebhookDelivery.objects.filter(event_key__startswith=f"escalation.raised:{raised.pk}:")
    assert [delivery.event_key for delivery in again] == [f"escalation.raised:{raised.pk}:released:{released.pk}"]


def test_closed_escalations_move_without_a_word(dave_ticket, carol, queue_b, chat):
    closed = escalation_raise(ticket=dave_ticket, category="press_media")
    escalation_dismiss(escalation=closed, lead=carol, reason="not_urgent")
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
    assert Escalation.objects.get(pk=closed.pk).queue_id == queue_b.pk
    assert _moved_entries(closed) == []
    assert not Notification.objects.filter(kind=LEVEL_ALERT).exists()


def test_the_levels_run_on_by_the_raised_policy_and_tell_the_new_queue(
        monkeypatch, carol, lou, adam, dave_ticket, queue_b):
    """The move neither restarts the levels nor reads today's settings: level 2 comes when it was due, and the
    level 1 that comes round again is the new queue's."""
    clock = clock_frozen(monkeypatch, T0)
    raised = escalation_raise(ticket=dave_ticket, category="self_harm")
    clock.at(minutes=3)
    with override_settings(TACT_ESCALATION={"LEVELS": ["admins"], "LEVEL_TIMEOUT_S": {"self_harm": 60}}):
        ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
        [entry] = _moved_entries(raised)
        assert _told(entry) == {"carol", "lou"}  # the snapshot's level 1 (on-duty leads of B), not "admins"
        moved = Escalation.objects.get(pk=raised.pk)
        assert (moved.level, moved.steps, moved.next_step_at) == (1, 0, T0 + timedelta(minutes=5))
        assert moved.acknowledge_by == T0 + timedelta(minutes=5)
        assert escalations_advance(now=clock.at(minutes=4, seconds=59)) == 0
        assert escalations_advance(now=clock.at(minutes=5)) == 1  # level 2, when it was due before the move
        assert escalations_advance(now=clock.at(minutes=10)) == 1  # level 3
        assert escalations_advance(now=clock.at(minutes=15)) == 1  # level 1 again: queue B's leads
    steps = Escalation.objects.get(pk=raised.pk).entries.filter(kind=EntryKind.ESCALATED).order_by("pk")
    assert [(step.data["level"], _told(step)) for step in steps] == [
        (2, {"carol", "lou"}), (3, {"adam"}), (1, {"carol", "lou"})]


def test_the_timeline_says_from_which_queue_to_which(client, raised, carol, lou, queue_b):
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    client.force_login(lou)
    page = client.get(f"/leads/e/{raised.pk}/").content.decode()
    assert "Moved to another queue" in page
    assert "from Billing to Technical; 2 leads of Technical were told." in page
    with translation.override("de"):
        page = client.get(f"/leads/e/{raised.pk}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "In eine andere Warteschlange verschoben" in page
    assert "von Billing nach Technical; 2 Teamleitungen von Technical wurden benachrichtigt." in page
