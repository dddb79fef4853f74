"""The ticket's SLA clocks as the services move them: opening, pause while pending, first response stopped only
by a published reply, next response per customer message, resolution at solved; policy precedence."""
from datetime import UTC, date, datetime, timedelta

import pytest

from redaction import gate
from redaction import worker as gate_worker
from tests.factories import TicketFactory, published_reply_message
from tickets import intake, services
from tickets.models import CLOSED_STATUSES, Channel, Priority, Status, Ticket, TicketEvent
from tickets.sla.clocks import DUE_AT_ANSWERED, due_at_refresh, policy_for
from tickets.sla.models import ANY_PRIORITY, SlaPolicy

pytestmark = pytest.mark.django_db


def open_ticket(customer, queue, *, priority=Priority.NORMAL, channel=None):
    return intake.ticket_open(customer=customer, subject="Refund", body="Please refund me.", queue=queue,
                              priority=priority, channel=channel)


def row(ticket) -> Ticket:
    return Ticket.objects.get(pk=ticket.pk)


def test_default_policies_keep_the_old_targets_by_priority(clock, dave, queue_a):
    for priority, first, resolution in [(Priority.URGENT, 1, 8), (Priority.HIGH, 4, 24),
                                        (Priority.NORMAL, 8, 72), (Priority.LOW, 24, 168)]:
        ticket = open_ticket(dave.customer, queue_a, priority=priority)
        assert ticket.first_response_due == clock.now + timedelta(hours=first)
        assert ticket.resolution_due == clock.now + timedelta(hours=resolution)
        assert row(ticket).sla_due_at == ticket.first_response_due


def test_targets_count_business_minutes_of_the_policys_calendar(clock, dave, queue_a, office):
    SlaPolicy.objects.create(queue=queue_a, calendar=office, first_response_minutes=60,
                             next_response_minutes=60, resolution_minutes=16 * 60)
    clock.now = datetime(2026, 3, 6, 16, 30, tzinfo=UTC)  # Friday afternoon
    ticket = open_ticket(dave.customer, queue_a)
    assert ticket.first_response_due == datetime(2026, 3, 9, 9, 30, tzinfo=UTC)
    assert ticket.resolution_due == datetime(2026, 3, 10, 16, 30, tzinfo=UTC)


def test_pending_pauses_the_clocks_and_moves_them_by_the_pause(clock, dave, queue_a, alice):
    ticket = open_ticket(dave.customer, queue_a, priority=Priority.URGENT)  # first response due 10:00
    clock.advance(minutes=10)
    services.ticket_change(ticket=ticket, actor=alice, status=Status.PENDING)
    paused = row(ticket)
    assert (paused.sla_paused_at, paused.sla_due_at) == (clock.now, None)

    clock.advance(hours=2)  # past the old deadline, but the ticket waited on the customer
    services.customer_message_add(ticket=ticket, customer=dave.customer, body="Here are the details.")
    resumed = row(ticket)
    assert resumed.status == Status.OPEN and resumed.sla_paused_at is None
    assert resumed.first_response_due == datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # 10:00 + the 2 h pause
    assert resumed.resolution_due == datetime(2026, 3, 2, 19, 0, tzinfo=UTC)
    assert resumed.sla_due_at == resumed.first_response_due
    assert resumed.sla_paused_minutes == 120


def test_a_pause_over_a_weekend_and_a_holiday_moves_deadlines_by_business_time_only(
    clock, dave, queue_a, alice, office
):
    """Office hours Mon–Fri 09:00–17:00 UTC, Monday 9 March a holiday. Opened Friday 16:30 with 60 min to a
    first response: 30 min on Friday, none on the holiday, due Tuesday 09:30. Pending from Friday 16:45 until
    the customer answers Tuesday 10:00: the pause lasted 15 + 60 business minutes, not four days."""
    office.holidays.create(date=date(2026, 3, 9), name="Spring holiday")
    SlaPolicy.objects.create(queue=queue_a, calendar=office, first_response_minutes=60,
                             next_response_minutes=60, resolution_minutes=16 * 60)
    clock.now = datetime(2026, 3, 6, 16, 30, tzinfo=UTC)
    ticket = open_ticket(dave.customer, queue_a)
    assert ticket.first_response_due == datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    assert ticket.resolution_due == datetime(2026, 3, 11, 16, 30, tzinfo=UTC)  # 30 + 480 + 450 minutes

    clock.advance(minutes=15)
    services.ticket_change(ticket=ticket, actor=alice, status=Status.PENDING)
    clock.now = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # past the first deadline in wall time
    services.customer_message_add(ticket=ticket, customer=dave.customer, body="Here is the invoice number.")
    resumed = row(ticket)
    assert resumed.sla_paused_minutes == 75
    assert resumed.first_response_due == datetime(2026, 3, 10, 10, 45, tzinfo=UTC)  # 45 min were left
    assert resumed.resolution_due == datetime(2026, 3, 12, 9, 45, tzinfo=UTC)  # 945 min were left
    assert resumed.sla_due_at == resumed.first_response_due


def test_a_deadline_passed_before_the_pause_stays_breached(clock, dave, queue_a, alice):
    ticket = open_ticket(dave.customer, queue_a, priority=Priority.URGENT)
    clock.advance(hours=2)
    services.ticket_change(ticket=ticket, actor=alice, status=Status.PENDING)
    clock.advance(hours=1)
    services.ticket_change(ticket=ticket, actor=alice, status=Status.OPEN)
    assert row(ticket).first_response_due == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_a_held_reply_does_not_stop_the_first_response_clock(clock, dave, queue_a, alice, monkeypatch):
    monkeypatch.setattr("redaction.doorbell.enqueue_scan", lambda version_id: True)
    ticket = open_ticket(dave.customer, queue_a, channel=Channel.SOCIAL)
    due = ticket.first_response_due
    version = gate.reply_submit(ticket=ticket, author=alice,
                                body="We will call you back on +1 415 555 0134 today.")
    gate_worker.reply_scan(version_id=version.pk)
    version.refresh_from_db()
    assert version.status == "held"
    held = row(ticket)
    assert (held.first_responded_at, held.sla_due_at) == (None, due)

    clock.advance(minutes=5)
    gate_worker.reply_scan(version_id=gate.reply_submit(
        ticket=ticket, author=alice, body="Thanks, we are looking into it now.").pk)
    answered = row(ticket)
    assert answered.first_responded_at == clock.now
    assert answered.sla_due_at == answered.resolution_due  # only the resolution clock runs


def test_next_response_starts_at_each_customer_message_after_a_reply(clock, dave, queue_a, alice):
    ticket = open_ticket(dave.customer, queue_a, priority=Priority.HIGH)  # targets 4 h / 4 h / 24 h
    published_reply_message(ticket=ticket, author=alice, body="Looking into it.")
    clock.advance(hours=1)
    services.customer_message_add(ticket=ticket, customer=dave.customer, body="Any news?")
    waiting = row(ticket)
    assert waiting.next_response_due == clock.now + timedelta(hours=4)
    assert waiting.sla_due_at == waiting.next_response_due

    clock.advance(hours=1)
    services.customer_message_add(ticket=ticket, customer=dave.customer, body="Hello?")
    assert row(ticket).next_response_due == waiting.next_response_due  # the earlier deadline stands

    clock.advance(hours=5)  # 6 h after the first unanswered message: late
    published_reply_message(ticket=ticket, author=alice, body="Sorry for the wait.")
    answered = row(ticket)
    assert answered.next_response_due is None and answered.sla_due_at == answered.resolution_due
    outcome = TicketEvent.objects.get(ticket=ticket, kind="sla_next_response")
    assert outcome.data == {"met": False}


def test_a_customer_writing_to_a_paused_answered_ticket_reads_the_policy_once(clock, dave, queue_a, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ticket = open_ticket(dave.customer, queue_a, priority=Priority.HIGH)  # targets 4 h / 4 h / 24 h
    published_reply_message(ticket=ticket, author=alice, body="Could you send the invoice number?")
    services.ticket_change(ticket=ticket, actor=alice, status=Status.PENDING)
    clock.advance(hours=1)
    with CaptureQueriesContext(connection) as queries:
        services.customer_message_add(ticket=ticket, customer=dave.customer, body="It is 4471.")
    resumed = row(ticket)
    assert resumed.sla_paused_at is None and resumed.sla_paused_minutes == 60
    assert resumed.next_response_due == clock.now + timedelta(hours=4)
    assert sum('"tickets_slapolicy"' in q["sql"] for q in queries.captured_queries) == 1


def test_solving_stops_the_resolution_clock_and_reopening_runs_it_again(clock, dave, queue_a, alice):
    ticket = open_ticket(dave.customer, queue_a, priority=Priority.URGENT)
    published_reply_message(ticket=ticket, author=alice, body="Refunded.")
    clock.advance(hours=1)
    services.ticket_change(ticket=ticket, actor=alice, status=Status.SOLVED)
    solved = row(ticket)
    assert solved.sla_due_at is None and solved.solved_at == clock.now
    clock.advance(hours=3)
    services.customer_message_add(ticket=ticket, customer=dave.customer, body="It came back.")
    reopened = row(ticket)
    assert reopened.resolution_due == datetime(2026, 3, 2, 20, 0, tzinfo=UTC)  # 17:00 + the 3 h solved
    assert reopened.sla_due_at == min(reopened.resolution_due, reopened.next_response_due)


def test_a_priority_change_follows_the_new_policy_counting_pauses(clock, dave, queue_a, alice):
    ticket = open_ticket(dave.customer, queue_a, priority=Priority.LOW)
    services.ticket_change(ticket=ticket, actor=alice, status=Status.PENDING)
    clock.advance(minutes=30)
    services.ticket_change(ticket=ticket, actor=alice, status=Status.OPEN)
    services.ticket_change(ticket=ticket, actor=alice, priority=Priority.URGENT)
    changed = row(ticket)
    assert changed.first_response_due == datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
    assert changed.sla_due_at == changed.first_response_due


def test_the_most_specific_policy_wins(queue_a, queue_b, around_the_clock):
    def policy(**fields):
        return SlaPolicy.objects.create(calendar=around_the_clock, first_response_minutes=5,
                                        next_response_minutes=5, resolution_minutes=5, **fields)

    default = SlaPolicy.objects.get(queue=None, priority=ANY_PRIORITY, channel="")
    urgent = SlaPolicy.objects.get(queue=None, priority=Priority.URGENT, channel="")
    billing = policy(queue=queue_a)
    billing_email = policy(queue=queue_a, channel=Channel.EMAIL)
    urgent_phone = policy(priority=Priority.URGENT, channel=Channel.PHONE)
    billing_urgent = policy(queue=queue_a, priority=Priority.URGENT)

    def best(queue, priority, channel):
        return policy_for(queue_id=queue.pk, priority=priority, channel=channel)

    assert best(queue_b, Priority.URGENT, Channel.EMAIL) == urgent
    assert best(queue_b, Priority.URGENT, Channel.PHONE) == urgent_phone  # two named beat one
    assert best(queue_a, Priority.NORMAL, Channel.PORTAL) == billing
    assert best(queue_a, Priority.NORMAL, Channel.EMAIL) == billing_email
    assert best(queue_a, Priority.URGENT, Channel.PHONE) == billing_urgent  # two each: queue beats channel
    SlaPolicy.objects.filter(priority=Priority.NORMAL, queue=None).delete()
    assert best(queue_b, Priority.NORMAL, Channel.EMAIL) == default


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("paused", [False, True])
@pytest.mark.parametrize("has_resolution", [False, True])
def test_the_publications_sql_runs_the_clocks_due_at_refresh_runs(clock, dave, queue_a, status, paused,
                                                                  has_resolution):
    """`DUE_AT_ANSWERED` (one UPDATE for a batch of publications) is `due_at_refresh` once both response clocks
    have stopped."""
    ticket = TicketFactory(customer=dave.customer, queue=queue_a, status=status,
                           first_responded_at=clock.now, next_response_due=None,
                           resolution_due=clock.now + timedelta(hours=3) if has_resolution else None,
                           sla_paused_at=clock.now - timedelta(hours=1) if paused else None)
    Ticket.objects.filter(pk=ticket.pk).update(sla_due_at=DUE_AT_ANSWERED)
    due_at_refresh(ticket)
    assert row(ticket).sla_due_at == ticket.sla_due_at
    assert (ticket.sla_due_at is not None) == (has_resolution and not paused and status not in CLOSED_STATUSES)
