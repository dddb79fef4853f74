"""The on-duty roster: level 1 of an escalation tells the leads on duty for its queue, not every lead of it.

A lead is on duty for a queue during a shift of its weekly schedule (`escalation.schedule`), or for a shift
started by hand: they go on duty for a queue they lead (`DUTY_HOURS` by default, at most `MAX_DUTY_HOURS`) and
off again, and that shift also ends by itself. Either way only active leads still in the queue count. When
nobody is on duty for the queue, level 1 tells every lead of the queue, as it would without a roster: an
escalation is never told to nobody.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, FilteredRelation, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from agents.audit import audit_record
from agents.identity import public_name
from agents.models import Role
from escalation.duty_models import LeadDuty
from escalation.schedule import dates_around, occurrences
from tickets.access import leads_of_queue
from tickets.models import Queue

DUTY_HOURS = 8
MAX_DUTY_HOURS = 24


def duty_start(*, lead, queue: Queue, hours: int = DUTY_HOURS) -> LeadDuty:
    """Put `lead` on duty for `queue` from now for `hours` (a lead already on duty starts a new shift)."""
    if not 1 <= hours <= MAX_DUTY_HOURS:
        raise ValidationError({"hours": gettext("A shift is 1 to %(max)d hours.") % {"max": MAX_DUTY_HOURS}})
    if not leads_of_queue(queue).filter(pk=lead.pk).exists():
        raise PermissionDenied("Only the queue's own leads go on duty for it.")
    now = timezone.now()
    with transaction.atomic():
        duty, _ = LeadDuty.objects.update_or_create(
            lead=lead, queue=queue, defaults={"since": now, "until": now + timedelta(hours=hours)}
        )
        audit_record(actor=lead, action="lead_duty.start", target=queue, data={"queue": queue.pk, "hours": hours})
    return duty


def duty_end(*, lead, queue: Queue) -> bool:
    """Take `lead` off duty for `queue` now; False if they were not on duty."""
    now = timezone.now()
    with transaction.atomic():
        # Conditional update: a shift that already ended keeps its end time.
        ended = LeadDuty.objects.filter(lead=lead, queue=queue, since__lte=now, until__gt=now).update(until=now)
        if ended:
            audit_record(actor=lead, action="lead_duty.end", target=queue, data={"queue": queue.pk})
    return bool(ended)


def on_duty_leads(queue: Queue | QuerySet[Queue]) -> QuerySet[User]:
    """The leads of `queue` (or of any of several) on duty now for one of them: on a scheduled shift or on a
    shift started by hand. The one place level 1 asks; the triage page's roster applies the same `on_duty`."""
    queues = queue if isinstance(queue, QuerySet) else Queue.objects.filter(pk=queue.pk)
    now = timezone.now()
    return User.objects.filter(pk__in={lead_id for _queue_id, lead_id in on_duty(duty_rows(queues, now), now)})


def duty_rows(queues: QuerySet[Queue], now: datetime, *, days_ahead: int = 0) -> QuerySet:
    """What `on_duty` reads, in one query whatever the number of shifts: a row per active lead of each of
    `queues` (membership: who counts) and weekly shift of theirs there that can occur from yesterday (local) to
    `days_ahead` days on (one row if none), with their shift by hand for the queue (`since`, `until`, or None).
    Today's and yesterday's shifts alone go through `duty_shift_queue_day_idx`."""
    weekdays = {day.weekday() for day in dates_around(now, days_ahead=days_ahead)}
    on_days = Q(user__duty_shifts__weekday__in=weekdays) if len(weekdays) < 7 else Q()
    shifts = Q(user__duty_shifts__queue=F("queue")) & on_days
    return (
        Queue.members.through.objects.filter(queue__in=queues, user__in=leads_of_queue(queues))
        .annotate(by_hand=FilteredRelation("user__duties", condition=Q(user__duties__queue=F("queue"))),
                  shift=FilteredRelation("user__duty_shifts", condition=shifts))
        .annotate(lead_id=F("user_id"), since=F("by_hand__since"), until=F("by_hand__until"),
                  weekday=F("shift__weekday"), start=F("shift__start"), end=F("shift__end"))
    )


def on_duty(rows: Iterable, now: datetime) -> set[tuple[int, int]]:
    """(queue id, lead id) of each lead on duty at `now` among `rows` (`duty_rows`): on a shift by hand or on a
    weekly shift under way. Pure, so level 1 and the triage page read one rule."""
    rows = list(rows)
    on_now = {(row.queue_id, row.lead_id) for row in rows if _by_hand_now(row, now)}
    return on_now | {(o.queue_id, o.lead_id) for o in occurrences(rows, now) if o.starts <= now < o.ends}


def _by_hand_now(row, now: datetime) -> bool:
    return row.since is not None and row.since <= now < row.until


def first_level_leads(queue: Queue | QuerySet[Queue]) -> list:
    """Who level 1 tells: the queue's leads on duty, or every lead of the queue when nobody is. The roster is
    read once (not asked whether anyone is on duty, then read)."""
    return list(on_duty_leads(queue)) or list(leads_of_queue(queue))


def duty_roster(lead) -> list[dict]:
    """For the triage page: each queue `lead` leads, the end of their own shift started by hand (or None), who
    is on duty now (by persona) and the next scheduled shift to start within the week. One query whatever the
    number of queues, leads and shifts: the queues come with the rows of `duty_rows`."""
    if not _is_lead(lead):
        return []
    now = timezone.now()
    rows = list(duty_rows(Queue.objects.filter(members=lead, archived_at__isnull=True), now, days_ahead=7)
                .select_related("queue").annotate(alias=F("user__staff__persona__alias"))
                .order_by("queue__name", "queue_id"))
    queues, names, mine = {}, {}, {}
    for row in rows:
        queues.setdefault(row.queue_id, row.queue)
        names[(row.queue_id, row.lead_id)] = public_name(row.alias)
        if row.lead_id == lead.pk and _by_hand_now(row, now):
            mine[row.queue_id] = row.until
    on_now = on_duty(rows, now)
    upcoming = [o for o in occurrences(rows, now, days_ahead=7) if o.starts > now]
    roster = []
    for queue_id, queue in queues.items():
        on_duty_names = sorted(names[key] for key in on_now if key[0] == queue_id)
        following = next((o for o in upcoming if o.queue_id == queue_id), None)
        roster.append({"queue": queue, "until": mine.get(queue_id), "on_duty": len(on_duty_names),
                       "names": on_duty_names, "next": following and {
                           "starts": following.starts, "name": names[(queue_id, following.lead_id)]}})
    return roster


def _is_lead(user) -> bool:
    staff = getattr(user, "staff", None)
    return staff is not None and staff.role == Role.LEAD
