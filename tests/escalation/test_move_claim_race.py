"""A lead claims while the ticket is being moved out of their queues, each in their own connection.

The claim's scope check reads the queue as committed (still theirs); its conditional update then waits on the
row the move holds. When the move commits, PostgreSQL re-checks the update's condition on the moved row: the
claim must not land on an item its lead can no longer see.
"""
import threading
import time

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, connections, transaction

from agents.models import Role
from escalation.models import Escalation, Status
from escalation.services import escalation_claim, escalation_raise
from tests.concurrency import at_once
from tests.conftest import _staff
from tickets.models import Ticket
from tickets.services import ticket_change

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL"),
]


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity"
                       " WHERE wait_event_type = 'Lock' AND datname = current_database()")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_claim_waiting_on_a_move_out_of_the_leads_queues_is_refused(dave_ticket, carol, queue_a, queue_b):
    lena = _staff("lena", "Lena Realname", Role.LEAD, "Tide Pool", [queue_a])
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    moved = threading.Event()

    def move():
        with transaction.atomic():
            ticket_change(ticket=Ticket.objects.get(pk=dave_ticket.pk), actor=carol, queue=queue_b)
            moved.set()
            deadline = time.monotonic() + 10
            while not _waiting_on_a_lock() and time.monotonic() < deadline:  # the claim is queued behind us
                time.sleep(0.02)

    def claim():
        moved.wait(10)
        return escalation_claim(escalation=escalation, lead=lena)

    moving, claiming = at_once(move, claim)
    connections.close_all()
    assert moving is None
    assert isinstance(claiming, PermissionDenied)
    current = Escalation.objects.get(pk=escalation.pk)
    assert (current.queue_id, current.status, current.claimed_by) == (queue_b.pk, Status.OPEN, None)
