import pytest

from tests.factories import MessageFactory


@pytest.fixture
def creepy_message(dave_ticket, alice):
    """A harassing message on dave's ticket, which alice is working."""
    dave_ticket.assignee = alice
    dave_ticket.save()
    return MessageFactory(ticket=dave_ticket, body="I know where you live, Harbor Wren. Send me a photo.")
