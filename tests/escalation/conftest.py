import pytest

from agents.models import Role
from escalation.services import escalation_raise
from tests.conftest import _staff
from tests.factories import MessageFactory


@pytest.fixture
def lou(queue_b):
    """A second team lead, of queue B only: leads nothing in queue A (dave's ticket)."""
    return _staff("lou", "Louise Realname", Role.LEAD, "Grey Heron", [queue_b])


@pytest.fixture
def dave_message(dave_ticket):
    return MessageFactory(ticket=dave_ticket, body="I can't do this anymore. Nobody would miss me.")


@pytest.fixture
def detection():
    return {"category": "self_harm", "score": 0.93, "spans": [[0, 25]], "triggers": ["can't do this anymore"]}


@pytest.fixture
def raised(dave_ticket, dave_message, detection):
    """A self-harm escalation on dave's ticket (queue A), raised by the detector."""
    return escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message, detection=detection)
