"""The alert email says what happened (raised, moved from one queue to another, a claim released by a move) and the
deadline it must meet next, overdue or not, in the recipient's language and time zone; people by persona only and
nothing of the customer's words."""
from datetime import UTC, datetime

import pytest
from django.core import mail

from escalation.alerts import LEVEL_ALERT
from escalation.models import EntryKind, Escalation
from escalation.services import escalation_claim, escalation_raise
from tests.conftest import clock_frozen
from tickets.models import Notification, Queue
from tickets.notifications import notification_send
from tickets.services import ticket_change

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
PRIVATE = ("Realname", "lena", "miss me", "Dave Customer", "dave@mail.example", "Charged twice")


@pytest.fixture
def clock(monkeypatch):
    return clock_frozen(monkeypatch, T0)


def _email_to(username: str, kind: EntryKind, escalation, marker: str) -> mail.EmailMessage:
    """The level alert about the `kind` entry sent to `username` (the urgent batch sends every row due)."""
    entry = Escalation.objects.get(pk=escalation.pk).entries.get(kind=kind)
    row = Notification.objects.get(kind=LEVEL_ALERT, about_id=entry.pk, recipient__username=username)
    notification_send(notification_id=row.pk, urgent=True)
    [sent] = [email for email in mail.outbox if email.to == [f"{username}@home.example"] and marker in email.subject]
    for private in PRIVATE:
        assert private not in sent.subject + sent.body
    return sent


def test_a_move_says_from_which_queue_to_which_and_by_when(clock, dave_ticket, dave_message, detection, carol, lou,
                                                          queue_b):
    raised = escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message, detection=detection)
    clock.at(minutes=2)
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
    sent = _email_to("lou", EntryKind.MOVED, raised, "moved")
    assert sent.subject == f"[Escalation] Self-harm on {dave_ticket.reference} moved from Billing to Technical"
    assert "This escalation moved from queue Billing to Technical. It needs a lead of Technical." in sent.body
    assert "Acknowledge by: 1 Mar 2026, 03:05 UTC" in sent.body and "overdue" not in sent.body
    assert "An escalation needs a lead." not in sent.body


def test_a_released_claim_says_why_and_that_resolving_is_overdue_in_german(clock, dave_ticket, lena, carol, lou,
                                                                         queue_b):
    lou.staff.language, lou.staff.time_zone = "de", "Europe/Berlin"
    lou.staff.save(update_fields=["language", "time_zone"])
    raised = escalation_raise(ticket=dave_ticket, category="self_harm")
    escalation_claim(escalation=raised, lead=lena)
    clock.at(hours=1, minutes=1)  # past resolve-by (1 h)
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
    sent = _email_to("lou", EntryKind.RELEASED, raised, "aufgehoben")
    assert sent.subject == (f"[Eskalation] Selbstverletzung bei {dave_ticket.reference}: Übernahme aufgehoben, "
                            "braucht eine Teamleitung (überfällig)")
    assert "ihr Ticket kam von der Warteschlange Billing nach Technical" in sent.body
    assert "Zu lösen bis: 1 Mär 2026, 05:00 CET" in sent.body
    assert "Diese Frist ist verstrichen: überfällig." in sent.body
    english = _email_to("carol", EntryKind.RELEASED, raised, "released")
    assert english.subject.endswith(": claim released, it needs a lead (overdue)")
    assert "its ticket moved from queue Billing to Technical, which the lead who claimed it does not lead" in (
        english.body)
    assert "Resolve by: 1 Mar 2026, 04:00 UTC" in english.body and "it is overdue" in english.body


def test_a_released_claim_names_the_queues_as_they_were_like_the_move_it_came_with(clock, dave_ticket, lena, carol,
                                                                                   lou, queue_b):
    raised = escalation_raise(ticket=dave_ticket, category="self_harm")
    escalation_claim(escalation=raised, lead=lena)
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
    Queue.objects.filter(pk=queue_b.pk).update(name="Platform")  # renamed before the worker sends
    released = Escalation.objects.get(pk=raised.pk).entries.get(kind=EntryKind.RELEASED)
    assert (released.data["moved"]["from_name"], released.data["moved"]["to_name"]) == ("Billing", "Technical")
    sent = _email_to("lou", EntryKind.RELEASED, raised, "released")
    assert "its ticket moved from queue Billing to Technical" in sent.body and "Platform" not in sent.body
