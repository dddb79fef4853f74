"""Fixtures for the inbox and ticket page: a signed-in agent and a spread of tickets in queue A."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import CustomerFactory, MessageFactory, TicketFactory
from tickets.models import Channel, Priority, Status


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def spread(alice, queue_a, queue_b):
    """Tickets in queue A that differ in one field each, plus one in queue B alice must never see."""
    now = timezone.now()

    def make(subject, **fields):
        fields.setdefault("queue", queue_a)
        ticket = TicketFactory(subject=subject, **fields)
        MessageFactory(ticket=ticket, body=fields.pop("body", f"Body of {subject}."))
        return ticket

    return {
        "mine": make("Invoice missing", assignee=alice, priority=Priority.HIGH, updated_at=now - timedelta(hours=1),
                     first_response_due=now + timedelta(hours=5)),
        "urgent": make("Card declined", priority=Priority.URGENT, channel=Channel.PHONE,
                       updated_at=now - timedelta(hours=3), first_response_due=now - timedelta(hours=1)),
        "solved": make("Old refund", status=Status.SOLVED, updated_at=now - timedelta(days=2),
                       first_response_due=None),
        "pending": make("Waiting on customer", status=Status.PENDING, updated_at=now - timedelta(minutes=5),
                        first_response_due=now + timedelta(hours=1)),
        "other_queue": make("Technical secret", queue=queue_b, customer=CustomerFactory(handle="@tech")),
    }
