"""Every write to tickets goes through these functions: they validate, record history and run atomically.

Public replies are not written here by views: they pass the reply gate (`redaction.services`), whose publish
step is the only caller of `reply_messages_create`.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.permissions import Perm, can
from config.app_settings import tact_limit
from tickets.closure import asks_for_information, closure_fields
from tickets.filetypes import CheckedFile, FileRefused, upload_check
from tickets.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Attachment,
    CallLog,
    Customer,
    Message,
    MessageKind,
    Priority,
    Queue,
    Restriction,
    Status,
    Ticket,
    TicketEvent,
)
from tickets.sla.clocks import (
    CLOCK_FIELDS,
    DUE_AT_ANSWERED,
    clock_met,
    clocks_customer_wrote,
    clocks_retarget,
    clocks_status_changed,
    due_at_refresh,
)

# Sent after commit when a customer writes, so other apps (escalation's urgency detector) can react without
# tickets importing them.
customer_message_received = Signal()  # kwargs: message
# Sent inside the transaction that solves a ticket, so what it starts (the satisfaction survey) commits or rolls
# back with the solve.
ticket_solved = Signal()  # kwargs: ticket
# Sent inside the transaction that moves a ticket to another queue, so what belongs to the ticket's queue in
# another app (its escalations' owning queue) moves with it or not at all.
ticket_moved = Signal()  # kwargs: ticket, old_queue_id

def event_record(*, ticket: Ticket, actor, kind: str, **data) -> TicketEvent:
    """Append to the ticket's history. Data holds ids and field values, never message bodies."""
    return TicketEvent.objects.create(ticket=ticket, actor=actor if actor and actor.pk else None, kind=kind, data=data)


def text_check(value: str, *, field: str) -> None:
    """Refuse text with a null character: PostgreSQL cannot store one (forms and serializers refuse it too, but
    services are also called with raw POST data)."""
    if "\x00" in value:
        raise ValidationError({field: _("This text contains a null character; remove it and try again.")})


def text_errors(values: dict[str, str]) -> dict[str, str]:
    """`text_check` over a form's fields at once: each field's message, for services that report every field's
    errors together rather than the first."""
    errors = {}
    for field, value in values.items():
        try:
            text_check(value, field=field)
        except ValidationError as exc:
            errors[field] = exc.message_dict[field][0]
    return errors


def body_length_check(body: str) -> None:
    """Refuse a body over the message limit or with a null character; shared by every place text is written
    (drafts included)."""
    text_check(body, field="body")
    limit = tact_limit("MESSAGE_MAX_CHARS")
    if len(body) > limit:
        raise ValidationError({"body": _("Messages are limited to %(limit)s characters; this one has %(len)s.")
            % {"limit": f"{limit:,}", "len": f"{len(body):,}"}})


def body_validate(body: str, *, noun: str = "message") -> str:
    """The body to store: stripped, not empty, within the limit."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a %(noun)s first.") % {"noun": noun}})
    body_length_check(body)
    return body


def attachments_validate(files: Iterable[UploadedFile]) -> list[CheckedFile]:
    """The files to store: within the per-message count and size limits, and each of a kind the file-type
    policy accepts by its content (`tickets.filetypes`). Each upload is read here, once; callers store or
    scan the returned bytes and sniffed kind."""
    files = [f for f in files if f]
    per_message = tact_limit("ATTACHMENTS_PER_MESSAGE")
    if len(files) > per_message:
        raise ValidationError({"attachments": _("Attach at most %(per_message)s files to one message.")
            % {"per_message": per_message}})
    limit = tact_limit("ATTACHMENT_MAX_BYTES")
    for f in files:  # before anything is read
        if (f.size or 0) > limit:
            raise ValidationError(
                {"attachments": _("%(name)s is %(size)s bytes; files are limited to %(limit)s bytes.")
                    % {"name": f.name, "size": f"{f.size:,}", "limit": f"{limit:,}"}}
            )
    checked = []
    for f in files:
        try:
            checked.append(upload_check(f))
        except FileRefused as refused:
            raise ValidationError({"attachments": _("%(name)s was not accepted: %(refused)s.")
                % {"name": f.name, "refused": refused}}) from None
    return checked


def attachments_add(message: Message, files: Iterable[CheckedFile]) -> None:
    for f in files:
        Attachment.objects.create(
            message=message,
            file=f.content(),
            filename=f.name[:200],
            size=f.size,
            content_type=f.sniffed.content_type[:100],
        )


def customer_message_add(
    *, ticket: Ticket, customer: Customer, body: str, files: Iterable[UploadedFile] = (), is_public_post=False
) -> Message:
    """A customer writes on their ticket; a solved or pending ticket opens again.

    A suspended customer's message is kept (it may be evidence) but changes nothing and notifies nobody: it
    waits in the leads' suspended view.
    """
    if ticket.customer_id != customer.pk:
        raise ValidationError(_("This ticket belongs to another customer."))
    if ticket.status == Status.CLOSED:
        raise ValidationError({"body": _("This ticket is closed. Open a new ticket instead.")})
    body = body_validate(body)
    checked = attachments_validate(files)
    suspended = customer.restriction == Restriction.SUSPENDED
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            ticket=ticket,
            kind=MessageKind.CUSTOMER,
            author_customer=customer,
            body=body,
            is_public_post=is_public_post,
            suspended=suspended,
            created_at=now,
        )
        attachments_add(message, checked)
        event_record(ticket=ticket, actor=None, kind="customer_message", message=message.pk, suspended=suspended)
        if suspended:
            return message
        # Their message answers any request for details: the countdown to closing stops.
        current = Ticket.objects.select_for_update().get(pk=ticket.pk)
        fields: dict[str, object] = {"updated_at": now, "awaiting_info_since": None, "info_reminded_at": None}
        if current.status in (Status.PENDING, Status.SOLVED):
            event_record(ticket=ticket, actor=None, kind="status", old=current.status, new=Status.OPEN)
            fields.update(status=Status.OPEN, closure_reason="", duplicate_of=None)
        for name, value in fields.items():
            setattr(current, name, value)
        written = [*fields, *clocks_customer_wrote(current, now=now)]
        current.save(update_fields=list(dict.fromkeys(written)))
        for name in written:
            setattr(ticket, name, getattr(current, name))
        transaction.on_commit(lambda: customer_message_received.send(sender=Message, message=message))
    return message


def note_add(*, ticket: Ticket, author, body: str, files: Iterable[UploadedFile] = ()) -> Message:
    """Internal notes are never shown to customers, so they skip the reply gate. Their `files` pass the same
    limits and file-type policy as every upload (`attachments_validate`), checked before anything is written."""
    if not can(author, Perm.TICKETS_WORK):
        raise ValidationError(_("Only staff can add internal notes."))
    body = body_validate(body)
    checked = attachments_validate(files)
    with transaction.atomic():
        message = Message.objects.create(ticket=ticket, kind=MessageKind.INTERNAL_NOTE, author_user=author, body=body)
        attachments_add(message, checked)
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=timezone.now())
        event_record(ticket=ticket, actor=author, kind="note", message=message.pk)
    return message


@dataclass(frozen=True)
class PublishedReply:
    """A reply the gate has cleared, as the thread stores it: under the persona's alias, never the real name."""

    ticket: Ticket
    author: Any
    body: str
    alias: str
    avatar_seed: str
    signature: str = ""
    # A staff-written subject the customer has not seen yet, scanned with this reply: it becomes public with it.
    subject: str = ""


def reply_messages_create(*, replies: list[PublishedReply]) -> list[Message]:
    """Write published public replies into their threads. Only the reply gate's publish step calls this.

    The worker publishes a batch at a time, so rows are inserted together and the tickets move in one update.
    Each reply's ticket must be as read in the caller's transaction: its running clocks are taken from it.
    """
    now = timezone.now()
    messages = Message.objects.bulk_create(
        Message(
            ticket=reply.ticket,
            kind=MessageKind.PUBLIC_REPLY,
            author_user=reply.author,
            author_alias=reply.alias,
            author_avatar_seed=reply.avatar_seed,
            author_signature=reply.signature,
            body=reply.body,
            created_at=now,
        )
        for reply in replies
    )
    for reply in replies:
        if reply.subject and not reply.ticket.subject_public:
            # Only a ticket whose subject is still unseen: the first such reply to publish names it.
            Ticket.objects.filter(pk=reply.ticket.pk, subject_public=False).update(
                subject=reply.subject, subject_public=True
            )
            reply.ticket.subject, reply.ticket.subject_public = reply.subject, True
    ticket_ids = {reply.ticket.pk for reply in replies}
    events = _sla_next_responses_stop(tickets={reply.ticket.pk: reply.ticket for reply in replies}, now=now)
    # One statement for every ticket, and right even if another publication moved a ticket meanwhile. The
    # first-response and next-response clocks stop; only the resolution clock may still run.
    Ticket.objects.filter(pk__in=ticket_ids).update(
        updated_at=now,
        first_responded_at=Coalesce(F("first_responded_at"), Value(now)),
        status=Case(When(status=Status.NEW, then=Value(Status.OPEN)), default=F("status")),
        next_response_due=None,
        sla_due_at=DUE_AT_ANSWERED,
    )
    for reply in replies:
        ticket = reply.ticket
        ticket.updated_at = now
        ticket.first_responded_at = ticket.first_responded_at or now
        if ticket.status == Status.NEW:
            ticket.status = Status.OPEN
        ticket.next_response_due = None
        due_at_refresh(ticket)
    events += _awaiting_info_start(replies=[reply for reply in replies if asks_for_information(reply.body)], now=now)
    TicketEvent.objects.bulk_create([*events, *(
        TicketEvent(
            ticket=message.ticket,
            actor=reply.author if reply.author and reply.author.pk else None,
            kind="reply_published",
            data={"message": message.pk},
        )
        for reply, message in zip(replies, messages, strict=True)
    )])
    return messages


def _sla_next_responses_stop(*, tickets: dict[int, Ticket], now) -> list[TicketEvent]:
    """Published replies stop any running next-response clock; whether each was met goes on the ticket's
    history for the leads' dashboard. The history rows, written with the batch's other events; the clocks
    themselves are cleared in the batch's ticket update. The tickets are as the gate read them in its
    publishing transaction (`redaction.publication.versions_locked`), so no second read."""
    return [
        TicketEvent(ticket_id=pk, kind="sla_next_response",
                    data={"met": clock_met(ticket.next_response_due, ticket.sla_paused_at or now)}, created_at=now)
        for pk, ticket in tickets.items()
        if ticket.next_response_due is not None
    ]


def _awaiting_info_start(*, replies: list[PublishedReply], now) -> list[TicketEvent]:
    """Replies that asked the customer for information: their open tickets wait for the details (pending),
    and the closure countdown (`tickets.closure`) starts again from now, one reminder to come. Returns the
    history rows of the status changes, for the caller to write with the batch's other events."""
    events = []
    for reply in replies:
        ticket = reply.ticket
        if Ticket.objects.filter(pk=ticket.pk, status=Status.OPEN).update(
            status=Status.PENDING, awaiting_info_since=now, info_reminded_at=None,
            sla_paused_at=Coalesce(F("sla_paused_at"), Value(now)), sla_due_at=None,
        ):
            events.append(TicketEvent(ticket=ticket, kind="status", data={
                "old": Status.OPEN, "new": Status.PENDING, "reason": "info_requested",
            }))
            # The caller's copy as the update left the row (no second read): paused from now, nothing due.
            ticket.status = Status.PENDING
            clocks_status_changed(ticket, old=Status.OPEN, now=now)
        elif not Ticket.objects.filter(pk=ticket.pk, status=Status.PENDING).update(
            awaiting_info_since=now, info_reminded_at=None
        ):
            continue
        ticket.status, ticket.awaiting_info_since, ticket.info_reminded_at = Status.PENDING, now, None
    return events


def ticket_change(
    *,
    ticket: Ticket,
    actor,
    status: str | None = None,
    priority: int | None = None,
    queue: Queue | None = None,
    assignee=None,
    unassign: bool = False,
    closure_reason: str | None = None,
    duplicate_of: Ticket | None = None,
) -> Ticket:
    """Change a ticket's status, priority, queue, assignee or closure reason, one history event per change.

    A solved or closed ticket has a closure reason (`resolved` unless one is given; a duplicate names the
    ticket it duplicates, which the actor must be able to see); reopening clears it. Leaving `pending` ends
    any wait for the customer's details.

    The row is read again under its lock and only the changed fields are written: the caller's copy may be
    stale (a reply published meanwhile moved the status and `first_responded_at`), and saving it whole would
    write those back. `ticket` is brought up to date with the row as committed.
    """
    with transaction.atomic():
        current = Ticket.objects.select_for_update().get(pk=ticket.pk)
        changes = _ticket_changes(current, actor, status, priority, queue, assignee, unassign)
        changes.update(_closure_changes(current, actor, changes, closure_reason, duplicate_of))
        if changes:
            _ticket_changes_apply(current, actor, changes)
    for field in _TICKET_CHANGE_FIELDS:
        setattr(ticket, field, getattr(current, field))
    return ticket


_TICKET_CHANGE_FIELDS = (
    "status", "priority", "queue_id", "assignee_id", "solved_at", *CLOCK_FIELDS,
    "first_responded_at", "updated_at", "closure_reason", "duplicate_of_id", "awaiting_info_since",
    "info_reminded_at",
)


def _closure_changes(ticket: Ticket, actor, changes: dict, reason: str | None, duplicate_of) -> dict[str, tuple]:
    """The closure reason's change, as {"closure": (old, new)} with (reason, duplicate id) pairs. The reason
    given applies to the status the ticket ends with; with no reason given, one already set is kept while the
    ticket stays closed."""
    from tickets.access import tickets_for

    status = changes.get("status", (None, ticket.status))[1]
    if duplicate_of is not None and not tickets_for(actor).filter(pk=duplicate_of.pk).exists():
        raise ValidationError({"duplicate_of": _("No ticket with that reference in your queues.")})
    if reason is None and duplicate_of is None and status in CLOSED_STATUSES and ticket.closure_reason:
        return {}
    fields = closure_fields(status=status, reason=reason or "", duplicate_of=duplicate_of, ticket=ticket)
    old = (ticket.closure_reason, ticket.duplicate_of_id)
    new = (fields["closure_reason"], fields["duplicate_of"].pk if fields["duplicate_of"] else None)
    return {"closure": (old, new)} if old != new else {}


def _ticket_changes(ticket: Ticket, actor, status, priority, queue, assignee, unassign) -> dict[str, tuple]:
    """What would change, as {name: (old, new)}; ValidationError for a change that is not allowed."""
    from tickets.access import queues_for

    changes: dict[str, tuple] = {}
    if status is not None and status != ticket.status:
        if status not in Status.values:
            raise ValidationError({"status": _("Unknown status %(value)s.") % {"value": repr(status)}})
        changes["status"] = (ticket.status, status)
    if priority is not None and int(priority) != ticket.priority:
        if int(priority) not in Priority.values:
            raise ValidationError({"priority": _("Unknown priority %(value)s.") % {"value": repr(priority)}})
        changes["priority"] = (ticket.priority, int(priority))
    target_queue = queue or ticket.queue
    if queue is not None and queue.pk != ticket.queue_id:
        if not queues_for(actor).filter(pk=queue.pk).exists():
            raise ValidationError({"queue": _("You can only move tickets to queues you belong to.")})
        if queue.archived_at is not None:
            raise ValidationError({"queue": _("This queue is archived: move the ticket to another one.")})
        changes["queue"] = (ticket.queue_id, queue.pk)
    if unassign and ticket.assignee_id is not None:
        changes["assignee"] = (ticket.assignee_id, None)
    elif assignee is not None and assignee.pk != ticket.assignee_id:
        if not can(assignee, Perm.TICKETS_WORK) or not target_queue.members.filter(pk=assignee.pk).exists():
            raise ValidationError({"assignee": _("The assignee must be staff in the ticket's queue.")})
        if ticket.customer.shielded_agents.filter(pk=assignee.pk).exists():
            raise ValidationError({"assignee": _("This customer may not be assigned to that agent (safety).")})
        changes["assignee"] = (ticket.assignee_id, assignee.pk)
    return changes


def _ticket_changes_apply(ticket: Ticket, actor, changes: dict[str, tuple]) -> None:
    """Write the changes to the locked row, naming the fields written, and tell webhook subscribers."""
    from tickets.webhooks.events import ticket_updated_emit

    now = timezone.now()
    written = ["updated_at"]  # a field may appear twice; save() takes each once
    events = []
    for name, (old, new) in changes.items():
        if name == "closure":
            ticket.closure_reason, ticket.duplicate_of_id = new
            written += ["closure_reason", "duplicate_of_id"]
            event_record(ticket=ticket, actor=actor, kind="closure", reason=new[0], duplicate_of=new[1])
            continue
        field = {"queue": "queue_id", "assignee": "assignee_id"}.get(name, name)
        setattr(ticket, field, new)
        written.append(field)
        events.append(event_record(ticket=ticket, actor=actor, kind=name, old=old, new=new))
    if "status" in changes:
        old_status = changes["status"][0]
        if ticket.status not in CLOSED_STATUSES:
            ticket.solved_at = None
        elif old_status not in CLOSED_STATUSES:  # solved → closed keeps the time it was first closed
            ticket.solved_at = now
        written.append("solved_at")
        if old_status == Status.PENDING:  # no longer waiting for the customer's details
            ticket.awaiting_info_since = ticket.info_reminded_at = None
            written += ["awaiting_info_since", "info_reminded_at"]
        written += clocks_status_changed(ticket, old=old_status, now=now)
    if "priority" in changes or "queue" in changes:
        written += clocks_retarget(ticket)
    ticket.updated_at = now
    ticket.save(update_fields=list(dict.fromkeys(written)))
    if "queue" in changes:
        ticket_moved.send(sender=Ticket, ticket=ticket, old_queue_id=changes["queue"][0])
    ticket_updated_emit(ticket=ticket, changes=changes, actor=actor, event_id=events[0].pk)
    if "status" in changes and ticket.status == Status.SOLVED:
        ticket_solved.send(sender=Ticket, ticket=ticket)


def tickets_return_to_queue(*, user, actor=None, queue: Queue | None = None, reason: str = "access_ended") -> int:
    """Unassign every open ticket of someone whose access ended (or, with `queue`, who left that queue), so the
    queue picks them up; each ticket's history says so (`assignee` → nobody, with `reason`). Returns how many."""
    mine = Ticket.objects.select_for_update().filter(assignee=user, status__in=OPEN_STATUSES)
    if queue is not None:
        mine = mine.filter(queue=queue)
    returned = 0
    with transaction.atomic():
        for ticket in mine:
            ticket.assignee, ticket.updated_at = None, timezone.now()
            ticket.save(update_fields=["assignee", "updated_at"])
            event_record(ticket=ticket, actor=actor, kind="assignee", old=user.pk, new=None, reason=reason)
            returned += 1
    return returned


# A call is logged after it happens (a day's slack for clocks and time zones), and no earlier than this: a
# mistyped year (0001, 9999) would otherwise reach the scanner's date arithmetic.
CALL_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CALL_LONGEST_S = 24 * 3600


def call_time_check(at: datetime) -> None:
    """Refuse a call time without a timezone, in the future, or before CALL_EARLIEST (the form checks it too)."""
    if timezone.is_naive(at):
        raise ValidationError({"at": _("Give the call's time with its timezone.")})
    if at < CALL_EARLIEST:
        raise ValidationError({"at": _("Calls logged here start in %(year)s; check the year.")
            % {"year": CALL_EARLIEST.year}})
    if at > timezone.now() + timedelta(days=1):
        raise ValidationError({"at": _("That time is in the future; log a call once it has happened.")})


def call_log(*, customer: Customer, agent, at: datetime, duration_s: int, summary: str = "", ticket=None) -> CallLog:
    call_time_check(at)
    if not 0 <= duration_s <= CALL_LONGEST_S:
        raise ValidationError({"duration_minutes": _("A call lasts between 0 minutes and a day.")})
    text_check(summary, field="summary")
    with transaction.atomic():
        call = CallLog.objects.create(
            customer=customer, ticket=ticket, agent=agent, at=at, duration_s=duration_s, summary=summary
        )
        if ticket is not None:
            event_record(ticket=ticket, actor=agent, kind="call_logged", call=call.pk)
    return call
