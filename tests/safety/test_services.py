import hashlib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from agents.models import AuditEntry
from escalation.models import ActionKind, ReportStatus, SafetyAction, SafetyReport
from escalation.safety import (
    safety_close,
    safety_lift,
    safety_reassign,
    safety_report_file,
    safety_restrict,
    safety_suspend,
    safety_warn,
)
from tickets.models import Message, Notification, Restriction
from tickets.services import customer_message_add, ticket_change


def _file(alice, message, **kwargs):
    return safety_report_file(
        reporter=alice, customer=message.ticket.customer, message=message, category="creepy_or_sexual", **kwargs
    )


def test_report_keeps_the_message_exactly_as_received(alice, creepy_message):
    report = _file(alice, creepy_message)
    original = creepy_message.body
    Message.objects.filter(pk=creepy_message.pk).update(body="(edited away)")
    report.refresh_from_db()
    assert report.evidence_body == original
    assert report.evidence_sha256 == hashlib.sha256(original.encode()).hexdigest()
    assert report.evidence_received_at == creepy_message.created_at
    assert report.status == ReportStatus.OPEN


def test_every_lead_is_emailed_at_once_without_the_customers_words(
    alice, carol, adam, creepy_message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _file(alice, creepy_message)
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == ["adam@home.example", "carol@home.example"]
    assert f"/leads/reports/{report.pk}/" in sent.body
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


def test_customers_cannot_report(dave, erin_ticket):
    with pytest.raises(PermissionDenied):
        safety_report_file(reporter=dave, customer=erin_ticket.customer, category="abusive")


def test_only_the_customers_own_message_can_be_evidence(alice, creepy_message, erin):
    with pytest.raises((ValidationError, PermissionDenied)):
        safety_report_file(reporter=alice, customer=erin.customer, message=creepy_message, category="abusive")


def test_unknown_category_is_refused(alice, creepy_message):
    with pytest.raises(ValidationError):
        safety_report_file(reporter=alice, customer=creepy_message.ticket.customer, category="rude")


@pytest.fixture
def report(alice, creepy_message):
    return _file(alice, creepy_message)


@pytest.mark.parametrize("who", ["alice", "bob", "cora", "dave"])
def test_only_leads_may_act(request, who, report):
    user = request.getfixturevalue(who)
    for action in (safety_restrict, safety_suspend, safety_lift, safety_close):
        with pytest.raises(PermissionDenied):
            action(report=report, lead=user)
    assert not SafetyAction.objects.exists()


def test_restrict_shields_the_reporter_and_returns_their_tickets_to_the_queue(carol, alice, report, dave_ticket):
    action = safety_restrict(report=report, lead=carol, note="Second incident")
    customer = dave_ticket.customer
    customer.refresh_from_db()
    dave_ticket.refresh_from_db()
    assert customer.restriction == Restriction.RESTRICTED
    assert customer.shielded_agents.filter(pk=alice.pk).exists()
    assert dave_ticket.assignee is None
    assert (action.kind, action.lead) == (ActionKind.RESTRICT, carol)
    assert action.data == {"previous": "none", "new": "restricted"}
    entry = AuditEntry.objects.get(action="safety.restrict")
    assert (entry.actor, entry.customer_id, entry.ticket_id) == (carol, customer.pk, report.ticket_id)
    assert (entry.target_type, entry.target_id) == ("escalation.safetyreport", str(report.pk))
    assert entry.data == {"safety_action": action.pk, "previous": "none", "new": "restricted"}
    filed = AuditEntry.objects.get(action="safety.report")
    assert (filed.actor, filed.customer_id) == (alice, customer.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.ACTIONED


def test_suspend_then_lift_is_reversible_and_each_step_recorded(carol, alice, report, dave_ticket):
    safety_suspend(report=report, lead=carol)
    dave_ticket.customer.refresh_from_db()
    message = customer_message_add(ticket=dave_ticket, customer=dave_ticket.customer, body="Still here.")
    assert message.suspended
    safety_lift(report=report, lead=carol, note="Apologised")
    dave_ticket.customer.refresh_from_db()
    assert dave_ticket.customer.restriction == Restriction.NONE
    assert dave_ticket.customer.shielded_agents.filter(pk=alice.pk).exists()  # the agent stays protected
    later = customer_message_add(ticket=dave_ticket, customer=dave_ticket.customer, body="Thanks.")
    assert not later.suspended
    assert list(report.actions.values_list("kind", flat=True)) == [ActionKind.SUSPEND, ActionKind.LIFT]


def test_reassign_refuses_the_shielded_reporter_and_accepts_a_colleague(carol, alice, cora, report, dave_ticket):
    safety_restrict(report=report, lead=carol)
    with pytest.raises(ValidationError):
        safety_reassign(report=report, lead=carol, assignee=alice)
    safety_reassign(report=report, lead=carol, assignee=cora)
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee == cora
    assert report.actions.filter(kind=ActionKind.REASSIGN, data__assignee=cora.pk).exists()


def test_warning_comes_from_the_queue_and_never_names_the_reporter(
    carol, report, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        safety_warn(report=report, lead=carol, template="conduct")
    sent = mail.outbox[-1]
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
        action = safety_warn(report=report, lead=carol, template="final")
    notification = Notification.objects.get()
    assert action.data == {"template": "final", "notification": notification.pk}
    assert (notification.kind, notification.customer, notification.ticket, notification.variant) == (
        "customer_warning", report.customer, report.ticket, "final"
    )
    assert notification.state == Notification.State.SENT
    assert [m.subject for m in mail.outbox] == ["Final notice about your messages to our team"]
    for callback in callbacks:  # a redelivered doorbell finds the row sent
        callback()
    assert len(mail.outbox) == 1


def test_rolled_back_warning_sends_nothing(carol, report, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        safety_warn(report=report, lead=carol, template="conduct")
        raise RuntimeError("something after the warning failed")
    assert not Notification.objects.exists()
    assert not report.actions.exists()
    assert mail.outbox == []


def test_unknown_warning_template_is_refused(carol, report):
    with pytest.raises(ValidationError):
        safety_warn(report=report, lead=carol, template="nope")
    assert not report.actions.exists()


def test_close_marks_the_report_closed(carol, report):
    safety_close(report=report, lead=carol, note="Handled by phone")
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED


def test_lead_of_another_queue_cannot_act(bob, erin_ticket, report):
    from agents.models import Role

    bob.staff.role = Role.LEAD
    bob.staff.save()
    with pytest.raises(PermissionDenied):
        safety_close(report=report, lead=bob)
    assert SafetyReport.objects.get(pk=report.pk).status == ReportStatus.OPEN
