"""Each queue's weekly duty schedule, as on-call tools keep one: recurring shifts (a weekday, a start and an end)
assigned to leads of the queue, kept by the queue's own leads and the administrators.

Times are wall-clock times in the desk's time zone (`TIME_ZONE`): a 09:00 shift starts at 09:00 on the office
clock in winter and in summer. Each occurrence is turned into instants on its own date, so a 22:00–06:00 shift
lasts 7 hours on the night the clocks go forward and 9 on the night they go back. A time the clocks skip is read
as that much after the change (02:30 is 03:30), a time they pass twice as its first passing: the rules of PEP 495
`fold=0` and of java.time, so the answer never flickers inside the repeated hour.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from agents.audit import audit_record
from agents.permissions import Perm, can
from escalation.duty_models import DutyShift, Weekday
from tickets.access import leads_of_queue
from tickets.models import Queue
from tickets.sla.businesstime import wall_instant


@dataclass(frozen=True)
class Occurrence:
    """One shift on one date, as instants (UTC)."""

    queue_id: int
    lead_id: int
    starts: datetime
    ends: datetime


def queues_scheduled_by(user) -> QuerySet[Queue]:
    """Queues whose schedule `user` keeps: the queues they lead (not those lent by an elevation); admins: all."""
    if not can(user, Perm.QUEUES_MANAGE) or not can(user, Perm.SAFETY_ACT):
        return Queue.objects.none()
    if can(user, Perm.ALL_QUEUES):
        return Queue.objects.all()
    return Queue.objects.filter(members=user)


def duty_shifts_add(*, actor, queue: Queue, lead, weekdays: Iterable[int], start: time, end: time) -> list[DutyShift]:
    """Put `lead` on `queue`'s schedule from `start` to `end` on each of `weekdays` (one row per day)."""
    _keeper_or_refuse(actor, queue)
    days = sorted(set(weekdays))
    if not days or not set(days) <= set(Weekday.values):
        raise ValidationError({"weekdays": gettext("Choose at least one day of the week.")})
    if lead is None or not leads_of_queue(queue).filter(pk=lead.pk).exists():
        raise ValidationError({"lead": gettext("Only an active lead of this queue can be on its schedule.")})
    taken = gettext("That lead already has a shift starting then on one of those days.")
    if DutyShift.objects.filter(queue=queue, lead=lead, weekday__in=days, start=start).exists():
        raise ValidationError({"start": taken})
    rows = [DutyShift(queue=queue, lead=lead, weekday=day, start=start, end=end, created_by=actor) for day in days]
    try:
        with transaction.atomic():
            DutyShift.objects.bulk_create(rows)
            audit_record(actor=actor, action="lead_duty.shift_add", target=queue, data={
                "queue": queue.pk, "lead": lead.pk, "weekdays": days,
                "start": start.isoformat("minutes"), "end": end.isoformat("minutes"),
            })
    except IntegrityError:  # the unique constraint settles a race with another keeper
        raise ValidationError({"start": taken}) from None
    return rows


def duty_shift_remove(*, actor, shift: DutyShift) -> None:
    _keeper_or_refuse(actor, shift.queue)
    with transaction.atomic():
        if DutyShift.objects.filter(pk=shift.pk).delete()[0]:
            audit_record(actor=actor, action="lead_duty.shift_remove", target=shift.queue, data={
                "queue": shift.queue_id, "lead": shift.lead_id, "weekday": shift.weekday,
                "start": shift.start.isoformat("minutes"), "end": shift.end.isoformat("minutes"),
            })


def _keeper_or_refuse(actor, queue: Queue) -> None:
    if not queues_scheduled_by(actor).filter(pk=queue.pk).exists():
        raise PermissionDenied("Only the queue's own leads and the administrators keep its schedule.")


class WeeklyShift(Protocol):
    """A weekly shift as fetched: a `DutyShift`, or a row of the roster's fetch (`escalation.duty.duty_rows`),
    where a lead with no weekly shift has a row without a `weekday` (skipped)."""

    queue_id: int
    lead_id: int
    weekday: int | None
    start: time
    end: time


def occurrence(shift: WeeklyShift, day: date) -> Occurrence:
    """`shift` on the local date `day`."""
    start, end = shift.start, shift.end
    ends_on = day if end > start else day + timedelta(days=1)
    return Occurrence(shift.queue_id, shift.lead_id, _instant(day, start), _instant(ends_on, end))


def _instant(day: date, at: time) -> datetime:
    after_midnight = timedelta(hours=at.hour, minutes=at.minute, seconds=at.second)
    return wall_instant(timezone.get_default_timezone(), day, after_midnight)


def dates_around(now: datetime, *, days_ahead: int = 0) -> list[date]:
    """The local dates from yesterday to `days_ahead` days after today: a shift lasts at most a day, so one that
    began before yesterday is over."""
    today = timezone.localdate(now, timezone.get_default_timezone())
    return [today + timedelta(days=n) for n in range(-1, days_ahead + 1)]


def occurrences(shifts: Iterable[WeeklyShift], now: datetime, *, days_ahead: int = 0) -> list[Occurrence]:
    """The occurrences of `shifts` on the dates of `dates_around`, soonest first. Pure: the callers fetch."""
    dates = dates_around(now, days_ahead=days_ahead)
    found = [occurrence(shift, day) for shift in shifts if shift.weekday is not None
             for day in dates if day.weekday() == shift.weekday]
    return sorted((o for o in found if o.ends > o.starts), key=lambda o: (o.starts, o.queue_id, o.lead_id))
