import pytest

from tests.factories import published_reply_message
from tickets.models import Status
from tickets.services import ticket_change


@pytest.fixture
def answered(alice, dave_ticket):
    """dave's ticket with alice's published reply: the persona the survey credits."""
    persona = alice.staff.persona
    published_reply_message(ticket=dave_ticket, author=alice, body="We refunded the second charge.",
                            alias=persona.alias, avatar_seed=persona.avatar_seed)
    return dave_ticket


def solve(ticket, actor, reason=None):
    return ticket_change(ticket=ticket, actor=actor, status=Status.SOLVED, closure_reason=reason)
