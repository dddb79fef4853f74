"""Lead alerts: one outbox row per lead of the queue, sent by the notify worker, never inside the request."""
import pytest
from django.core import mail

from agents.models import Role
from escalation.models import EntryKind
from escalation.services import escalation_raise
from tests.conftest import _staff
from tickets.models import Notification
from tickets.notifications import notification_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def rung(monkeypatch):
    from tickets import notifications

    calls: list[int] = []
    monkeypatch.setattr(notifications, "_enqueue", lambda pk, **kw: calls.append(pk) or True)
    return calls


def test_each_lead_of_the_queue_gets_one_row_and_nothing_is_sent_in_the_request(
    carol, lou, queue_a, dave_ticket, dave_message, rung, django_capture_on_commit_callbacks
):
    lena = _staff("lena", "Lena Realname", Role.LEAD, "Tide Pool", [queue_a])
    with django_capture_on_commit_callbacks(execute=True):
        escalation = escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message)
    rows = Notification.objects.filter(kind="escalation_alert")
    assert {row.recipient for row in rows} == {carol, lena}  # lou leads queue B only
    assert all(row.about_id == escalation.pk and row.state == "pending" for row in rows)
    assert mail.outbox == []
    assert len(rung) == 1  # one doorbell; the worker sends the rest in its batch
    assert escalation.entries.get(kind=EntryKind.ALERTED).data == {"emails": 2}


def test_the_worker_sends_each_alert_once_without_the_customers_words(carol, dave_ticket, dave_message, rung):
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message)
    row = Notification.objects.get(kind="escalation_alert")
    assert notification_send(notification_id=row.pk) is True
    assert notification_send(notification_id=row.pk) is False  # a redelivered doorbell sends nothing
    [sent] = mail.outbox
    assert sent.to == ["carol@home.example"]
    assert sent.subject == f"[Escalation] Self-harm on {dave_ticket.reference}"
    assert "Severity: Critical" in sent.body and "Raised by: the detector" in sent.body
    assert f"/leads/e/{escalation.pk}/" in sent.body
    assert "miss me" not in sent.body and "Dave" not in sent.body


def test_a_second_raise_does_not_alert_again(carol, raised, dave_ticket, rung):
    escalation_raise(ticket=dave_ticket, category="self_harm", note="again")
    assert Notification.objects.filter(kind="escalation_alert").count() == 1


def test_a_lead_demoted_before_sending_is_not_mailed(carol, raised, rung):
    row = Notification.objects.get(kind="escalation_alert")
    carol.staff.role = Role.AGENT
    carol.staff.save()
    with pytest.raises(Exception, match="no longer a lead"):
        notification_send(notification_id=row.pk)
    assert mail.outbox == []


def test_alerts_ring_the_urgent_sender_and_its_batches_take_only_urgent_rows(
    carol, lou, queue_a, dave_ticket, dave_message, monkeypatch, django_capture_on_commit_callbacks
):
    """A routine email waiting in the outbox is neither sent by the urgent worker nor sent ahead of an alert."""
    from tickets import notifications

    calls: list[tuple[int, bool]] = []
    monkeypatch.setattr(notifications, "_enqueue", lambda pk, urgent=False: calls.append((pk, urgent)) or True)
    routine = Notification.objects.create(kind="customer_warning", customer=dave_ticket.customer, ticket=dave_ticket,
                                          variant="conduct", subject="Please", body="Be kind.")
    lena = _staff("lena", "Lena Realname", Role.LEAD, "Tide Pool", [queue_a])
    with django_capture_on_commit_callbacks(execute=True):
        escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message)
    first, second = Notification.objects.filter(kind="escalation_alert").order_by("pk")
    assert calls == [(first.pk, True)]
    assert notification_send(notification_id=first.pk, urgent=True) is True
    assert sorted(m.to[0] for m in mail.outbox) == sorted([carol.email, lena.email])  # the batch took the other
    routine.refresh_from_db()
    second.refresh_from_db()
    assert (routine.state, second.state) == ("pending", "sent")


def test_an_urgent_alert_keeps_trying_a_minute_apart(carol, raised, rung):
    from tickets.notifications import backoff_seconds, max_attempts, notification_failure_record

    row = Notification.objects.get(kind="escalation_alert")
    assert max_attempts("escalation_alert") == 60 and max_attempts("reply_published") == 6
    assert [backoff_seconds(n, urgent=True) for n in (1, 2, 3, 10)] == [30, 60, 60, 60]
    for _ in range(10):
        notification_failure_record(notification_id=row.pk, error=OSError("down"), permanent=False)
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("pending", 10)  # a routine email would have failed after 6
