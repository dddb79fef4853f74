"""The ticket's history as sentences a person would write: who did what, in their persona's name.

Events store ids (`tickets.models.TicketEvent.data`); this turns them into aliases, queue names and plain
words, with one query per kind of id. Steps nobody took by hand are told under the name of what took them: the
reply gate holds and publishes replies, Tact reopens a ticket its customer wrote to. A lead's override is the
lead's line, with the reason they gave, and replaces the gate's "published" line for that reply.
"""
from dataclasses import dataclass

from django.contrib.auth.models import User

from agents.identity import public_identity
from tickets.models import ClosureReason, Message, Priority, Queue, Status, Ticket, TicketEvent
from tickets.satisfaction.models import Rating

GATE = "Reply gate"
SYSTEM = "Tact"


@dataclass(frozen=True)
class HistoryLine:
    event: TicketEvent
    actor: str
    text: str


def history_lines(*, ticket: Ticket, events: list[TicketEvent], context: list[TicketEvent] = ()) -> list[HistoryLine]:
    """One line per event, oldest first; an override's own "published" event is folded into the override.
    `context`: older events (`tickets.selectors.history_context`) that name authors but get no line."""
    names = _Names(ticket, [*context, *events])
    overridden = {e.data.get("message") for e in [*context, *events] if e.kind == "reply_override"}
    lines = []
    for event in events:
        if event.kind == "reply_published" and event.data.get("message") in overridden:
            continue
        actor, text = _describe(event, names)
        lines.append(HistoryLine(event=event, actor=actor, text=text))
    return lines


class _Names:
    """Aliases, queue names and reply authors for every id the events mention, read once."""

    def __init__(self, ticket: Ticket, events: list[TicketEvent]):
        user_ids = {e.data.get(k) for e in events if e.kind == "assignee" for k in ("old", "new")} - {None}
        queue_ids = {e.data.get(k) for e in events if e.kind == "queue" for k in ("old", "new")} - {None}
        message_ids = {e.data.get("message") for e in events if e.kind in ("reply_published", "reply_override")}
        people = User.objects.filter(pk__in=user_ids).select_related("staff__persona") if user_ids else []
        self.users = {u.pk: public_identity(u).name for u in people}
        self.queues = dict(Queue.objects.filter(pk__in=queue_ids).values_list("pk", "name")) if queue_ids else {}
        self.message_authors = (
            dict(Message.objects.filter(pk__in=message_ids - {None}).values_list("pk", "author_alias"))
            if message_ids else {}
        )
        # A held reply's event has no actor: its author is whoever submitted that reply.
        self.reply_authors = {
            e.data.get("reply"): public_identity(e.actor).name
            for e in events if e.kind == "reply_submitted" and e.actor_id
        }
        duplicate_ids = {e.data.get("duplicate_of") for e in events if e.kind == "closure"} - {None}
        self.references = (
            dict(Ticket.objects.filter(pk__in=duplicate_ids).values_list("pk", "reference")) if duplicate_ids else {}
        )
        customer = ticket.customer
        self.customer = customer.handle or customer.name or "The customer"

    def user(self, pk) -> str:
        return self.users.get(pk, "someone") if pk else "nobody"


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


def _describe(event: TicketEvent, names: _Names) -> tuple[str, str]:
    data, kind = event.data, event.kind
    actor = public_identity(event.actor).name if event.actor_id else ""
    if kind == "created":
        channel = data.get("channel", "")
        return actor or names.customer, f"opened the ticket{f' ({channel})' if channel else ''}"
    if kind == "customer_message":
        return names.customer, "wrote" + (" while suspended (nobody was notified)" if data.get("suspended") else "")
    if kind == "status":
        old, new = _label(Status, data.get("old")), _label(Status, data.get("new"))
        if not actor and data.get("reason") == "info_requested":
            return SYSTEM, f"set the ticket to {new}: the published reply asks the customer for details"
        if not actor and data.get("new") in (Status.SOLVED, Status.CLOSED):
            return SYSTEM, f"changed the status from {old} to {new}: the customer did not send the details asked for"
        if not actor:
            return SYSTEM, f"reopened the ticket when the customer wrote ({old} → {new})"
        return actor, f"changed the status from {old} to {new}"
    if kind == "priority":
        return actor or SYSTEM, (
            f"changed the priority from {_label(Priority, data.get('old'))} to {_label(Priority, data.get('new'))}"
        )
    if kind == "assignee":
        new = data.get("new")
        if not new and data.get("reason") == "access_ended":  # tickets.services.tickets_return_to_queue
            return actor or SYSTEM, f"returned the ticket to the queue: access ended for {names.user(data.get('old'))}"
        if not new and data.get("reason") == "left_queue":  # tickets.queues.queue_member_remove
            return actor or SYSTEM, f"returned the ticket to the queue: {names.user(data.get('old'))} left it"
        if not new:
            return actor or SYSTEM, f"unassigned the ticket (it was {names.user(data.get('old'))}'s)"
        if event.actor_id and new == event.actor_id:
            return actor, "took the ticket"
        return actor or SYSTEM, f"assigned the ticket to {names.user(new)}"
    if kind == "queue":
        old, new = (names.queues.get(data.get(k), "another queue") for k in ("old", "new"))
        return actor or SYSTEM, f"moved the ticket from {old} to {new}"
    if kind == "note":
        return actor or SYSTEM, "added an internal note"
    if kind == "call_logged":
        return actor or SYSTEM, "logged a call"
    if kind == "reply_submitted":
        then = data.get("then_status")
        then_words = f", to set the ticket to {_label(Status, then).lower()} once it is published" if then else ""
        return actor or SYSTEM, f"sent a reply to the reply gate (version {data.get('version', 1)}){then_words}"
    if kind == "reply_held":
        author = names.reply_authors.get(data.get("reply"), "an agent")
        if data.get("error"):
            return GATE, f"could not check {author}'s reply (version {data.get('version')}) and held it for a person"
        found = ", ".join(k.replace("_", " ") for k in data.get("kinds", [])) or "private details"
        return GATE, f"held {author}'s reply (version {data.get('version')}): it found {found}"
    if kind == "reply_published":
        author = names.message_authors.get(data.get("message")) or actor or "an agent"
        return GATE, f"checked {author}'s reply and published it"
    if kind == "reply_override":
        author = names.message_authors.get(data.get("message")) or "an agent"
        whose = "their own" if author == actor else f"{author}'s"
        return actor or SYSTEM, (
            f"published {whose} held reply (version {data.get('version')}) anyway. Reason: “{data.get('reason', '')}”"
        )
    if kind == "closure":
        return actor or SYSTEM, _closure_text(data, names)
    if kind == "info_reminder":
        if data.get("sent"):
            return SYSTEM, "reminded the customer by email that we are waiting for their details"
        return SYSTEM, "did not send the reminder: its text would reveal a private detail"
    if kind == "survey_sent":
        return SYSTEM, "asked the customer by email to rate the help they got"
    if kind == "survey_rated":
        words = "with a comment" if data.get("commented") else "without a comment"
        return names.customer, f"rated the help {_label(Rating, data.get('rating'))} ({words})"
    if kind == "sla_next_response":
        return SYSTEM, "recorded the next response as " + ("in time" if data.get("met") else "late (SLA breached)")
    return actor or SYSTEM, kind.replace("_", " ")


def _closure_text(data: dict, names: _Names) -> str:
    reason = data.get("reason") or ""
    if not reason:
        return "cleared the closure reason"
    text = f"recorded the closure reason: {_label(ClosureReason, reason)}"
    if data.get("duplicate_of"):
        text += f" of {names.references.get(data['duplicate_of'], 'another ticket')}"
    if data.get("automatic"):
        text += " (closed automatically after the reminder went unanswered)"
    return text
