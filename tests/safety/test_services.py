import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation

from agents.approvals import approval_approve
from agents.models import AuditEntry
from escalation.models import EntryKind, Escalation, EscalationEntry, Status
from escalation.safety import (
    safety_lift,
    safety_reassign,
    safety_report_file,
    safety_restrict,
    safety_suspend,
    safety_warn,
)
from tickets.models import Message, Notification, Restriction
from tickets.services import customer_message_add, ticket_change


def _to_customer():
    """Emails to the customer (the leads' alerts for the report go out in the same batches)."""
    return [m for m in mail.outbox if not m.subject.startswith("[Escalation]")]


def _file(alice, message, **kwargs):
    return safety_report_file(
        reporter=alice, customer=message.ticket.customer, message=message, category="creepy_or_sexual", **kwargs
    )


def test_report_is_a_harassment_escalation_keeping_the_message_exactly_as_received(alice, creepy_message):
    report = _file(alice, creepy_message)
    original = creepy_message.body
    Message.objects.filter(pk=creepy_message.pk).update(body="(edited away)")
    report.refresh_from_db()
    assert (report.category, report.harassment_kind) == ("agent_harassment", "creepy_or_sexual")
    assert (report.raised_by, report.ticket, report.message) == (alice, creepy_message.ticket, creepy_message)
    evidence = report.entries.get(kind=EntryKind.RAISED)
    assert evidence.evidence_body == original
    assert evidence.evidence_sha256 == hashlib.sha256(original.encode()).hexdigest()
    assert evidence.evidence_received_at == creepy_message.created_at
    assert report.status == Status.OPEN


def test_the_queues_leads_are_emailed_through_the_outbox_without_the_customers_words(
    alice, carol, adam, creepy_message, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _file(alice, creepy_message)
    notification = Notification.objects.get()
    assert (notification.kind, notification.recipient, notification.about_id) == ("escalation_alert", carol, report.pk)
    assert notification.state == Notification.State.SENT
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["carol@home.example"]  # carol leads queue A; adam (admin) is not a member
    assert f"/leads/e/{report.pk}/" in sent.body
    assert "Harbor Wren" in sent.body  # the reporter's persona, for the leads
    assert "photo" not in sent.body and "Alicia" not in sent.body


def test_hand_back_unassigns_and_shields_the_reporter(alice, creepy_message, dave_ticket):
    _file(alice, creepy_message, hand_back=True)
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee is None
    assert dave_ticket.customer.shielded_agents.filter(pk=alice.pk).exists()
    with pytest.raises(ValidationError):
        ticket_change(ticket=dave_ticket, actor=alice, assignee=alice)


def test_without_hand_back_the_reporter_keeps_the_ticket(alice, creepy_message, dave_ticket):
    _file(alice, creepy_message)
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee == alice
    assert not dave_ticket.customer.shielded_agents.exists()


def test_agents_outside_the_queue_cannot_report(bob, creepy_message):
    with pytest.raises(PermissionDenied):
        _file(bob, creepy_message)


def test_a_refused_report_is_explained_in_german(bob, alice, creepy_message):
    with translation.override("de"):
        with pytest.raises(PermissionDenied) as refused:
            _file(bob, creepy_message)
        assert str(refused.value) == "Dieses Ticket ist nicht in Ihren Queues."
        with pytest.raises(ValidationError) as invalid:
            safety_report_file(reporter=alice, customer=creepy_message.ticket.customer, category="rude",
                               ticket=creepy_message.ticket)
        assert invalid.value.message_dict["category"] == ["Wählen Sie, um welche Art von Belästigung es sich handelt."]


def test_customers_cannot_report(dave, erin_ticket):
    with pytest.raises(PermissionDenied):
        safety_report_file(reporter=dave, customer=erin_ticket.customer, category="abusive")


def test_only_the_customers_own_message_can_be_evidence(alice, creepy_message, erin):
    with pytest.raises((ValidationError, PermissionDenied)):
        safety_report_file(reporter=alice, customer=erin.customer, message=creepy_message, category="abusive")


def test_unknown_category_is_refused(alice, creepy_message):
    with pytest.raises(ValidationError):
        safety_report_file(reporter=alice, customer=creepy_message.ticket.customer, category="rude",
                           ticket=creepy_message.ticket)


def test_a_report_needs_the_customers_ticket(alice, creepy_message):
    with pytest.raises(ValidationError) as error:
        safety_report_file(reporter=alice, customer=creepy_message.ticket.customer, category="abusive")
    assert "ticket" in error.value.message_dict


def test_a_second_report_on_the_ticket_joins_the_first_with_its_own_evidence(alice, cora, creepy_message):
    from tests.factories import MessageFactory

    first = _file(alice, creepy_message)
    worse = MessageFactory(ticket=creepy_message.ticket, body="I saw your car outside.")
    second = safety_report_file(reporter=cora, customer=worse.ticket.customer, message=worse, category="threatening")
    assert second.pk == first.pk
    bodies = list(first.entries.filter(kind__in=["raised", "raised_again"]).values_list("evidence_body", flat=True))
    assert bodies == [creepy_message.body, "I saw your car outside."]


@pytest.fixture
def report(alice, creepy_message):
    return _file(alice, creepy_message)


@pytest.mark.parametrize("who", ["alice", "bob", "cora", "dave"])
def test_only_leads_may_act(request, who, report):
    user = request.getfixturevalue(who)
    for action in (safety_restrict, safety_suspend, safety_lift):
        with pytest.raises(PermissionDenied):
            action(escalation=report, lead=user)
    kinds = EscalationEntry.objects.exclude(kind=EntryKind.ALERTED).values_list("kind", flat=True)
    assert list(kinds) == [EntryKind.RAISED]


def test_restrict_shields_the_reporter_and_returns_their_tickets_to_the_queue(carol, alice, report, dave_ticket):
    action = safety_restrict(escalation=report, lead=carol, note="Second incident")
    customer = dave_ticket.customer
    customer.refresh_from_db()
    dave_ticket.refresh_from_db()
    assert customer.restriction == Restriction.RESTRICTED
    assert customer.shielded_agents.filter(pk=alice.pk).exists()
    assert dave_ticket.assignee is None
    assert (action.kind, action.actor) == (EntryKind.RESTRICT, carol)
    assert action.data == {"previous": "none", "new": "restricted"}
    entry = AuditEntry.objects.get(action="safety.restrict")
    assert (entry.actor, entry.customer_id, entry.ticket_id) == (carol, customer.pk, report.ticket_id)
    assert (entry.target_type, entry.target_id) == ("escalation.escalation", str(report.pk))
    assert entry.data == {"escalation": report.pk, "previous": "none", "new": "restricted"}
    filed = AuditEntry.objects.get(action="escalation.raised")
    assert (filed.actor, filed.customer_id, filed.data) == (
        alice, customer.pk, {"escalation": report.pk, "category": "agent_harassment"})
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED and report.acknowledged_by == carol


def test_suspend_then_lift_is_reversible_and_each_step_recorded(carol, adam, alice, report, dave_ticket):
    action = safety_suspend(escalation=report, lead=carol, note="Repeated explicit messages to the agent.")
    dave_ticket.customer.refresh_from_db()
    assert dave_ticket.customer.restriction == Restriction.NONE  # asked, not done: a second lead approves
    with pytest.raises(PermissionDenied):
        approval_approve(action=action, approver=carol)
    approval_approve(action=action, approver=adam)
    dave_ticket.customer.refresh_from_db()
    assert dave_ticket.customer.restriction == Restriction.SUSPENDED
    message = customer_message_add(ticket=dave_ticket, customer=dave_ticket.customer, body="Still here.")
    assert message.suspended
    safety_lift(escalation=report, lead=carol, note="Apologised")
    dave_ticket.customer.refresh_from_db()
    assert dave_ticket.customer.restriction == Restriction.NONE
    assert dave_ticket.customer.shielded_agents.filter(pk=alice.pk).exists()  # the agent stays protected
    later = customer_message_add(ticket=dave_ticket, customer=dave_ticket.customer, body="Thanks.")
    assert not later.suspended
    kinds = list(report.entries.values_list("kind", flat=True))
    assert kinds == [EntryKind.RAISED, EntryKind.ALERTED, EntryKind.SUSPEND, EntryKind.ACKNOWLEDGED, EntryKind.LIFT]


def test_reassign_refuses_the_shielded_reporter_and_accepts_a_colleague(carol, alice, cora, report, dave_ticket):
    safety_restrict(escalation=report, lead=carol)
    with pytest.raises(ValidationError):
        safety_reassign(escalation=report, lead=carol, assignee=alice)
    safety_reassign(escalation=report, lead=carol, assignee=cora)
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee == cora
    assert report.entries.filter(kind=EntryKind.REASSIGN, data__assignee=cora.pk).exists()


def test_warning_comes_from_the_queue_and_never_names_the_reporter(
    carol, report, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        safety_warn(escalation=report, lead=carol, template="conduct")
    [sent] = _to_customer()
    assert sent.to == ["dave@mail.example"]
    assert sent.from_email == "Tact Support <billing@support.example>"
    assert sent.reply_to == ["billing@support.example"]
    text = sent.body + str(sent.message())
    for secret in ("Harbor Wren", "Alicia", "alice", "Realname"):
        assert secret not in text
    assert "respectful" in sent.body


def test_warning_is_one_outbox_row_sent_once_by_the_notify_task(
    carol, report, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        action = safety_warn(escalation=report, lead=carol, template="final")
    notification = Notification.objects.get(kind="customer_warning")
    assert action.data == {"template": "final", "notification": notification.pk}
    assert (notification.kind, notification.customer, notification.ticket, notification.variant) == (
        "customer_warning", report.customer, report.ticket, "final"
    )
    assert notification.state == Notification.State.SENT
    assert [m.subject for m in _to_customer()] == ["Final notice about your messages to our team"]
    for callback in callbacks:  # a redelivered doorbell finds the row sent
        callback()
    assert len(_to_customer()) == 1


def test_rolled_back_warning_sends_nothing(carol, report, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        safety_warn(escalation=report, lead=carol, template="conduct")
        raise RuntimeError("something after the warning failed")
    assert not Notification.objects.filter(kind="customer_warning").exists()
    assert not report.entries.filter(kind=EntryKind.WARN).exists()
    assert mail.outbox == []


def test_unknown_warning_template_is_refused(carol, report):
    with pytest.raises(ValidationError):
        safety_warn(escalation=report, lead=carol, template="nope")
    assert not report.entries.filter(kind=EntryKind.WARN).exists()


def test_lead_of_another_queue_cannot_act_even_if_the_customer_has_a_ticket_there(bob, erin_ticket, report):
    """dave gets a ticket in queue B too: bob, a lead of B only, still cannot act on queue A's report."""
    from agents.models import Role
    from tests.factories import TicketFactory

    bob.staff.role = Role.LEAD
    bob.staff.save()
    TicketFactory(customer=report.customer, queue=erin_ticket.queue)
    for action in (safety_restrict, safety_suspend, safety_lift):
        with pytest.raises(PermissionDenied):
            action(escalation=report, lead=bob)
    with pytest.raises(PermissionDenied):
        safety_reassign(escalation=report, lead=bob, assignee=None)
    assert Escalation.objects.get(pk=report.pk).status == Status.OPEN
