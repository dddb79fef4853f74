"""The closure sweep (beat): one reminder to customers who have not sent the details a reply asked for, then
closing their tickets as "no details provided". The rules and settings are in `tickets.closure`."""
import logging
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tickets.closure import closure_setting
from tickets.models import ClosureReason, Restriction, Status, Ticket
from tickets.notifications import notification_schedule_reminder
from tickets.services import event_record

logger = logging.getLogger(__name__)


def _waiting() -> QuerySet[Ticket]:
    """Tickets the sweep may act on: waiting for details, pending, alive, customer not suspended."""
    return (
        Ticket.objects.filter(awaiting_info_since__isnull=False, status=Status.PENDING, deleted_at__isnull=True)
        .exclude(customer__restriction=Restriction.SUSPENDED)
        .exclude(customer__deleted_at__isnull=False)
    )


def closures_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Remind the customers whose wait is due a reminder, then solve the tickets whose reminder went
    unanswered. Returns how many of each."""
    now = now or timezone.now()
    batch = closure_setting("SWEEP_BATCH")
    remind_before = now - timedelta(hours=closure_setting("REMIND_AFTER_HOURS"))
    close_before = now - timedelta(hours=closure_setting("CLOSE_AFTER_HOURS"))
    due_reminders = list(
        _waiting().filter(info_reminded_at__isnull=True, awaiting_info_since__lte=remind_before)
        .select_related("customer", "queue").order_by("awaiting_info_since")[:batch]
    )
    reminded = sum(_remind(ticket, now) for ticket in due_reminders)
    due_closures = list(
        _waiting().filter(info_reminded_at__lte=close_before).order_by("info_reminded_at")[:batch]
    )
    closed = sum(_close(ticket, now) for ticket in due_closures)
    if reminded or closed:
        logger.info("closure sweep: %s reminded, %s closed as no details provided", reminded, closed)
    return {"reminded": reminded, "closed": closed}


def _remind(ticket: Ticket, now: datetime) -> bool:
    """One reminder per wait: the conditional update claims it; the outbox row and the history line are
    written in the same transaction."""
    with transaction.atomic():
        claimed = Ticket.objects.filter(
            pk=ticket.pk, status=Status.PENDING, awaiting_info_since=ticket.awaiting_info_since,
            info_reminded_at__isnull=True,
        ).update(info_reminded_at=now)
        if claimed != 1:
            return False
        try:
            notification = notification_schedule_reminder(ticket=ticket)
        except ValidationError:  # the template would reveal a private detail: recorded, not sent
            logger.warning("closure sweep: reminder for ticket %s refused by the scanner", ticket.pk)
            event_record(ticket=ticket, actor=None, kind="info_reminder", sent=False)
            return True
        event_record(ticket=ticket, actor=None, kind="info_reminder", sent=True, notification=notification.pk)
    return True


def _close(ticket: Ticket, now: datetime) -> bool:
    """Solve the ticket as "no details provided", unless it changed since the sweep read it."""
    with transaction.atomic():
        closed = Ticket.objects.filter(
            pk=ticket.pk, status=Status.PENDING, awaiting_info_since=ticket.awaiting_info_since,
            info_reminded_at=ticket.info_reminded_at,
        ).update(
            status=Status.SOLVED, closure_reason=ClosureReason.NO_DETAILS, duplicate_of=None, solved_at=now,
            updated_at=now, awaiting_info_since=None, info_reminded_at=None,
        )
        if closed != 1:
            return False
        event_record(ticket=ticket, actor=None, kind="status", old=Status.PENDING, new=Status.SOLVED)
        event_record(ticket=ticket, actor=None, kind="closure", reason=ClosureReason.NO_DETAILS, automatic=True)
    return True
