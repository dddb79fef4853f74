"""A lead acknowledges while the ticket is being moved, each in their own connection: whichever lands first, the
new queue is told exactly when none of its leads has seen the item.

The move locks the ticket's active escalations before it reads their status, so it acts on an acknowledgement
committed while it waited, and an acknowledgement waiting behind it is refused (its lead no longer sees the item).
"""
import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction

from agents.models import Role
from escalation.alerts import LEVEL_ALERT
from escalation.models import EntryKind, Escalation, Status
from escalation.services import escalation_acknowledge, escalation_raise
from tests.concurrency import at_once, hold_until_someone_waits
from tests.conftest import _staff
from tickets.models import Notification, Ticket
from tickets.services import ticket_change

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_an_acknowledgement_waiting_on_a_move_is_refused_and_the_new_queue_told(
        dave_ticket, carol, queue_a, queue_b):
    lena = _staff("lena", "Lena Realname", Role.LEAD, "Tide Pool", [queue_a])
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    moved = threading.Event()

    def move():
        with transaction.atomic():
            ticket_change(ticket=Ticket.objects.get(pk=dave_ticket.pk), actor=carol, queue=queue_b)
            hold_until_someone_waits(moved)

    def acknowledge():
        moved.wait(10)
        return escalation_acknowledge(escalation=escalation, lead=lena)

    moving, acknowledging = at_once(move, acknowledge)
    connections.close_all()
    assert moving is None
    assert isinstance(acknowledging, PermissionDenied)
    current = Escalation.objects.get(pk=escalation.pk)
    assert (current.queue_id, current.status, current.acknowledged_by) == (queue_b.pk, Status.OPEN, None)
    entry = current.entries.get(kind=EntryKind.MOVED)
    assert Notification.objects.filter(kind=LEVEL_ALERT, about_id=entry.pk).count() == entry.data["emails"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_move_waiting_on_an_acknowledgement_by_a_lead_of_both_queues_tells_nobody(dave_ticket, carol, queue_b):
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    acknowledged = threading.Event()

    def acknowledge():
        with transaction.atomic():
            escalation_acknowledge(escalation=escalation, lead=carol)
            hold_until_someone_waits(acknowledged)

    def move():
        acknowledged.wait(10)
        ticket_change(ticket=Ticket.objects.get(pk=dave_ticket.pk), actor=carol, queue=queue_b)

    assert at_once(acknowledge, move) == [None, None]
    connections.close_all()
    current = Escalation.objects.get(pk=escalation.pk)
    assert (current.queue_id, current.status, current.acknowledged_by) == (queue_b.pk, Status.ACKNOWLEDGED, carol)
    entry = current.entries.get(kind=EntryKind.MOVED)
    assert "emails" not in entry.data  # carol, who leads queue B too, has seen it
    assert not Notification.objects.filter(kind=LEVEL_ALERT).exists()
