"""A lead acknowledges while the ticket is being moved, each in their own connection: whichever lands first, the
new queue is told exactly when none of its leads has seen the item.

The move locks the ticket's active escalations before it reads their status, so it acts on an acknowledgement
committed while it waited, and an acknowledgement waiting behind it is refused (its lead no longer sees the item).
"""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections

from escalation.alerts import LEVEL_ALERT
from escalation.models import EntryKind, Escalation, Status
from escalation.services import escalation_acknowledge, escalation_raise
from tests.concurrency import held_then
from tickets.models import Notification, Ticket
from tickets.services import ticket_change

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_an_acknowledgement_waiting_on_a_move_is_refused_and_the_new_queue_told(
        dave_ticket, carol, lena, queue_b):
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    moving, acknowledging = held_then(
        lambda: ticket_change(ticket=Ticket.objects.get(pk=dave_ticket.pk), actor=carol, queue=queue_b),
        lambda: escalation_acknowledge(escalation=escalation, lead=lena),
    )
    connections.close_all()
    assert isinstance(moving, Ticket)
    assert isinstance(acknowledging, PermissionDenied)
    current = Escalation.objects.get(pk=escalation.pk)
    assert (current.queue_id, current.status, current.acknowledged_by) == (queue_b.pk, Status.OPEN, None)
    entry = current.entries.get(kind=EntryKind.MOVED)
    assert Notification.objects.filter(kind=LEVEL_ALERT, about_id=entry.pk).count() == entry.data["emails"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_move_waiting_on_an_acknowledgement_by_a_lead_of_both_queues_tells_nobody(dave_ticket, carol, queue_b):
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    acknowledging, moving = held_then(
        lambda: escalation_acknowledge(escalation=escalation, lead=carol),
        lambda: ticket_change(ticket=Ticket.objects.get(pk=dave_ticket.pk), actor=carol, queue=queue_b),
    )
    assert isinstance(moving, Ticket)
    assert not isinstance(acknowledging, Exception)
    connections.close_all()
    current = Escalation.objects.get(pk=escalation.pk)
    assert (current.queue_id, current.status, current.acknowledged_by) == (queue_b.pk, Status.ACKNOWLEDGED, carol)
    entry = current.entries.get(kind=EntryKind.MOVED)
    assert "emails" not in entry.data  # carol, who leads queue B too, has seen it
    assert not Notification.objects.filter(kind=LEVEL_ALERT).exists()
