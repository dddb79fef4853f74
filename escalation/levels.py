"""Escalation levels, as on-call tools run them: an item nobody acknowledges is told to the next level when the
current one's timeout passes (the queue's leads, then every lead, then the administrators), the levels are run
through again `repeat` times, and an acknowledged item left unresolved re-triggers after its acknowledgement
timeout (level 1 is told again, and again after each such interval). Level 1 is the queue's leads on duty
(`escalation.duty`), or all its leads when nobody is on duty.

Everything follows the policy snapshot the item was raised with (`Escalation.policy`), never today's settings.
A step is one conditional update on the row (`steps` and `next_step_at` as read), so two beat runs at once
cannot both take it: the loser's update changes nothing and it sends nothing.

A step that tells someone locks the ticket's row before it updates the escalation's, the order a raise and a
move (`tickets.services.ticket_change`) take them in: its outbox rows point at the ticket, and on PostgreSQL a
row inserted with a foreign key takes a share lock on the row it names, so a step holding the escalation would
wait on a move holding the ticket while the move waits on the escalation (tests/escalation/test_step_move_race.py).
"""
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from escalation.alerts import LEVEL_ALERT, level_recipients
from escalation.models import ACTIVE, EntryKind, Escalation, EscalationEntry, Status
from tickets.models import Ticket
from tickets.notifications import notifications_schedule_staff

BATCH = 200


def escalations_advance(*, now=None) -> int:
    """Take every step that is due; returns how many steps were taken (a step that another run took first,
    or that only moves the clock of an acknowledged item, does not count)."""
    now = now or timezone.now()
    due = Escalation.objects.filter(status__in=ACTIVE, next_step_at__lte=now).order_by("next_step_at", "pk")
    return sum(escalation_step(escalation=escalation, now=now) for escalation in due[:BATCH])


def escalation_step(*, escalation: Escalation, now) -> bool:
    """One step for one due escalation; True if a level was told."""
    policy = escalation.policy
    levels = policy.get("levels") or []
    if not levels:
        return _take(escalation, changes={"next_step_at": None})
    if escalation.status == Status.OPEN:
        position = escalation.steps + 1
        if position >= len(levels) * (1 + int(policy.get("repeat", 0))):
            return _take(escalation, changes={"next_step_at": None})
        level = position % len(levels) + 1
        next_at = now + timedelta(seconds=policy["level_timeout_s"])
        return _take(escalation, changes={"level": level, "next_step_at": next_at},
                     kind=EntryKind.ESCALATED, notify=levels[level - 1], now=now)
    ack_timeout = timedelta(seconds=policy["ack_timeout_s"])
    retrigger_at = (escalation.acknowledged_at or escalation.raised_at) + ack_timeout
    if (escalation.next_step_at or now) < retrigger_at:
        # Acknowledged since this step was set: from now on its clock runs from the acknowledgement.
        return _take(escalation, changes={"next_step_at": retrigger_at})
    return _take(escalation, changes={"level": 1, "next_step_at": now + ack_timeout},
                 kind=EntryKind.RETRIGGERED, notify=levels[0], now=now)


def _take(escalation: Escalation, *, changes: dict, kind: str = "", notify: str = "", now=None) -> bool:
    """Apply `changes` if nobody took this step first; if it is a step that tells someone, record it and queue
    one outbox row per recipient in the same transaction."""
    with transaction.atomic():
        if kind and escalation.ticket_id is not None:
            list(Ticket.objects.select_for_update().filter(pk=escalation.ticket_id).values_list("pk", flat=True))
        taken = Escalation.objects.filter(
            pk=escalation.pk, status=escalation.status, steps=escalation.steps, next_step_at=escalation.next_step_at
        ).update(steps=F("steps") + 1, **changes)
        if taken != 1 or not kind:
            return False
        # A move committed while this step waited on the ticket changed the owning queue: tell the new one's level.
        escalation.refresh_from_db(fields=["queue"])
        recipients = list(level_recipients(escalation, notify))
        entry = EscalationEntry.objects.create(
            escalation=escalation, kind=kind, created_at=now,
            data={"level": changes["level"], "notify": notify, "emails": len(recipients)},
        )
        notifications_schedule_staff(kind=LEVEL_ALERT, about_id=entry.pk, recipients=recipients,
                                     ticket=escalation.ticket)
    return True
