"""The on-duty roster: level 1 of an escalation tells the leads on duty for its queue, not every lead of it.

A lead is on duty for a queue during a shift of its weekly schedule (`escalation.schedule`), or for a shift
started by hand: they go on duty for a queue they lead (`DUTY_HOURS` by default, at most `MAX_DUTY_HOURS`) and
off again, and that shift also ends by itself. Either way only active leads still in the queue count. When
nobody is on duty for the queue, level 1 tells every lead of the queue, as it would without a roster: an
escalation is never told to nobody.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from agents.audit import audit_record
from agents.identity import TEAM_NAME_FALLBACK
from agents.models import Role
from escalation.duty_models import LeadDuty
from escalation.schedule import scheduled_now, shifts_around
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


def on_duty_leads(queue: Queue | QuerySet[Queue]):
    """The leads of `queue` (or of any of several) on duty now for one of them: on a scheduled shift or on a
    shift started by hand. The one place level 1 asks."""
    queues = queue if isinstance(queue, QuerySet) else Queue.objects.filter(pk=queue.pk)
    now = timezone.now()
    by_hand = _started_by_hand(queues, now).values("lead")
    scheduled = {lead_id for _queue_id, lead_id in scheduled_now(queues, now)}
    return leads_of_queue(queues).filter(Q(pk__in=by_hand) | Q(pk__in=scheduled))


def _started_by_hand(queues, now) -> QuerySet[LeadDuty]:
    """Shifts started by hand under way at `now`, of leads still in the shift's queue."""
    return LeadDuty.objects.filter(queue__in=queues, since__lte=now, until__gt=now, lead__queues=F("queue"))


def first_level_leads(queue: Queue | QuerySet[Queue]) -> list:
    """Who level 1 tells: the queue's leads on duty, or every lead of the queue when nobody is. The roster is
    read once (not asked whether anyone is on duty, then read)."""
    return list(on_duty_leads(queue)) or list(leads_of_queue(queue))


def duty_roster(lead) -> list[dict]:
    """For the triage page: each queue `lead` leads, the end of their own shift started by hand (or None), who
    is on duty now (by persona) and the next scheduled shift to start. Three queries whatever the number of
    queues, leads and shifts."""
    if not _is_lead(lead):
        return []
    now = timezone.now()
    mine = LeadDuty.objects.filter(queue=OuterRef("pk"), lead=lead, since__lte=now, until__gt=now)
    queues = list(Queue.objects.filter(members=lead, archived_at__isnull=True).annotate(
        my_until=Subquery(mine.values("until")[:1])
    ))
    ids = [q.pk for q in queues]
    # Active leads of these queues, by membership: who counts, the name colleagues know them by, and whether
    # they started a shift by hand that is under way.
    by_hand = LeadDuty.objects.filter(queue=OuterRef("queue_id"), lead=OuterRef("user_id"), since__lte=now,
                                      until__gt=now)
    members = (Queue.members.through.objects.filter(queue_id__in=ids, user__in=leads_of_queue(Queue.objects.all()))
               .annotate(by_hand=Exists(by_hand))
               .values_list("queue_id", "user_id", "user__staff__persona__alias", "by_hand"))
    names, on_now = {}, set()
    for queue_id, user_id, alias, on_by_hand in members:
        names[(queue_id, user_id)] = alias or TEAM_NAME_FALLBACK
        if on_by_hand:
            on_now.add((queue_id, user_id))
    upcoming = []
    for shift in shifts_around(ids, now, days_ahead=7):
        if (shift.queue_id, shift.lead_id) not in names:
            continue
        if shift.starts <= now < shift.ends:
            on_now.add((shift.queue_id, shift.lead_id))
        elif shift.starts > now:
            upcoming.append(shift)
    rows = []
    for queue in queues:
        on_duty = sorted(names[key] for key in on_now if key[0] == queue.pk)
        following = next((s for s in upcoming if s.queue_id == queue.pk), None)
        rows.append({"queue": queue, "until": queue.my_until, "on_duty": len(on_duty), "names": on_duty,
                     "next": following and {"starts": following.starts,
                                            "name": names[(queue.pk, following.lead_id)]}})
    return rows


def _is_lead(user) -> bool:
    staff = getattr(user, "staff", None)
    return staff is not None and staff.role == Role.LEAD
