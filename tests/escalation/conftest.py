import pytest

from agents.models import Role
from escalation.services import escalation_raise
from tests.conftest import _staff
from tickets.webhooks.models import WebhookSubscription


@pytest.fixture
def lou(queue_b):
    """A second team lead, of queue B only: leads nothing in queue A (dave's ticket)."""
    return _staff("lou", "Louise Realname", Role.LEAD, "Grey Heron", [queue_b])


@pytest.fixture
def raised(dave_ticket, dave_message, detection):
    """A self-harm escalation on dave's ticket (queue A), raised by the detector."""
    return escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message, detection=detection)


@pytest.fixture
def lena(queue_a):
    """A lead of queue A only: cannot see an escalation once its ticket is in queue B."""
    return _staff("lena", "Lena Realname", Role.LEAD, "Tide Pool", [queue_a])


@pytest.fixture
def chat(db):
    """The leads' chat tool, subscribed to raised escalations."""
    return WebhookSubscription.objects.create(name="Leads' chat", url="https://chat.example/hook",
                                              events=["escalation.raised"])
