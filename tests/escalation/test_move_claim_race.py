"""A lead claims while the ticket is being moved out of their queues, each in their own connection.

The claim's scope check reads the queue as committed (still theirs); its conditional update then waits on the
row the move holds. When the move commits, PostgreSQL re-checks the update's condition on the moved row: the
claim must not land on an item its lead can no longer see.
"""
import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections, transaction

from agents.models import Role
from escalation.models import Escalation, Status
from escalation.services import escalation_claim, escalation_raise
from tests.concurrency import at_once, hold_until_someone_waits
from tests.conftest import _staff
from tickets.models import Ticket
from tickets.services import ticket_change

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_a_claim_waiting_on_a_move_out_of_the_leads_queues_is_refused(dave_ticket, carol, queue_a, queue_b):
    lena = _staff("lena", "Lena Realname", Role.LEAD, "Tide Pool", [queue_a])
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    moved = threading.Event()

    def move():
        with transaction.atomic():
            ticket_change(ticket=Ticket.objects.get(pk=dave_ticket.pk), actor=carol, queue=queue_b)
            hold_until_someone_waits(moved)  # the claim is queued behind us

    def claim():
        moved.wait(10)
        return escalation_claim(escalation=escalation, lead=lena)

    moving, claiming = at_once(move, claim)
    connections.close_all()
    assert moving is None
    assert isinstance(claiming, PermissionDenied)
    current = Escalation.objects.get(pk=escalation.pk)
    assert (current.queue_id, current.status, current.claimed_by) == (queue_b.pk, Status.OPEN, None)
