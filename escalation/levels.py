"""Escalation levels, as on-call tools run them: an item nobody acknowledges is told to the next level when the
current one's timeout passes (the queue's leads on duty, then every lead of the queue, then the administrators:
only people who can open the item), the levels are run through again `repeat` times, and an acknowledged item
left unresolved re-triggers after its acknowledgement timeout (level 1 is told again, and again after each such
interval). Level 1 is the queue's leads on duty (`escalation.duty`), or all its leads when nobody is on duty. A
level with nobody to tell (a queue without leads, no administrator) is passed over at once for the next one that
has someone (`escalation.alerts.level_told`).

Everything follows the policy snapshot the item was raised with (`Escalation.policy`), never today's settings.
A step is one conditional update on the row (`steps` and `next_step_at` as read), so two beat runs at once
cannot both take it: the loser's update changes nothing and it sends nothing.

A step locks the ticket's row before it updates the escalation's, the order a raise and a
move (`tickets.services.ticket_change`) take them in: its outbox rows point at the ticket, and on PostgreSQL a
row inserted with a foreign key takes a share lock on the row it names, so a step holding the escalation would
wait on a move holding the ticket while the move waits on the escalation (tests/escalation/test_step_move_race.py).
"""
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from escalation.alerts import LEVEL_ALERT, Told, level_told
from escalation.models import ACTIVE, EntryKind, Escalation, EscalationEntry, Status
from escalation.policy import ladder_length
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
    """One step for one due escalation; True if a level was told (or the ladder ended saying nobody was left).

    A level that has nobody to tell is passed over for the next that has someone, at once (`level_told`): the
    ladder's position moves to the level told, whose timeout runs from now."""
    with transaction.atomic():
        if escalation.ticket_id is not None:
            list(Ticket.objects.select_for_update().filter(pk=escalation.ticket_id).values_list("pk", flat=True))
        # A move committed while this step waited on the ticket changed the owning queue: tell the new one's level.
        escalation.refresh_from_db(fields=["queue"])
        policy = escalation.policy
        levels = policy.get("levels") or []
        if not levels:
            return _take(escalation, changes={"next_step_at": None})
        if escalation.status == Status.OPEN:
            position, last = escalation.steps + 1, ladder_length(policy)
            if position >= last:
                return _take(escalation, changes={"next_step_at": None})
            told = level_told(escalation, start=position, stop=last)
            if told.position is None and not told.notify:
                # The rest of the ladder tells nobody: it ends here, and the timeline says why.
                return _take(escalation, changes={"next_step_at": None}, kind=EntryKind.ESCALATED, told=told,
                             now=now, level=escalation.level)
            position = position if told.position is None else told.position
            next_at = now + timedelta(seconds=policy["level_timeout_s"])
            return _take(escalation, changes={"level": position % len(levels) + 1, "next_step_at": next_at},
                         steps=position, kind=EntryKind.ESCALATED, told=told, now=now)
        ack_timeout = timedelta(seconds=policy["ack_timeout_s"])
        retrigger_at = (escalation.acknowledged_at or escalation.raised_at) + ack_timeout
        if (escalation.next_step_at or now) < retrigger_at:
            # Acknowledged since this step was set: from now on its clock runs from the acknowledgement.
            return _take(escalation, changes={"next_step_at": retrigger_at})
        told = level_told(escalation, start=0, stop=len(levels))
        level = 1 if told.position is None else told.position + 1
        return _take(escalation, changes={"level": level, "next_step_at": now + ack_timeout},
                     kind=EntryKind.RETRIGGERED, told=told, now=now)


def _take(escalation: Escalation, *, changes: dict, steps: int | None = None, kind: str = "",
          told: Told | None = None, now=None, level: int | None = None) -> bool:
    """Apply `changes` if nobody took this step first (`steps` becomes the ladder position told, or goes up by
    one); if it is a step that tells someone, record it and queue one outbox row per recipient in the caller's
    transaction."""
    taken = Escalation.objects.filter(
        pk=escalation.pk, status=escalation.status, steps=escalation.steps, next_step_at=escalation.next_step_at
    ).update(steps=F("steps") + 1 if steps is None else steps, **changes)
    if taken != 1 or not kind or told is None:
        return False
    entry = EscalationEntry.objects.create(
        escalation=escalation, kind=kind, created_at=now,
        data={"level": changes.get("level", level), "notify": told.notify, "emails": len(told.recipients),
              **told.data()},
    )
    notifications_schedule_staff(kind=LEVEL_ALERT, about_id=entry.pk, recipients=told.recipients,
                                 ticket=escalation.ticket)
    return True
