"""What staff see of the clocks: the inbox's badge (from the stored `sla_due_at` alone, no query per row) and
the ticket page's three clocks."""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tickets.models import CLOSED_STATUSES, Channel, Priority, Ticket
from tickets.sla.clocks import clock_met, policy_choose
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


@dataclass(frozen=True)
class Badge:
    state: str  # "breached" (red), "warning" (amber), "running", "paused"
    text: str
    due: datetime | None


def badge(ticket: Ticket, now: datetime) -> Badge | None:
    """The inbox's badge for a ticket: its soonest running deadline, or "paused" while pending."""
    if ticket.sla_due_at is None:
        return Badge("paused", _("SLA paused"), None) if ticket.sla_paused_at and ticket.is_open else None
    left = ticket.sla_due_at - now
    if left < timedelta(0):
        return Badge("breached", _("Breached %(span)s ago") % {"span": span(-left)}, ticket.sla_due_at)
    due_in = _("Due in %(span)s") % {"span": span(left)}
    return Badge("warning" if left <= warning_window() else "running", due_in, ticket.sla_due_at)


@dataclass(frozen=True)
class ClockView:
    name: str
    state: str  # "running", "warning", "breached", "paused", "met", "missed", "off"
    text: str
    due: datetime | None


def _running(name: str, due: datetime, ticket: Ticket, now: datetime) -> ClockView:
    if ticket.sla_paused_at is not None:
        if due <= ticket.sla_paused_at:
            return ClockView(name, "breached", _("breached before the pause"), due)
        left = due - ticket.sla_paused_at
        text = _("paused with %(span)s left (waiting on the customer)") % {"span": span(left)}
        return ClockView(name, "paused", text, due)
    left = due - now
    if left < timedelta(0):
        return ClockView(name, "breached", _("breached %(span)s ago") % {"span": span(-left)}, due)
    due_in = _("due in %(span)s") % {"span": span(left)}
    return ClockView(name, "warning" if left <= warning_window() else "running", due_in, due)


def ticket_clocks(ticket: Ticket, now: datetime) -> list[ClockView]:
    """First response, next response and resolution as the ticket page shows them."""
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
        clocks.append(_running(first, ticket.first_response_due, ticket, now))
    following = _("Next response")
    if ticket.next_response_due is not None:
        clocks.append(_running(following, ticket.next_response_due, ticket, now))
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
        clocks.append(_running(resolution, ticket.resolution_due, ticket, now))
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
