import pytest

from tests.factories import published_reply_message


@pytest.fixture
def published_reply(alice, dave_ticket):
    """A reply alice published as her persona, as the reply gate's publish step writes it."""
    persona = alice.staff.persona
    persona.signature = "Harbor Wren, Billing team"
    persona.save()
    return published_reply_message(
        ticket=dave_ticket, author=alice, body="We refunded the second charge today.",
        alias=persona.alias, avatar_seed=persona.avatar_seed, signature=persona.signature,
    )
