"""What staff see of the clocks: the inbox's badge (from the stored `sla_due_at` and the state its query reads
with the row, no query per row) and the ticket page's three clocks."""
import operator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tickets.models import CLOSED_STATUSES, OPEN_STATUSES, Channel, Priority, Ticket
from tickets.sla.clocks import breached, clock_met, policy_choose
from tickets.sla.models import ANY_PRIORITY, SlaPolicy

DEFAULTS: dict[str, Any] = {
    # A running clock this close to its deadline shows amber in the inbox and on the ticket page.
    "WARNING_MINUTES": 60,
}


def sla_setting(key: str) -> Any:
    """`settings.TACT_SLA[key]`, or its default; read at call time so `override_settings` works."""
    return {**DEFAULTS, **getattr(settings, "TACT_SLA", {})}[key]


def warning_window() -> timedelta:
    return timedelta(minutes=int(sla_setting("WARNING_MINUTES")))


def span(delta: timedelta) -> str:
    """25 min, 3 h 5 min, 2 days 4 h: short enough for a badge."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    if days:
        text = ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
        return " ".join([text, _("%(hours)s h") % {"hours": hours}]) if hours else text
    if hours:
        text = _("%(hours)s h") % {"hours": hours}
        return " ".join([text, _("%(minutes)s min") % {"minutes": minutes}]) if minutes else text
    return _("%(minutes)s min") % {"minutes": minutes}


_COMPARE = {"lt": operator.lt, "lte": operator.le}
_OPPOSITE = {"lt": "gte", "lte": "gt"}


@dataclass(frozen=True)
class DueBands:
    """Where a running deadline stands at `now`: before it "breached" (red), up to the end of the warning window
    "warning" (amber), later "running". `bands` is the one statement of that rule; `state` reads it for a
    deadline in hand (the ticket page's clocks), `q` for a column in SQL (the inbox's badges, overdue rows and
    SLA filter), so the filter shows exactly the rows wearing its badge."""

    now: datetime
    warn_until: datetime

    @classmethod
    def at(cls, now: datetime) -> "DueBands":
        return cls(now, now + warning_window())

    def bands(self) -> tuple[tuple[str, str, datetime | None], ...]:
        """(state, lookup, bound) in order: a deadline is in the first band whose lookup it passes."""
        return (("breached", "lt", self.now), ("warning", "lte", self.warn_until), ("running", "", None))

    def state(self, due: datetime) -> str:
        return next(state for state, lookup, bound in self.bands() if not lookup or _COMPARE[lookup](due, bound))

    def q(self, state: str, field: str = "sla_due_at") -> Q:
        """The deadlines in `state` as a range on `field` (a filter on it walks an index)."""
        after_previous: dict[str, Any] = {}
        for name, lookup, bound in self.bands():
            if name == state:
                return Q(**after_previous, **({f"{field}__{lookup}": bound} if lookup else {}))
            after_previous = {f"{field}__{_OPPOSITE[lookup]}": bound}
        raise KeyError(state)


# An open ticket whose clocks stand still (pending): nothing runs, so no deadline, but the badge says why.
PAUSED = Q(sla_due_at__isnull=True, sla_paused_at__isnull=False, status__in=OPEN_STATUSES)


def sla_state(now: datetime) -> Case:
    """The inbox badge's state for each row, in its query: its soonest running deadline's band, "paused", or
    NULL for no badge."""
    bands = DueBands.at(now)
    return Case(
        *(When(bands.q(state), then=Value(state)) for state, _lookup, _bound in bands.bands()),
        When(PAUSED, then=Value("paused")),
        default=None,
        output_field=CharField(),
    )


@dataclass(frozen=True)
class Badge:
    state: str  # "breached" (red), "warning" (amber), "running", "paused"
    text: str
    due: datetime | None


def badge(state: str | None, due: datetime | None, now: datetime) -> Badge | None:
    """The inbox's badge for a row's `sla_state` (read by the same query, with the same `now`) and its soonest
    running deadline."""
    if state == "paused":
        return Badge("paused", _("SLA paused"), None)
    if state is None or due is None:
        return None
    if state == "breached":
        return Badge(state, _("Breached %(span)s ago") % {"span": span(now - due)}, due)
    return Badge(state, _("Due in %(span)s") % {"span": span(due - now)}, due)


@dataclass(frozen=True)
class ClockView:
    name: str
    state: str  # "running", "warning", "breached", "paused", "met", "missed", "off"
    text: str
    due: datetime | None


def _running(name: str, due: datetime, ticket: Ticket, bands: DueBands) -> ClockView:
    if ticket.sla_paused_at is not None:
        # A paused clock is judged at the moment the pause began (so is the leads' dashboard).
        if breached(due, ticket.sla_paused_at):
            return ClockView(name, "breached", _("breached before the pause"), due)
        left = due - ticket.sla_paused_at
        text = _("paused with %(span)s left (waiting on the customer)") % {"span": span(left)}
        return ClockView(name, "paused", text, due)
    state = bands.state(due)
    if state == "breached":
        return ClockView(name, state, _("breached %(span)s ago") % {"span": span(bands.now - due)}, due)
    return ClockView(name, state, _("due in %(span)s") % {"span": span(due - bands.now)}, due)


def ticket_clocks(ticket: Ticket, now: datetime) -> list[ClockView]:
    """First response, next response and resolution as the ticket page shows them."""
    bands = DueBands.at(now)
    clocks = []
    first = _("First response")
    if ticket.first_response_due is None:
        clocks.append(ClockView(first, "off", _("no target"), None))
    elif ticket.first_responded_at is not None:
        met = clock_met(ticket.first_response_due, ticket.first_responded_at)
        clocks.append(ClockView(first, "met" if met else "missed",
                                _("met") if met else _("breached (answered late)"), ticket.first_response_due))
    elif ticket.status in CLOSED_STATUSES:
        clocks.append(ClockView(first, "off", _("not needed (closed without a reply)"), ticket.first_response_due))
    else:
        clocks.append(_running(first, ticket.first_response_due, ticket, bands))
    following = _("Next response")
    if ticket.next_response_due is not None:
        clocks.append(_running(following, ticket.next_response_due, ticket, bands))
    else:
        text = _("not running (starts when the customer writes after a reply)")
        clocks.append(ClockView(following, "off", text, None))
    resolution = _("Resolution")
    if ticket.resolution_due is None:
        clocks.append(ClockView(resolution, "off", _("no target"), None))
    elif ticket.status in CLOSED_STATUSES and ticket.solved_at is not None:
        met = clock_met(ticket.resolution_due, ticket.solved_at)
        clocks.append(ClockView(resolution, "met" if met else "missed",
                                _("met") if met else _("breached (solved late)"), ticket.resolution_due))
    else:
        clocks.append(_running(resolution, ticket.resolution_due, ticket, bands))
    return clocks


CLOCK_KEYS = ("first_response", "next_response", "resolution")  # ticket_clocks' order
CLOCK_STATES = ["running", "warning", "breached", "paused", "met", "missed", "off"]  # ClockView.state


def priority_label(policy: SlaPolicy) -> str:
    """The priority a policy matches, by name ("any" for every priority)."""
    return _("any") if policy.priority == ANY_PRIORITY else str(Priority(policy.priority).label)


def policy_label(policy: SlaPolicy) -> str:
    """A policy has no name of its own: it is named by what it matches ("Default" for the one matching all)."""
    if policy.is_default:
        return _("Default")
    return ", ".join([
        policy.queue.name if policy.queue_id else _("any queue"),
        priority_label(policy) if policy.priority != ANY_PRIORITY else _("any priority"),
        str(Channel(policy.channel).label) if policy.channel else _("any channel"),
    ])


def ticket_sla(ticket: Ticket, *, policies: list[SlaPolicy], now: datetime) -> dict[str, Any]:
    """The clocks as the staff API gives them: the policy that applies now, the stored deadlines, the pause and
    each clock's state as the ticket page shows it. `policies` is every policy, read once per response."""
    policy = policy_choose(policies, queue_id=ticket.queue_id, priority=ticket.priority, channel=ticket.channel)
    clocks = ticket_clocks(ticket, now)
    return {
        "policy": policy_label(policy) if policy is not None else None,
        "first_response_due": ticket.first_response_due,
        "next_response_due": ticket.next_response_due,
        "resolution_due": ticket.resolution_due,
        "due_at": ticket.sla_due_at,
        "paused": ticket.sla_paused_at is not None,
        "paused_at": ticket.sla_paused_at,
        "breached": any(clock.state in ("breached", "missed") for clock in clocks),
        "clocks": {key: clock.state for key, clock in zip(CLOCK_KEYS, clocks, strict=True)},
    }
