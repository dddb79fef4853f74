import pytest

from tests.factories import CustomerFactory, MessageFactory, TicketFactory, published_reply_message
from tickets.models import Channel


@pytest.fixture
def poster(db):
    """A customer who complained in public: their handle is public, their name and address are not."""
    return CustomerFactory(name="Priya Privatename", handle="@priya_p", emails=["priya@private.example"],
                           account_ids=["ACC-555111"])


@pytest.fixture
def public_ticket(poster, queue_a):
    ticket = TicketFactory(customer=poster, queue=queue_a, channel=Channel.SOCIAL, replies_public=True,
                           subject="Your app ate my playlist")
    MessageFactory(ticket=ticket, body="@tact your app ate my playlist again", is_public_post=True)
    return ticket


@pytest.fixture
def alice_public_reply(alice, public_ticket):
    persona = alice.staff.persona
    return published_reply_message(
        ticket=public_ticket, author=alice, body="Sorry about that, we are restoring it now.",
        alias=persona.alias, avatar_seed=persona.avatar_seed,
    )
