"""Writes to calendars and policies, for the administrators' SLA pages: validated, audited, atomic.

Deadlines already running keep their values (`docs/sla.md`: policy edits apply forward), so a write here never
touches the ticket table.
"""
from datetime import date
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agents.audit import audit_record
from agents.permissions import Perm, can
from tickets.models import Channel, Priority, Queue
from tickets.sla.businesstime import Interval
from tickets.sla.models import ANY_PRIORITY, BusinessCalendar, Holiday, SlaPolicy

# One year of minutes: a longer target is a typo, not a service level.
MAX_TARGET_MINUTES = 366 * 24 * 60


def _admin_check(actor) -> None:
    if not can(actor, Perm.SLA_MANAGE):
        raise ValidationError(_("Only administrators change SLA calendars and policies."))


def calendar_save(
    *, actor, calendar: BusinessCalendar | None, name: str, time_zone: str,
    hours: list[tuple[Interval, ...]], holidays: list[tuple[date, str]], request=None,
) -> BusinessCalendar:
    """Create (`calendar` None) or change a calendar, its hours and its whole list of holidays."""
    _admin_check(actor)
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = gettext("Give the calendar a name.")
    if time_zone not in available_timezones():
        message = gettext("“%(zone)s” is not a time zone name; use one like Europe/London or UTC.")
        errors["time_zone"] = message % {"zone": time_zone}
    if len(hours) != 7 or not any(hours):
        errors["hours"] = gettext("Open the calendar on at least one day, or business time can never pass.")
    dates = [day for day, _label in holidays]
    if len(set(dates)) != len(dates):
        errors["holidays"] = gettext("A date is listed twice.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if calendar is None:
            calendar = BusinessCalendar()
        calendar.name, calendar.time_zone = name, time_zone
        calendar.hours = [[list(interval) for interval in day] for day in hours]
        calendar.updated_at = timezone.now()
        try:
            with transaction.atomic():
                calendar.save()
        except IntegrityError:
            raise ValidationError({"name": _("Another calendar has this name.")}) from None
        calendar.holidays.all().delete()
        Holiday.objects.bulk_create(Holiday(calendar=calendar, date=day, name=label[:100]) for day, label in holidays)
        audit_record(actor=actor, action="sla.calendar_save", target=calendar, request=request,
                     data={"name": name, "time_zone": time_zone, "holidays": len(holidays)})
    return calendar


def policy_save(
    *, actor, policy: SlaPolicy | None, queue: Queue | None, priority: int, channel: str,
    calendar: BusinessCalendar, first_response_minutes: int, next_response_minutes: int, resolution_minutes: int,
    request=None,
) -> SlaPolicy:
    """Create (`policy` None) or change a policy. The default policy (matching everything) keeps matching
    everything: only its calendar and targets change."""
    _admin_check(actor)
    errors: dict[str, str] = {}
    if priority != ANY_PRIORITY and priority not in Priority.values:
        errors["priority"] = gettext("Choose a priority or “any”.")
    if channel and channel not in Channel.values:
        errors["channel"] = gettext("Choose a channel or “any”.")
    for field, value in (("first_response_minutes", first_response_minutes),
                         ("next_response_minutes", next_response_minutes),
                         ("resolution_minutes", resolution_minutes)):
        if not 0 < value <= MAX_TARGET_MINUTES:
            errors[field] = gettext("A target is between 1 and %(max)s business minutes.") % {
                "max": number_format(MAX_TARGET_MINUTES, force_grouping=True)
            }
    if policy is not None and policy.is_default and (queue is not None or priority != ANY_PRIORITY or channel):
        errors["queue"] = gettext(
            "The default policy matches every ticket; add a new policy for a queue, priority or channel."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if policy is None:
            policy = SlaPolicy()
        policy.queue, policy.priority, policy.channel, policy.calendar = queue, priority, channel, calendar
        policy.first_response_minutes = first_response_minutes
        policy.next_response_minutes = next_response_minutes
        policy.resolution_minutes = resolution_minutes
        policy.updated_at = timezone.now()
        try:
            with transaction.atomic():
                policy.save()
        except IntegrityError:
            raise ValidationError(
                {"queue": _("A policy for this queue, priority and channel exists already; change that one.")}
            ) from None
        audit_record(actor=actor, action="sla.policy_save", target=policy, request=request,
                     data={"queue": queue.pk if queue else None, "priority": priority, "channel": channel,
                           "targets": [first_response_minutes, next_response_minutes, resolution_minutes]})
    return policy


def policy_delete(*, actor, policy: SlaPolicy, request=None) -> None:
    _admin_check(actor)
    if policy.is_default:
        raise ValidationError(_("The default policy cannot be deleted: tickets no other policy matches use it."))
    with transaction.atomic():
        audit_record(actor=actor, action="sla.policy_delete", target=policy, request=request,
                     data={"queue": policy.queue_id, "priority": policy.priority, "channel": policy.channel})
        policy.delete()
