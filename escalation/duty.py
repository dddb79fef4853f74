"""The on-duty roster: level 1 of an escalation tells the leads on duty for its queue, not every lead of it.

A lead goes on duty for a queue they lead for a shift (`DUTY_HOURS` by default, at most `MAX_DUTY_HOURS`) and
off again; the shift also ends by itself. When nobody is on duty for the queue, level 1 tells every lead of
the queue, as it would without a roster: an escalation is never told to nobody.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from agents.audit import audit_record
from agents.models import Role
from escalation.duty_models import LeadDuty
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
    """The leads of `queue` (or of any of several) on duty now for one of them."""
    queues = queue if isinstance(queue, QuerySet) else Queue.objects.filter(pk=queue.pk)
    now = timezone.now()
    on_duty = LeadDuty.objects.filter(queue__in=queues, since__lte=now, until__gt=now).values("lead")
    return leads_of_queue(queues).filter(pk__in=on_duty)


def first_level_leads(queue: Queue | QuerySet[Queue]) -> list:
    """Who level 1 tells: the queue's leads on duty, or every lead of the queue when nobody is. The roster is
    read once (not asked whether anyone is on duty, then read)."""
    return list(on_duty_leads(queue)) or list(leads_of_queue(queue))


def duty_roster(lead) -> list[dict]:
    """For the triage page: each queue `lead` leads, the end of their own current shift (or None) and how many
    of its leads are on duty. One query whatever the number of queues."""
    if not _is_lead(lead):
        return []
    now = timezone.now()
    current = LeadDuty.objects.filter(queue=OuterRef("pk"), since__lte=now, until__gt=now, lead__is_active=True)
    queues = Queue.objects.filter(members=lead, archived_at__isnull=True).annotate(
        on_duty=Coalesce(Subquery(current.values("queue").annotate(n=Count("pk")).values("n")[:1]), 0),
        my_until=Subquery(current.filter(lead=lead).values("until")[:1]),
    )
    return [{"queue": q, "until": q.my_until, "on_duty": q.on_duty} for q in queues]


def _is_lead(user) -> bool:
    staff = getattr(user, "staff", None)
    return staff is not None and staff.role == Role.LEAD
