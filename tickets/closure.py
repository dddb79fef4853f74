"""Closure: why a ticket was solved or closed, and the countdown on tickets waiting for the customer's details.

A ticket is *waiting for details* when a published reply asked the customer for information (the escalation
app registers the first-response checker's judgement here, `info_request_check_register`, so tickets imports
nothing from it) and the ticket moved to pending with it: `awaiting_info_since` is set at publication. The
customer writing (not while suspended) or the ticket leaving `pending` ends the wait. The beat task
(`closures_sweep`) sends one reminder after `REMIND_AFTER_HOURS`, a fixed text signed by the team (no words of
staff in it, so nothing for the reply gate to hold but the scanner still checks it against the customer's private
details), then solves the ticket as "no details provided" `CLOSE_AFTER_HOURS` after the reminder. Each step
is a conditional update on the row as the sweep read it, so two sweeps at once (or a redelivered task) remind
once and close once, and a customer's message landing meanwhile wins. Suspended customers' tickets are left to
the leads: their messages wait unseen in the suspended view, so "no details" could be untrue.

This module holds the rules, settings and reports; `tickets.closure_sweep` the beat task's service.
"""
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext_lazy as _

from tickets.models import CLOSED_STATUSES, ClosureReason, Ticket

DEFAULTS: dict[str, Any] = {
    # A published reply that asks for information moves a new or open ticket to pending and starts the wait.
    "PENDING_ON_INFO_REQUEST": True,
    # Hours from the request for details to the one reminder.
    "REMIND_AFTER_HOURS": 72,
    # Hours from the reminder to solving the ticket as "no details provided".
    "CLOSE_AFTER_HOURS": 96,
    # Tickets handled per sweep and step; the next sweep takes the rest.
    "SWEEP_BATCH": 200,
}


def closure_setting(key: str) -> Any:
    """`settings.TACT_CLOSURE[key]`, or its default; read at call time so `override_settings` works."""
    return {**DEFAULTS, **getattr(settings, "TACT_CLOSURE", {})}[key]


_info_request_check: Callable[[str], bool] | None = None


def info_request_check_register(check: Callable[[str], bool]) -> None:
    """Called by the escalation app at start-up: `check(text)` says whether a reply asks the customer for
    information (the first-response checker's judgement)."""
    global _info_request_check
    _info_request_check = check


def asks_for_information(body: str) -> bool:
    """Whether a published reply starts the wait for details (never, until a checker is registered)."""
    return bool(closure_setting("PENDING_ON_INFO_REQUEST")) and _info_request_check is not None and (
        _info_request_check(body)
    )


def closure_fields(*, status: str, reason: str, duplicate_of: Ticket | None, ticket: Ticket) -> dict[str, Any]:
    """The closure fields a ticket moving to `status` gets: a reason when solved or closed (`resolved` unless
    one is given), none otherwise. ValidationError for a reason without a closed status, a duplicate that names
    no ticket, itself, or a ticket that is itself a duplicate (chains would hide the original)."""
    if status not in CLOSED_STATUSES:
        if reason:
            raise ValidationError({"closure_reason": _("Only a solved or closed ticket has a closure reason.")})
        return {"closure_reason": "", "duplicate_of": None}
    reason = reason or ClosureReason.RESOLVED
    if reason not in ClosureReason.values:
        raise ValidationError({"closure_reason": _("Unknown closure reason %(value)s.") % {"value": repr(reason)}})
    if reason != ClosureReason.DUPLICATE:
        if duplicate_of is not None:
            raise ValidationError({"duplicate_of": _("Only a duplicate names another ticket.")})
        return {"closure_reason": reason, "duplicate_of": None}
    if duplicate_of is None:
        raise ValidationError({"duplicate_of": _("Name the ticket this one duplicates (its reference).")})
    if duplicate_of.pk == ticket.pk:
        raise ValidationError({"duplicate_of": _("A ticket cannot duplicate itself.")})
    if duplicate_of.duplicate_of_id is not None:
        message = _("%(reference)s is itself a duplicate: name the ticket it duplicates instead.")
        raise ValidationError({"duplicate_of": message % {"reference": duplicate_of.reference}})
    return {"closure_reason": reason, "duplicate_of": duplicate_of}


# --- Reports ------------------------------------------------------------------------------------------------


def closure_counts(*, tickets: QuerySet[Ticket], since: datetime, until: datetime) -> list[dict[str, Any]]:
    """Tickets solved or closed in [since, until) with their reason, per queue and reason:
    `[{"queue": id, "closure_reason": str, "count": n}, ...]`. `tickets` is the viewer's scope (e.g.
    `tickets.access.tickets_led_by(lead)`); the period is a range of `ticket_closure_idx`, so a view never
    scans every ticket. A ticket reopened later is no longer counted: its closure did not hold."""
    return list(
        tickets.exclude(closure_reason="")
        .filter(solved_at__gte=since, solved_at__lt=until)
        .order_by()
        .values("queue", "closure_reason")
        .annotate(count=Count("pk"))
        .order_by("queue", "closure_reason")
    )


def closure_counts_by_week(*, tickets: QuerySet[Ticket], since: datetime, until: datetime) -> list[dict[str, Any]]:
    """As `closure_counts`, per week (Monday 00:00 in the current time zone) and reason instead of per queue:
    `[{"week": datetime, "closure_reason": str, "count": n}, ...]`, oldest week first."""
    return list(
        tickets.exclude(closure_reason="")
        .filter(solved_at__gte=since, solved_at__lt=until)
        .order_by()
        .annotate(week=TruncWeek("solved_at"))
        .values("week", "closure_reason")
        .annotate(count=Count("pk"))
        .order_by("week", "closure_reason")
    )
