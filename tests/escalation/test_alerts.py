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
    monkeypatch.setattr(notifications, "_enqueue", lambda pk: calls.append(pk) or True)
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
