"""A lead claims while the ticket is being moved out of their queues, each in their own connection.

The claim's scope check reads the queue as committed (still theirs); its conditional update then waits on the
row the move holds. When the move commits, PostgreSQL re-checks the update's condition on the moved row: the
claim must not land on an item its lead can no longer see.
"""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections

from escalation.models import Escalation, Status
from escalation.services import escalation_claim, escalation_raise
from tests.concurrency import held_then
from tickets.models import Ticket
from tickets.services import ticket_change

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL"),
]


@pytest.mark.django_db(transaction=True)
def test_a_claim_waiting_on_a_move_out_of_the_leads_queues_is_refused(dave_ticket, carol, lena, queue_b):
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    moving, claiming = held_then(  # the claim is queued behind the move
        lambda: ticket_change(ticket=Ticket.objects.get(pk=dave_ticket.pk), actor=carol, queue=queue_b),
        lambda: escalation_claim(escalation=escalation, lead=lena),
    )
    connections.close_all()
    assert isinstance(moving, Ticket)
    assert isinstance(claiming, PermissionDenied)
    current = Escalation.objects.get(pk=escalation.pk)
    assert (current.queue_id, current.status, current.claimed_by) == (queue_b.pk, Status.OPEN, None)
