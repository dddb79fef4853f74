"""Two beat sweeps at the same moment, and a customer's reply racing the closing sweep, on PostgreSQL: one
reminder, one closure, and the customer's message wins."""
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tests.concurrency import at_once
from tests.factories import published_reply_message
from tickets.closure_sweep import closures_sweep
from tickets.models import ClosureReason, Notification, Status, Ticket, TicketEvent
from tickets.notifications import INFO_REMINDER
from tickets.services import customer_message_add

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL"),
]
ASK = "I'm sorry about this. Could you send us your order number so we can look into it?"


@pytest.fixture
def waiting(alice, dave_ticket):
    with transaction.atomic():  # the gate's rows and the message commit together, as publication does
        published_reply_message(ticket=dave_ticket, author=alice, body=ASK, alias="Harbor Wren")
    dave_ticket.refresh_from_db()
    return dave_ticket


@pytest.mark.django_db(transaction=True)
def test_sweeps_at_once_remind_once_and_close_once(waiting):
    later = timezone.now() + timedelta(hours=73)
    results = at_once(*[lambda: closures_sweep(now=later)] * 4)
    assert sum(r["reminded"] for r in results) == 1, results
    assert Notification.objects.filter(kind=INFO_REMINDER).count() == 1
    closing = later + timedelta(hours=97)
    results = at_once(*[lambda: closures_sweep(now=closing)] * 4)
    assert sum(r["closed"] for r in results) == 1, results
    assert TicketEvent.objects.filter(ticket=waiting, kind="closure").count() == 1
    assert Ticket.objects.get(pk=waiting.pk).closure_reason == ClosureReason.NO_DETAILS


@pytest.mark.django_db(transaction=True)
def test_a_customer_reply_racing_the_closing_sweep_is_never_lost(waiting, dave):
    closures_sweep(now=timezone.now() + timedelta(hours=73))
    closing = timezone.now() + timedelta(hours=73 + 97)
    results = at_once(
        lambda: closures_sweep(now=closing),
        lambda: customer_message_add(ticket=Ticket.objects.get(pk=waiting.pk), customer=dave.customer,
                                     body="Here is my order number: 12345."),
    )
    assert not any(isinstance(r, BaseException) for r in results), results
    ticket = Ticket.objects.get(pk=waiting.pk)
    # Either the sweep closed first and the message reopened the ticket, or the message stopped the countdown.
    assert (ticket.status, ticket.closure_reason, ticket.awaiting_info_since) == (Status.OPEN, "", None)
