"""The escalation queue's writes: raise, acknowledge, claim, release, resolve, dismiss, note.

Every move is checked against `TRANSITIONS` and made by a conditional update on the row's current status, so two
leads acting at once cannot both win: the loser's update changes nothing and they are told what happened
instead. Every move appends a timeline entry in the same transaction. Leads act only on escalations their queues
own (`Escalation.queue`, read by `escalation.selectors.escalations_visible_to`); anything else is refused as if it
did not exist.
"""
import hashlib
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agents.audit import audit_record
from agents.identity import public_identity
from agents.permissions import Perm, can
from config.locale import label_in_sentence
from escalation.alerts import escalation_alert_first_level, escalation_alert_leads, escalation_webhook_emit
from escalation.claim_notices import claim_override_record
from escalation.dashboard import dashboard_reroll_on_commit
from escalation.models import (
    ACTIVE,
    TRANSITIONS,
    Category,
    DismissalReason,
    EntryKind,
    Escalation,
    EscalationEntry,
    Outcome,
    Status,
)
from escalation.policy import deadlines, policy_snapshot
from escalation.selectors import claim_overrides_in_sight, escalations_visible_to
from tickets.access import queues_led_by, tickets_for
from tickets.intake import intake_queue
from tickets.models import CallLog, Message, MessageKind, Queue, Ticket
from tickets.webhooks.models import Event

NOTE_MAX = 2000
DETECTION_KEYS = {"category", "score", "spans", "triggers", "rules", "version", "source", "confirmed"}


class EscalationConflict(Exception):
    """The escalation moved on before this action landed (another lead claimed or closed it)."""

    def __init__(self, escalation: Escalation, message: str) -> None:
        super().__init__(message)
        self.escalation = escalation


def clean_note(note: str, field: str = "note") -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({field: _("Keep the note under 2,000 characters.")})
    return note


def _clean_detection(detection: dict | None) -> dict | None:
    """The detector's explanation, kept as labelled data: category, score, spans and triggers, nothing else."""
    if detection is None:
        return None
    if not isinstance(detection, dict) or not detection.keys() <= DETECTION_KEYS:
        raise ValidationError({"detection": _("A detection has only these keys: %(sorted)s.")
            % {"sorted": sorted(DETECTION_KEYS)}})
    return detection


def text_sha256(text: str) -> str:
    """The hash kept of evidence and of a classified call summary: one rule, so the two compare."""
    return hashlib.sha256(text.encode()).hexdigest()


def evidence_of(message: Message | None, call: CallLog | None = None) -> dict[str, Any]:
    """A copy of the message (or the call's summary) as received, with its hash: it stays on file even if the
    message changes."""
    source: dict[str, Message | CallLog]
    if message is not None:
        source, body, received_at = {"message": message}, message.body, message.created_at
    elif call is not None:
        source, body, received_at = {"call": call}, call.summary, call.at
    else:
        return {}
    return {
        **source,
        "evidence_body": body,
        "evidence_sha256": text_sha256(body),
        "evidence_received_at": received_at,
    }


def escalation_raise(
    *,
    ticket: Ticket | None,
    category: str,
    message: Message | None = None,
    call: CallLog | None = None,
    raised_by=None,
    note: str = "",
    detection: dict | None = None,
    harassment_kind: str = "",
    hand_back: bool = False,
) -> Escalation:
    """Raise `category` on `ticket`, by a person (`raised_by`, with an optional note) or by the detector
    (`raised_by=None`, with `detection`), about a `message` or a logged `call` on the ticket, or neither.
    Leads of the ticket's queue are alerted at once. Without a ticket, the detector raises it about a `call`
    logged without one; it belongs to the queue a ticket of the caller would land in (`intake_queue`).

    Idempotent while one is active: a second raise for the same ticket and category joins the first as a
    timeline entry (with its own evidence) and returns it; the same message or call raised again by the same
    raiser (a redelivered detection task) adds nothing. The partial unique constraint settles a race between two
    first raises: the loser joins the winner. A call raised again with an edited summary is a new entry.
    """
    if ticket is None and (call is None or message is not None or raised_by is not None):
        raise ValueError("Without a ticket, only the detector raises, about a call logged without one.")
    if category not in Category.values:
        raise ValidationError({"category": _("Choose one of the escalation categories.")})
    ticket_id = ticket.pk if ticket is not None else None
    if raised_by is not None and ticket is not None and (
        not can(raised_by, Perm.TICKETS_WORK) or not tickets_for(raised_by).filter(pk=ticket.pk).exists()
    ):
        raise PermissionDenied("That ticket is not in your queues.")
    if message is not None and message.ticket_id != ticket_id:
        raise ValidationError({"message": _("That message is not on this ticket.")})
    if call is not None and (message is not None or call.ticket_id != ticket_id):
        raise ValidationError({"call": _("That call is not on this ticket.")})
    note = clean_note(note)
    detection = _clean_detection(detection)
    entry_fields = {"actor": raised_by, "note": note, "data": _raise_data(detection), **evidence_of(message, call)}
    with transaction.atomic():
        # The ticket's row before its escalations': the order a move takes them in (`ticket_change`, then
        # `escalations_follow_ticket`), so a raise that joins and a move never wait on each other in a circle.
        queue_id = _ticket_queue_locked(ticket) if ticket is not None else None
        existing = _active_locked(ticket, category, call)
        if existing is None:
            if ticket is None:
                queue_id = _intake_queue_id(call)
            try:
                with transaction.atomic():
                    return _create(ticket, category, message, call, raised_by, note, detection,
                                   harassment_kind, hand_back, entry_fields, queue_id)
            except IntegrityError:
                existing = _active_locked(ticket, category, call)
                if existing is None:
                    raise
        if not _already_recorded(existing, entry_fields, raised_by):
            EscalationEntry.objects.create(escalation=existing, kind=EntryKind.RAISED_AGAIN, **entry_fields)
            if hand_back and not existing.handed_back:
                Escalation.objects.filter(pk=existing.pk).update(handed_back=True, updated_at=timezone.now())
                existing.handed_back = True
        return existing


def _raise_data(detection: dict | None) -> dict:
    return {"detection": detection} if detection is not None else {}


def _active_locked(ticket: Ticket | None, category: str, call: CallLog | None) -> Escalation | None:
    """The active escalation a raise joins: the ticket's of this category, or without a ticket the call's."""
    scope = Q(ticket=ticket) if ticket is not None else Q(ticket__isnull=True, call=call)
    return Escalation.objects.select_for_update().filter(scope, category=category, status__in=ACTIVE).first()


def _already_recorded(escalation: Escalation, entry_fields: dict, raised_by) -> bool:
    """The same message, or the same call with the same summary, raised again by the same raiser (a redelivered
    task): nothing to add. An edited call summary is new evidence."""
    if "message" in entry_fields:
        source = {"message": entry_fields["message"]}
    elif "call" in entry_fields:
        source = {"call": entry_fields["call"], "evidence_sha256": entry_fields["evidence_sha256"]}
    else:
        return False
    return escalation.entries.filter(
        kind__in=(EntryKind.RAISED, EntryKind.RAISED_AGAIN), actor=raised_by, **source
    ).exists()


def _ticket_queue_locked(ticket: Ticket) -> int:
    """The queue a ticket's new escalation is owned by: the ticket's as committed, read under its row lock.

    Never the caller's copy of the ticket: a detection task holds one from before it classified, and a move
    committed meanwhile would leave the escalation with the old queue's leads for good. The lock orders the
    raise against `ticket_change`, which holds it while `escalations_follow_ticket` moves the escalations."""
    return Ticket.objects.select_for_update().values_list("queue_id", flat=True).get(pk=ticket.pk)


def _intake_queue_id(call: CallLog | None) -> int | None:
    """A call logged without a ticket belongs to the queue a ticket of the caller would land in."""
    queue = intake_queue(call.customer) if call is not None else None
    return queue.pk if queue is not None else None


def _create(
    ticket, category, message, call, raised_by, note, detection, harassment_kind, hand_back, entry_fields, queue_id
):
    now = timezone.now()
    policy = policy_snapshot(category)
    acknowledge_by, resolve_by = deadlines(policy, now)
    escalation = Escalation.objects.create(
        ticket=ticket,
        customer_id=ticket.customer_id if ticket is not None else call.customer_id,
        queue_id=queue_id,
        message=message,
        call=call,
        category=category,
        harassment_kind=harassment_kind,
        severity=policy["severity"],
        raised_by=raised_by,
        note=note,
        detection=detection,
        handed_back=hand_back,
        caused_by_message=message if message is not None and message.kind == MessageKind.PUBLIC_REPLY else None,
        policy=policy,
        raised_at=now,
        acknowledge_by=acknowledge_by,
        resolve_by=resolve_by,
        due_at=acknowledge_by,
        next_step_at=now + timedelta(seconds=policy["level_timeout_s"]),
        updated_at=now,
    )
    EscalationEntry.objects.create(escalation=escalation, kind=EntryKind.RAISED, created_at=now, **entry_fields)
    if raised_by is not None:
        audit_record(actor=raised_by, action="escalation.raised", target=escalation, ticket=ticket,
                     data={"escalation": escalation.pk, "category": category})
    escalation_alert_leads(escalation=escalation)
    return escalation


def escalations_follow_ticket(*, ticket: Ticket, old_queue_id: int | None = None) -> int:
    """Give the ticket's escalations, closed ones included, the ticket's queue as their owning queue: its leads
    take them over as they take over the ticket, and the dashboard counts them there. Each active one says so on
    its timeline and the new queue's level 1 is told of it unless one of its leads has it in hand
    (`_active_follows`). Runs in the transaction that moves the ticket (`tickets.services.ticket_moved`), which
    holds the ticket's row lock. Returns how many moved."""
    moving = Escalation.objects.filter(ticket=ticket).exclude(queue_id=ticket.queue_id)
    # Locked after the ticket's row, the order a raise takes them in, so the statuses read here are the ones the
    # move acts on: a lead's acknowledgement committed first is seen, one waiting behind the move is refused
    # (`_still_in_scope`).
    active = list(moving.filter(status__in=ACTIVE).select_for_update().order_by("pk"))
    now = timezone.now()
    moved = moving.update(queue_id=ticket.queue_id, updated_at=now)
    names = dict(Queue.objects.filter(pk__in=[old_queue_id, ticket.queue_id]).values_list("pk", "name"))
    where = {"from_queue": old_queue_id, "to_queue": ticket.queue_id,
             "from_name": names.get(old_queue_id, ""), "to_name": names.get(ticket.queue_id, "")}
    for escalation in active:
        escalation.queue_id, escalation.ticket, escalation.updated_at = ticket.queue_id, ticket, now
        _active_follows(escalation, where=where, now=now)
    return moved


def _active_follows(escalation: Escalation, *, where: dict, now) -> None:
    """An active item that moved gets a `moved` entry (from and to queue, ids and names as they were then), and
    the new queue's level 1 is told at once, as at a raise, unless someone who leads that queue has it in hand:
    an open item always (nobody has seen it, and the old queue's leads who were told can no longer see it); an
    acknowledged one unless its acknowledger leads the new queue; a claim whose claimer does not lead it is
    released and the release tells (`_claim_release_out_of_reach`), so the level hears once per move. The
    levels' clock is left as it runs (`next_step_at`, `steps`, the policy snapshot): the next step is told to
    the new queue's level when it comes, and a move cannot put off the wider levels (docs/escalations.md)."""
    if escalation.status == Status.OPEN:
        holder = None
    elif escalation.status == Status.ACKNOWLEDGED:
        holder = escalation.acknowledged_by
    else:
        holder = escalation.claimed_by
    in_hand = holder is not None and escalations_visible_to(holder).filter(pk=escalation.pk).exists()
    if in_hand or escalation.status == Status.CLAIMED:
        EscalationEntry.objects.create(escalation=escalation, kind=EntryKind.MOVED, created_at=now,
                                       data={"moved": where})
        if not in_hand:
            _claim_release_out_of_reach(escalation, where=where, now=now)
        return
    escalation_alert_first_level(escalation=escalation, kind=EntryKind.MOVED, data={"moved": where}, now=now)


def _claim_release_out_of_reach(escalation: Escalation, *, where: dict, now) -> None:
    """A claim by a lead who cannot see the escalation's new queue would show the new queue's leads an item
    "claimed" by someone who can no longer act on it: release it (it stays acknowledged, `due_at` stays the
    resolve-by deadline and the re-trigger clock runs from the acknowledgement, as for a lead's release), say so
    on the timeline and tell the new queue's level 1 as a raise does, once per release."""
    claimer_id = escalation.claimed_by_id
    # Read under the row lock, so this changes the row; conditional all the same, like every move.
    released = Escalation.objects.filter(pk=escalation.pk, status=Status.CLAIMED, claimed_by=claimer_id).update(
        status=Status.ACKNOWLEDGED, claimed_by=None, claimed_at=None, updated_at=now
    )
    if released != 1:
        return
    escalation.status, escalation.claimed_by, escalation.claimed_at = Status.ACKNOWLEDGED, None, None
    ids = {"from_queue": where["from_queue"], "to_queue": where["to_queue"], "claimed_by": claimer_id}
    audit_record(actor=None, action="escalation.released", target=escalation, customer=escalation.customer_id,
                 ticket=escalation.ticket_id, data={"escalation": escalation.pk, **ids})
    # As the move's own entry: the queues by id and by name as they were; the claimer by id only (shown, if ever,
    # by persona when read).
    escalation_alert_first_level(escalation=escalation, kind=EntryKind.RELEASED, data={"moved": {**where, **ids}},
                                 now=now)


def ticket_moved_receiver(sender, ticket: Ticket, old_queue_id: int | None = None, **kwargs) -> None:
    """`tickets.services.ticket_moved`'s receiver (connected in `EscalationConfig.ready`): tickets/ sends, it
    does not import escalation/."""
    escalations_follow_ticket(ticket=ticket, old_queue_id=old_queue_id)
    dashboard_reroll_on_commit(ticket=ticket)


def _lead_scope_or_refuse(lead, escalation: Escalation) -> None:
    if not can(lead, Perm.SAFETY_ACT) or not escalations_visible_to(lead).filter(pk=escalation.pk).exists():
        raise PermissionDenied("That escalation is not in your queues.")


def _still_in_scope(lead) -> dict:
    """The lead's queues as a list of ids on the row's own column, for the conditional update: a ticket moved
    out of them between the scope check and the update (the move holds the row; PostgreSQL re-checks the
    condition on the moved row once it commits) leaves nothing to update, so no claim lands on an item its
    lead can no longer see. Admins see every queue."""
    if can(lead, Perm.ALL_QUEUES):
        return {}
    return {"queue_id__in": list(queues_led_by(lead).values_list("pk", flat=True))}


def _from(target: str) -> list[str]:
    """The statuses from which `target` may be reached, from the one table."""
    return [status for status, allowed in TRANSITIONS.items() if target in allowed]


def _conflict(escalation: Escalation) -> EscalationConflict:
    """Tell the lead who got there first, by persona, never by real name."""
    current = Escalation.objects.select_related("claimed_by", "closed_by").get(pk=escalation.pk)
    if current.status == Status.CLAIMED:
        text = gettext("Already claimed by %(who)s.") % {"who": public_identity(current.claimed_by).name}
    elif current.status in (Status.RESOLVED, Status.DISMISSED):
        who = public_identity(current.closed_by).name if current.closed_by_id else gettext("someone")
        status = current.get_status_display()
        text = gettext("Already %(status)s by %(who)s.") % {"status": label_in_sentence(status), "who": who}
    else:
        text = gettext("It is %(status)s now.") % {"status": label_in_sentence(current.get_status_display())}
    return EscalationConflict(current, text)


def _move(escalation: Escalation, *, lead, target: str, kind: str, note: str = "", data=None,
          extra_filter=None, claim_q: Q | None = None, webhook: str = "", **changes) -> Escalation:
    """Move `escalation` to `target` if it is still in a status that allows it (and, with `claim_q`, held as
    that condition allows); append the entry; tell webhook subscribers of `webhook` (an event name), once per
    escalation; return the fresh row. Raises EscalationConflict if another lead's move landed first."""
    _lead_scope_or_refuse(lead, escalation)
    now = timezone.now()
    data = dict(data or {})
    with transaction.atomic():
        rows = Escalation.objects.filter(pk=escalation.pk, status__in=_from(target), **_still_in_scope(lead),
                                         **(extra_filter or {}))
        if claim_q is not None:
            rows = rows.filter(claim_q)
        if rows.update(status=target, updated_at=now, **changes) != 1:
            _lead_scope_or_refuse(lead, escalation)
            raise _conflict(escalation)
        moved = Escalation.objects.get(pk=escalation.pk)
        # Closing keeps `claimed_by`: a claim other than the closer's was closed over (`claim_q` let it through
        # only when the lead confirmed that very claimant), so the timeline says so and the claimant is told.
        claimant = moved.claimed_by_id
        if target in (Status.RESOLVED, Status.DISMISSED) and claimant is not None and claimant != lead.pk:
            data["over_claim"] = claimant
            claim_override_record(escalation=moved, lead=lead, now=now)
        EscalationEntry.objects.create(
            escalation_id=escalation.pk, kind=kind, actor=lead, note=note, data=data, created_at=now
        )
        audit_record(actor=lead, action=f"escalation.{kind}", target=escalation, customer=escalation.customer_id,
                     ticket=escalation.ticket_id, data={"escalation": escalation.pk, **data})
        if webhook:
            escalation_webhook_emit(escalation=moved, event=webhook, by=lead)
    return moved


def _acknowledging(lead, now) -> dict:
    """The first acknowledgement wins: later moves keep its time and person. Closing an item nobody
    acknowledged acknowledges it too, so time-to-acknowledge is never missing."""
    return {
        "acknowledged_at": Coalesce(F("acknowledged_at"), Value(now)),
        "acknowledged_by": Coalesce(F("acknowledged_by"), Value(lead.pk)),
    }


def escalation_acknowledge(*, escalation: Escalation, lead, note: str = "") -> Escalation:
    """A lead has seen it: the acknowledge-by clock stops, the resolve-by clock keeps running."""
    note = clean_note(note)
    return _move(escalation, lead=lead, target=Status.ACKNOWLEDGED, kind=EntryKind.ACKNOWLEDGED, note=note,
                 extra_filter={"status": Status.OPEN}, due_at=F("resolve_by"), webhook=Event.ESCALATION_ACKNOWLEDGED,
                 **_acknowledging(lead, timezone.now()))


def escalation_claim(*, escalation: Escalation, lead) -> Escalation:
    """Take it: one conditional update, so of two leads claiming at once exactly one wins; the other gets
    EscalationConflict naming the winner by persona."""
    now = timezone.now()
    return _move(escalation, lead=lead, target=Status.CLAIMED, kind=EntryKind.CLAIMED,
                 claimed_by=lead, claimed_at=now, due_at=F("resolve_by"), webhook=Event.ESCALATION_ACKNOWLEDGED,
                 **_acknowledging(lead, now))


def escalation_release(*, escalation: Escalation, lead, note: str = "") -> Escalation:
    """Give a claim back (it stays acknowledged). Only the lead who holds it can."""
    note = clean_note(note)
    return _move(escalation, lead=lead, target=Status.ACKNOWLEDGED, kind=EntryKind.RELEASED, note=note,
                 extra_filter={"status": Status.CLAIMED, "claimed_by": lead}, claimed_by=None, claimed_at=None)


def _claim_allows(lead, over_claim_of: int | None) -> Q:
    """Whose claim a close may land on: none, the closer's own, or the one claimant the lead was shown and
    confirmed closing over. A claim taken (or changing hands) after the page was read is not confirmed, so the
    close is refused and the lead is told who holds it now."""
    allowed = Q(claimed_by__isnull=True) | Q(claimed_by=lead)
    return allowed | Q(claimed_by=over_claim_of) if over_claim_of else allowed


def escalation_resolve(*, escalation: Escalation, lead, outcome: str, note: str = "",
                       over_claim_of: int | None = None) -> Escalation:
    """Close it with an outcome. Over another lead's claim only with `over_claim_of` naming that lead (the
    form's confirmation): the timeline records it and the claimant is told (`ClaimOverride`)."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose what the outcome was.")})
    note = clean_note(note)
    now = timezone.now()
    return _move(escalation, lead=lead, target=Status.RESOLVED, kind=EntryKind.RESOLVED, note=note,
                 data={"outcome": outcome}, claim_q=_claim_allows(lead, over_claim_of), outcome=outcome,
                 closing_note=note, closed_by=lead, resolved_at=now, due_at=None, webhook=Event.ESCALATION_RESOLVED,
                 **_acknowledging(lead, now))


def escalation_dismiss(*, escalation: Escalation, lead, reason: str, note: str = "",
                       over_claim_of: int | None = None) -> Escalation:
    """Not what it was raised as. The category, message and detector's triggers stay on the row: a dismissal
    is a labelled negative for the detector (`escalation.selectors.dismissals_as_labels`). Over another lead's
    claim as for `escalation_resolve`."""
    if reason not in DismissalReason.values:
        raise ValidationError({"reason": _("Choose why this is dismissed.")})
    note = clean_note(note)
    now = timezone.now()
    return _move(escalation, lead=lead, target=Status.DISMISSED, kind=EntryKind.DISMISSED, note=note,
                 data={"reason": reason}, claim_q=_claim_allows(lead, over_claim_of), dismissal_reason=reason,
                 closing_note=note, closed_by=lead, resolved_at=now, due_at=None,
                 webhook=Event.ESCALATION_RESOLVED, **_acknowledging(lead, now))


def claim_override_seen(*, notice_id: int, lead) -> bool:
    """The claimant has read that their claim was closed over; False if it was not theirs, already read, or about
    an item they can no longer open (it is not shown to them either)."""
    return claim_overrides_in_sight(lead).filter(pk=notice_id).update(seen_at=timezone.now()) == 1


def escalation_note(*, escalation: Escalation, lead, note: str) -> EscalationEntry:
    """A lead's note on the timeline; any status."""
    _lead_scope_or_refuse(lead, escalation)
    note = clean_note(note)
    if not note:
        raise ValidationError({"note": _("Write the note first.")})
    return EscalationEntry.objects.create(escalation=escalation, kind=EntryKind.NOTE, actor=lead, note=note)
