"""The SLA clocks of a ticket, kept as due-at timestamps on the ticket row so lists sort and filter by index.

Three clocks, each counted in its policy calendar's business time (`tickets.sla.businesstime`):
- first response: from the ticket's opening (the customer's message) to the first reply the gate *published*
  (`first_responded_at`). A held reply stops nothing: it never reaches `tickets.services.reply_messages_create`.
- next response: from a customer's message after that first response to the next published reply; a second
  message while it runs keeps the earlier deadline. Each one that stops is recorded as a `sla_next_response`
  ticket event (met or not) for the leads' dashboard. Publication stops both in the batch's one ticket
  update (`tickets.services.reply_messages_create`).
- resolution: from the opening to solving (`solved_at`); reopening runs it again with the time it had left.

While the ticket is pending on the customer (and while solved or closed) every running clock is paused:
`sla_paused_at` is set and `sla_due_at` cleared; on leaving those statuses each deadline that had not passed
when the pause began moves later by the business time the pause lasted (`sla_paused_minutes` keeps the total,
so a change of priority or queue recomputes the first-response and resolution deadlines from the opening).

`sla_due_at` is the soonest running deadline (NULL while paused or when nothing runs): the inbox's sort,
filter and badge read it. Every function here works on a row the caller has locked (or is creating) and
returns the names of the fields it changed, for `save(update_fields=...)`.
"""
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Case, F, Q, When

from tickets.models import CLOSED_STATUSES, Status, Ticket
from tickets.sla.businesstime import Schedule, add_business_time, business_time_between
from tickets.sla.models import ANY_PRIORITY, SlaPolicy

PAUSED_STATUSES = frozenset({Status.PENDING, Status.SOLVED, Status.CLOSED})
CLOCK_FIELDS = ("first_response_due", "next_response_due", "resolution_due", "sla_paused_at",
                "sla_paused_minutes", "sla_due_at")


def policy_choose(
    policies: Iterable[SlaPolicy], *, queue_id: int | None, priority: int, channel: str
) -> SlaPolicy | None:
    """Among `policies`, the one for this queue, priority and channel: the one naming the most of the three wins;
    between two naming as many, queue beats priority beats channel. The default policy (naming none) matches
    everything. Lists pass every policy once (a handful of rows) rather than asking per ticket."""

    def matches(policy: SlaPolicy) -> bool:
        return (policy.queue_id in (None, queue_id) and policy.priority in (priority, ANY_PRIORITY)
                and policy.channel in (channel, ""))

    def specificity(policy: SlaPolicy) -> tuple[int, bool, bool, bool]:
        named = (policy.queue_id is not None, policy.priority != ANY_PRIORITY, bool(policy.channel))
        return (sum(named), *named)

    return max(filter(matches, policies), key=specificity, default=None)


def policy_for(*, queue_id: int | None, priority: int, channel: str) -> SlaPolicy | None:
    """The policy for this queue, priority and channel (`policy_choose`), read from the few that could match."""
    candidates = SlaPolicy.objects.filter(
        Q(queue_id=queue_id) | Q(queue__isnull=True),
        priority__in=[priority, ANY_PRIORITY], channel__in=[channel, ""],
    ).select_related("calendar")
    return policy_choose(candidates, queue_id=queue_id, priority=priority, channel=channel)


def _policy(ticket: Ticket) -> tuple[SlaPolicy, Schedule] | None:
    policy = policy_for(queue_id=ticket.queue_id, priority=ticket.priority, channel=ticket.channel)
    return (policy, policy.calendar.schedule()) if policy else None


def _minutes(n: int) -> timedelta:
    return timedelta(minutes=n)


def due_at_refresh(ticket: Ticket) -> list[str]:
    """`sla_due_at` from the clocks that run: none while paused; first response until answered, next response
    while set, resolution until solved or closed. `DUE_AT_ANSWERED` says it in SQL for a batch's publication."""
    running = [] if ticket.sla_paused_at else [
        due for due, runs in (
            (ticket.first_response_due, ticket.first_responded_at is None),
            (ticket.next_response_due, True),
            (ticket.resolution_due, ticket.status not in CLOSED_STATUSES),
        ) if due is not None and runs
    ]
    ticket.sla_due_at = min(running, default=None)
    return ["sla_due_at"]


def clocks_open(ticket: Ticket, *, now: datetime) -> list[str]:
    """A new ticket (not saved yet): the first-response and resolution clocks start now."""
    found = _policy(ticket)
    if found is None:
        ticket.first_response_due = ticket.resolution_due = None
    else:
        policy, schedule = found
        ticket.first_response_due = add_business_time(now, _minutes(policy.first_response_minutes), schedule)
        ticket.resolution_due = add_business_time(now, _minutes(policy.resolution_minutes), schedule)
    return ["first_response_due", "resolution_due", *due_at_refresh(ticket)]


def clocks_retarget(ticket: Ticket) -> list[str]:
    """The priority, queue or channel changed: first-response and resolution deadlines still running follow
    the new policy, counted from the opening plus the business time spent paused."""
    found = _policy(ticket)
    if found is None:
        return []
    policy, schedule = found
    paused = _minutes(ticket.sla_paused_minutes)
    changed = []
    if ticket.first_responded_at is None:
        ticket.first_response_due = add_business_time(
            ticket.created_at, _minutes(policy.first_response_minutes) + paused, schedule)
        changed.append("first_response_due")
    if ticket.status not in CLOSED_STATUSES:
        ticket.resolution_due = add_business_time(
            ticket.created_at, _minutes(policy.resolution_minutes) + paused, schedule)
        changed.append("resolution_due")
    return [*changed, *due_at_refresh(ticket)]


def clocks_pause(ticket: Ticket, *, now: datetime) -> list[str]:
    if ticket.sla_paused_at is not None:
        return []
    ticket.sla_paused_at = now
    return ["sla_paused_at", *due_at_refresh(ticket)]


def clocks_resume(ticket: Ticket, *, now: datetime) -> list[str]:
    """Move every deadline still ahead when the pause began later by the pause's business time. A deadline
    already passed then stays breached."""
    if ticket.sla_paused_at is None:
        return []
    return _resume(ticket, paused_at=ticket.sla_paused_at, now=now, found=_policy(ticket))


def _resume(
    ticket: Ticket, *, paused_at: datetime, now: datetime, found: tuple[SlaPolicy, Schedule] | None
) -> list[str]:
    """`clocks_resume` with the ticket's policy already looked up."""
    ticket.sla_paused_at = None
    if found is not None:
        _policy_row, schedule = found
        pause = business_time_between(paused_at, now, schedule)
        for name in ("first_response_due", "next_response_due", "resolution_due"):
            due = getattr(ticket, name)
            if due is not None and due > paused_at:
                setattr(ticket, name, add_business_time(due, pause, schedule))
        ticket.sla_paused_minutes += int(pause.total_seconds() // 60)
    return ["first_response_due", "next_response_due", "resolution_due", "sla_paused_at", "sla_paused_minutes",
            *due_at_refresh(ticket)]


def clocks_status_changed(ticket: Ticket, *, old: str, now: datetime) -> list[str]:
    """Pending, solved and closed pause the clocks; any other status runs them. Solving (the resolution
    clock's stop) is `solved_at`, which the caller sets."""
    if ticket.status in PAUSED_STATUSES and old not in PAUSED_STATUSES:
        return clocks_pause(ticket, now=now)
    if ticket.status not in PAUSED_STATUSES and old in PAUSED_STATUSES:
        return clocks_resume(ticket, now=now)
    return due_at_refresh(ticket)


def clocks_customer_wrote(ticket: Ticket, *, now: datetime) -> list[str]:
    """A customer's message on an existing ticket (the caller moved its status to open): the clocks run again,
    and after a first response the next-response clock starts unless one is already running."""
    paused_at = ticket.sla_paused_at if ticket.status not in PAUSED_STATUSES else None
    next_starts = ticket.first_responded_at is not None and ticket.next_response_due is None
    found = _policy(ticket) if paused_at is not None or next_starts else None  # looked up once for both
    changed = _resume(ticket, paused_at=paused_at, now=now, found=found) if paused_at is not None else []
    if next_starts and found is not None:
        policy, schedule = found
        ticket.next_response_due = add_business_time(now, _minutes(policy.next_response_minutes), schedule)
        changed.append("next_response_due")
    return [*changed, *due_at_refresh(ticket)]


def clock_met(due: datetime, stopped_at: datetime) -> bool:
    """Whether a clock stopped at `stopped_at` met its deadline. A paused clock stood still: pass the moment
    the pause began."""
    return stopped_at <= due


def breached(due: datetime, now: datetime) -> bool:
    """Whether a clock still running at `now` has breached its deadline: the first of `DueBands`' bands, for
    callers that need no warning band (and so no setting read per row)."""
    return due < now


# `due_at_refresh` in SQL for tickets whose first and next response clocks have just stopped (a batch's
# publication, one UPDATE): only the resolution clock may still run. tests/sla/test_clocks.py holds the two to
# the same answer for every status, paused or not.
DUE_AT_ANSWERED = Case(
    When(Q(sla_paused_at__isnull=True) & ~Q(status__in=CLOSED_STATUSES), then=F("resolution_due")), default=None
)
