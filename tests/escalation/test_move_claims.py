"""A claim follows a moved ticket only if its lead leads the new queue: otherwise the move releases it, says so
on the timeline and tells the new queue's leads on duty, in the move's transaction."""
import pytest
from django.core.exceptions import PermissionDenied

from agents.models_audit import AuditEntry
from escalation import services
from escalation.alerts import LEVEL_ALERT
from escalation.duty import duty_start
from escalation.models import EntryKind, Escalation, Status
from escalation.services import escalation_acknowledge, escalation_claim
from tickets.models import Notification
from tickets.services import ticket_change
from tickets.webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


def _claimed(raised, lead):
    escalation_acknowledge(escalation=raised, lead=lead)
    return escalation_claim(escalation=raised, lead=lead)


def test_a_claim_its_lead_cannot_follow_is_released_and_the_new_queues_lead_on_duty_told(
        raised, lena, carol, lou, queue_a, queue_b, chat, django_capture_on_commit_callbacks):
    claimed = _claimed(raised, lena)
    duty_start(lead=lou, queue=queue_b)  # carol leads B too, but is not on duty
    with django_capture_on_commit_callbacks() as callbacks:
        ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    moved = Escalation.objects.get(pk=raised.pk)
    assert (moved.status, moved.claimed_by, moved.claimed_at) == (Status.ACKNOWLEDGED, None, None)
    # Still acknowledged, by lena, and its clock is the resolve-by deadline, as after a lead's own release.
    assert (moved.acknowledged_by, moved.acknowledged_at) == (lena, claimed.acknowledged_at)
    assert moved.due_at == moved.resolve_by and moved.next_step_at == claimed.next_step_at
    entry = moved.entries.get(kind=EntryKind.RELEASED)
    assert entry.actor is None
    assert entry.data == {"moved": {"from_queue": queue_a.pk, "to_queue": queue_b.pk, "from_name": "Billing",
                                    "to_name": "Technical", "claimed_by": lena.pk}, "emails": 1}
    alerts = Notification.objects.filter(kind=LEVEL_ALERT, about_id=entry.pk)
    assert [row.recipient for row in alerts] == [lou]
    delivery = WebhookDelivery.objects.get(subscription=chat)
    assert delivery.event == "escalation.raised"
    assert delivery.event_key == f"escalation.raised:{raised.pk}:released:{entry.pk}"
    assert '"occasion":"released"' in delivery.body and '"status":"acknowledged"' in delivery.body
    assert AuditEntry.objects.filter(action="escalation.released", data__claimed_by=lena.pk).count() == 1
    assert callbacks  # the outbox and the webhook are rung after the move commits, not inside it


def test_a_claim_whose_lead_leads_the_new_queue_stays(raised, carol, queue_b, chat):
    _claimed(raised, carol)
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    moved = Escalation.objects.get(pk=raised.pk)
    assert (moved.status, moved.claimed_by) == (Status.CLAIMED, carol)
    assert not moved.entries.filter(kind=EntryKind.RELEASED).exists()
    assert not Notification.objects.filter(kind=LEVEL_ALERT).exists()
    assert not WebhookDelivery.objects.filter(event_key__contains="released").exists()


def test_the_release_is_told_once_and_moving_back_tells_nobody_again(
        raised, lena, carol, lou, queue_a, queue_b, chat):
    _claimed(raised, lena)
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_a)
    escalation = Escalation.objects.get(pk=raised.pk)
    assert escalation.entries.filter(kind=EntryKind.RELEASED).count() == 1
    assert Notification.objects.filter(kind=LEVEL_ALERT).count() == 2  # carol and lou: nobody on duty in B
    assert WebhookDelivery.objects.filter(event_key__contains="released").count() == 1


def test_a_move_that_fails_keeps_the_claim_and_tells_nobody(raised, lena, carol, queue_b, chat, monkeypatch):
    from tickets.webhooks import events

    _claimed(raised, lena)

    def refuse(**kwargs):
        raise RuntimeError("webhook store down")

    monkeypatch.setattr(events, "ticket_updated_emit", refuse)
    with pytest.raises(RuntimeError):
        ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    escalation = Escalation.objects.get(pk=raised.pk)
    assert (escalation.status, escalation.claimed_by) == (Status.CLAIMED, lena)
    assert not escalation.entries.filter(kind=EntryKind.RELEASED).exists()
    assert not Notification.objects.filter(kind=LEVEL_ALERT).exists()
    assert not WebhookDelivery.objects.filter(event_key__contains="released").exists()


def test_the_timeline_says_why_the_claim_was_released(client, raised, lena, carol, lou, queue_b):
    _claimed(raised, lena)
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    client.force_login(lou)
    page = client.get(f"/leads/e/{raised.pk}/").content.decode()
    assert "Claim released" in page
    said = "the ticket moved to a queue the lead who claimed it does not lead; 2 leads of that queue were told."
    assert said in page


def test_a_claim_checked_before_a_move_and_landing_after_it_is_refused(raised, lena, carol, queue_b, monkeypatch):
    """The scope check ran while the ticket was still in queue A; the move committed before the claim's update."""
    real, checks = services._lead_scope_or_refuse, []

    def checked_before_the_move(lead, escalation):
        if not checks:
            checks.append(lead)
            ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
            return
        real(lead, escalation)

    monkeypatch.setattr(services, "_lead_scope_or_refuse", checked_before_the_move)
    with pytest.raises(PermissionDenied):
        escalation_claim(escalation=raised, lead=lena)
    escalation = Escalation.objects.get(pk=raised.pk)
    assert (escalation.status, escalation.claimed_by) == (Status.OPEN, None)
