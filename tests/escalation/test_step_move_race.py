"""A level step and a ticket move at once, each in its own connection: neither waits on the other in a circle.

A step's outbox rows point at the ticket, and on PostgreSQL inserting a row with a foreign key takes a share
lock on the row it points at. A step that held the escalation's row and then asked for the ticket's would wait on
a move holding the ticket's row and waiting for the escalation's: a deadlock, and one of the two lost. The step
takes the ticket's row first, the order a raise and a move take them in.
"""
import threading
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connections

from escalation import alerts
from escalation.alerts import LEVEL_ALERT
from escalation.levels import escalation_step
from escalation.models import EntryKind, Escalation
from escalation.services import escalation_raise
from tests.concurrency import at_once, held_then, hold_until_someone_waits
from tests.conftest import clock_frozen
from tickets.models import Notification, Ticket
from tickets.services import ticket_change

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL"),
]

T0 = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_a_step_and_a_move_at_once_both_land(monkeypatch, dave_ticket, carol, lou, adam, queue_b):
    clock = clock_frozen(monkeypatch, T0)
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    stepping = threading.Event()
    recipients = alerts.level_recipients

    def held_recipients(*args, **kwargs):
        if not stepping.is_set():
            hold_until_someone_waits(stepping)  # the step has taken its locks; let the move queue behind them
        return recipients(*args, **kwargs)

    monkeypatch.setattr(alerts, "level_recipients", held_recipients)

    def step():
        return escalation_step(escalation=Escalation.objects.get(pk=escalation.pk), now=clock.at(minutes=5))

    def move():
        stepping.wait(10)
        ticket_change(ticket=Ticket.objects.get(pk=dave_ticket.pk), actor=carol, queue=queue_b)

    assert at_once(step, move) == [True, None]
    connections.close_all()
    current = Escalation.objects.get(pk=escalation.pk)
    assert (current.queue_id, current.level, current.steps) == (queue_b.pk, 2, 1)
    step_entry = current.entries.get(kind=EntryKind.ESCALATED)
    step_rows = Notification.objects.filter(kind=LEVEL_ALERT, about_id=step_entry.pk)
    assert [row.recipient for row in step_rows] == [carol]  # level 2 of queue A, the step's, before the move
    assert current.entries.filter(kind=EntryKind.MOVED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_step_that_waited_on_a_move_tells_the_new_queues_level(monkeypatch, dave_ticket, carol, lou, queue_b):
    clock = clock_frozen(monkeypatch, T0)
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    Escalation.objects.filter(pk=escalation.pk).update(steps=2, next_step_at=clock.at(minutes=15))  # level 1 next
    due = Escalation.objects.get(pk=escalation.pk)  # read before the move, as the beat's query does
    moving, stepping = held_then(
        lambda: ticket_change(ticket=Ticket.objects.get(pk=dave_ticket.pk), actor=carol, queue=queue_b),
        lambda: escalation_step(escalation=due, now=clock.now),
    )
    assert isinstance(moving, Ticket) and stepping is True
    connections.close_all()
    entry = Escalation.objects.get(pk=escalation.pk).entries.get(kind=EntryKind.ESCALATED)
    told = {row.recipient.username for row in Notification.objects.filter(kind=LEVEL_ALERT, about_id=entry.pk)}
    assert (entry.data["level"], told) == (1, {"carol", "lou"})  # queue B's leads; queue A has carol alone
