"""The inbox's SLA badges, overdue rows and SLA filter, for a set of tickets in every clock state (running on
office hours, paused, resumed, solved, at each edge of the warning window), at several moments: compared with
the per-row rules the inbox used before it read the state from its query (`reference_badge`)."""
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from tests.factories import TicketFactory
from tickets import intake, services
from tickets.inbox_rows import inbox_rows
from tickets.models import Status, Ticket
from tickets.selectors import InboxQuery, inbox_tickets
from tickets.sla.clocks import breached
from tickets.sla.display import DueBands, sla_state, span
from tickets.sla.models import SlaPolicy

pytestmark = pytest.mark.django_db

WINDOW = timedelta(minutes=60)  # TACT_SLA_WARNING_MINUTES' default
FRIDAY_AFTERNOON = datetime(2026, 3, 6, 16, 30, tzinfo=UTC)


def reference_badge(t: Ticket, now: datetime) -> tuple:
    """The inbox's badge and overdue flag as each row computed them in Python (kept as the reference)."""
    overdue = t.is_open and t.sla_due_at is not None and t.sla_due_at < now
    if t.sla_due_at is None:
        return (("paused", "SLA paused", None) if t.sla_paused_at and t.is_open else None), overdue
    left = t.sla_due_at - now
    if left < timedelta(0):
        return ("breached", f"Breached {span(-left)} ago", t.sla_due_at), overdue
    return ("warning" if left <= WINDOW else "running", f"Due in {span(left)}", t.sla_due_at), overdue


@pytest.fixture
def story(clock, alice, dave, queue_a, office):
    """Tickets on an office-hours policy (first response 1 h, resolution 8 h of business time), taken through
    the services, plus rows whose deadline sits on each edge of the warning window at the clock's time."""
    SlaPolicy.objects.create(queue=queue_a, calendar=office, first_response_minutes=60, next_response_minutes=60,
                             resolution_minutes=480)
    customer = dave.customer

    def opened(subject):
        return intake.ticket_open(customer=customer, subject=subject, body="Help, please.", queue=queue_a)

    clock.now = FRIDAY_AFTERNOON
    opened("Over the weekend")  # 30 business minutes on Friday, the other 30 on Monday from 09:00
    clock.now = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # Monday
    running, paused, resumed, solved, late = (opened(s) for s in ("Running", "Paused", "Resumed", "Solved", "Late"))
    clock.advance(minutes=10)
    for ticket in (paused, resumed):
        services.ticket_change(ticket=ticket, actor=alice, status=Status.PENDING)
    services.ticket_change(ticket=solved, actor=alice, status=Status.SOLVED)
    clock.advance(minutes=40)
    services.customer_message_add(ticket=resumed, customer=customer, body="Here are the details.")
    services.ticket_change(ticket=late, actor=alice, status=Status.ON_HOLD)
    clock.advance(minutes=45)  # late's first response (10:00) is 35 minutes gone
    now = clock.now
    for offset in (timedelta(0), WINDOW, WINDOW + timedelta(microseconds=1), -timedelta(microseconds=1),
                   WINDOW - timedelta(seconds=59)):
        TicketFactory(customer=customer, queue=queue_a, sla_due_at=now + offset)
    TicketFactory(customer=customer, queue=queue_a, first_response_due=None, sla_due_at=None)  # no policy
    TicketFactory(customer=customer, queue=queue_a, status=Status.CLOSED, sla_due_at=None, sla_paused_at=now)
    return now


MOMENTS = [timedelta(0), timedelta(minutes=20), timedelta(hours=3), timedelta(days=3)]


@pytest.mark.parametrize("later", MOMENTS)
def test_badges_and_overdue_rows_are_the_per_row_rules(clock, alice, story, later):
    clock.now = story + later
    tickets = list(inbox_tickets(user=alice, query=InboxQuery(view="all")))
    assert len(tickets) == 13
    rows = {row.reference: row for row in inbox_rows(tickets, viewer=alice, now=clock.now)}
    for ticket in Ticket.objects.all():
        row = rows[ticket.reference]
        shown = (row.sla.state, row.sla.text, row.sla.due) if row.sla else None
        assert (shown, row.overdue) == reference_badge(ticket, clock.now), ticket.subject
    states = {row.sla.state for row in rows.values() if row.sla}
    if later == timedelta(0):
        assert states == {"running", "warning", "breached", "paused"}


@pytest.mark.parametrize("later", MOMENTS)
@pytest.mark.parametrize(("sla", "state"), [("breached", "breached"), ("soon", "warning")])
def test_the_sla_filter_shows_exactly_the_rows_with_that_badge(clock, alice, story, later, sla, state):
    clock.now = story + later
    every = inbox_rows(list(inbox_tickets(user=alice, query=InboxQuery(view="all"))), viewer=alice, now=clock.now)
    filtered = inbox_tickets(user=alice, query=InboxQuery(view="all", sla=sla))
    assert {t.reference for t in filtered} == {row.reference for row in every if row.sla and row.sla.state == state}


EDGES = [-timedelta(days=2), -timedelta(microseconds=1), timedelta(0), timedelta(microseconds=1),
         timedelta(minutes=59, seconds=59), timedelta(minutes=60), timedelta(minutes=60, microseconds=1),
         timedelta(days=2)]


@pytest.mark.parametrize("warning_minutes", [60, 15])
def test_a_deadlines_state_is_the_same_in_python_and_in_sql(clock, dave, queue_a, settings, warning_minutes):
    """`DueBands.state` (the ticket page's clocks) and `DueBands.q` (the inbox's query) read one table of bands;
    they agree on every edge of it, and `breached` (the paused clocks, the leads' dashboard) on its first band."""
    settings.TACT_SLA = {"WARNING_MINUTES": warning_minutes}
    bands = DueBands.at(clock.now)
    window = timedelta(minutes=warning_minutes)
    dues = sorted({clock.now + edge for edge in EDGES} | {clock.now + window + d for d in (
        -timedelta(microseconds=1), timedelta(0), timedelta(microseconds=1))})
    for due in dues:
        TicketFactory(customer=dave.customer, queue=queue_a, sla_due_at=due)
    for state in ("breached", "warning", "running"):
        in_sql = set(Ticket.objects.filter(bands.q(state)).values_list("sla_due_at", flat=True))
        assert in_sql == {due for due in dues if bands.state(due) == state}, state
    annotated = dict(Ticket.objects.annotate(state=sla_state(clock.now)).values_list("sla_due_at", "state"))
    assert annotated == {due: bands.state(due) for due in dues}
    assert {due for due in dues if breached(due, clock.now)} == {due for due in dues if bands.state(due) == "breached"}
    assert bands.state(clock.now + window) == "warning" and bands.state(clock.now) == "warning"
    assert bands.state(clock.now - timedelta(microseconds=1)) == "breached"


def test_the_inbox_reads_as_many_queries_for_any_number_of_sla_states(client, alice, clock, story,
                                                                       django_assert_max_num_queries):
    client.force_login(alice)
    counts = {}
    for extra in (0, 20):
        TicketFactory.create_batch(extra, queue=Ticket.objects.first().queue, sla_due_at=clock.now)
        for params in ({"view": "all"}, {"view": "all", "sla": "breached"}, {"view": "all", "sla": "soon"}):
            with django_assert_max_num_queries(13) as captured:
                assert client.get(reverse("inbox"), params).status_code == 200
            counts[extra, params.get("sla", "")] = len(captured.captured_queries)
    assert {key[1]: n for key, n in counts.items() if key[0] == 0} == {
        key[1]: n for key, n in counts.items() if key[0] == 20}
