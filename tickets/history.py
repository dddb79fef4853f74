"""The ticket's history as sentences a person would write: who did what, in their persona's name.

Events store ids (`tickets.models.TicketEvent.data`); this turns them into aliases, queue names and plain
words, with one query per kind of id. Steps nobody took by hand are told under the name of what took them: the
reply gate holds and publishes replies, Tact reopens a ticket its customer wrote to. A lead's override is the
lead's line, with the reason they gave, and replaces the gate's "published" line for that reply.
"""
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agents.identity import public_identity
from tickets.models import ClosureReason, Message, Priority, Queue, Status, Ticket, TicketEvent
from tickets.satisfaction.models import Rating
from tickets.stamps import stamp

GATE = gettext_lazy("Reply gate")
SYSTEM = "Tact"


@dataclass(frozen=True)
class HistoryLine:
    event: TicketEvent
    actor: str
    text: str
    when_iso: str  # the event's time in the viewer's zone, as `{{ value|date:'c' }}`
    when_shown: str  # and as the `date` filter writes "j M Y, H:i"


def history_lines(
    *, ticket: Ticket, events: list[TicketEvent], context: list[TicketEvent] = (), aliases: dict | None = None
) -> list[HistoryLine]:
    """One line per event, oldest first; an override's own "published" event is folded into the override.
    `context`: older events (`tickets.selectors.history_context`) that name authors but get no line.
    `aliases`: published replies' author aliases already read (message id to alias), not read again."""
    names = _Names(ticket, [*context, *events], aliases or {})
    overridden = {e.data.get("message") for e in [*context, *events] if e.kind == "reply_override"}
    lines = []
    for event in events:
        if event.kind == "reply_published" and event.data.get("message") in overridden:
            continue
        actor, text = _describe(event, names)
        when_iso, when_shown = stamp(event.created_at)
        lines.append(HistoryLine(event=event, actor=actor, text=text, when_iso=when_iso, when_shown=when_shown))
    return lines


class _Names:
    """Aliases, queue names and reply authors for every id the events mention, read once."""

    def __init__(self, ticket: Ticket, events: list[TicketEvent], aliases: dict):
        user_ids = {e.data.get(k) for e in events if e.kind == "assignee" for k in ("old", "new")} - {None}
        queue_ids = {e.data.get(k) for e in events if e.kind == "queue" for k in ("old", "new")} - {None}
        message_ids = {e.data.get("message") for e in events if e.kind in ("reply_published", "reply_override")}
        unread = message_ids - set(aliases) - {None}
        people = User.objects.filter(pk__in=user_ids).select_related("staff__persona") if user_ids else []
        self.users = {u.pk: public_identity(u).name for u in people}
        self.queues = dict(Queue.objects.filter(pk__in=queue_ids).values_list("pk", "name")) if queue_ids else {}
        self.message_authors = {pk: aliases[pk] for pk in message_ids if pk in aliases}
        if unread:
            self.message_authors.update(Message.objects.filter(pk__in=unread).values_list("pk", "author_alias"))
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
        self.customer = customer.handle or customer.name or _("The customer")

    def user(self, pk) -> str:
        return self.users.get(pk, _("someone")) if pk else _("nobody")


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


def _describe(event: TicketEvent, names: _Names) -> tuple[str, str]:
    data, kind = event.data, event.kind
    actor = public_identity(event.actor).name if event.actor_id else ""
    if kind == "created":
        channel = data.get("channel", "")
        text = _("opened the ticket (%(channel)s)") % {"channel": channel} if channel else _("opened the ticket")
        return actor or names.customer, text
    if kind == "customer_message":
        return names.customer, _("wrote while suspended (nobody was notified)") if data.get("suspended") else _("wrote")
    if kind == "status":
        old, new = _label(Status, data.get("old")), _label(Status, data.get("new"))
        if not actor and data.get("reason") == "info_requested":
            text = _("set the ticket to %(new)s: the published reply asks the customer for details")
            return SYSTEM, text % {"new": new}
        if not actor and data.get("new") in (Status.SOLVED, Status.CLOSED):
            text = _("changed the status from %(old)s to %(new)s: the customer did not send the details asked for")
            return SYSTEM, text % {"old": old, "new": new}
        if not actor:
            text = _("reopened the ticket when the customer wrote (%(old)s → %(new)s)")
            return SYSTEM, text % {"old": old, "new": new}
        return actor, _("changed the status from %(old)s to %(new)s") % {"old": old, "new": new}
    if kind == "priority":
        old, new = _label(Priority, data.get("old")), _label(Priority, data.get("new"))
        return actor or SYSTEM, _("changed the priority from %(old)s to %(new)s") % {"old": old, "new": new}
    if kind == "assignee":
        new = data.get("new")
        if not new and data.get("reason") == "access_ended":  # tickets.services.tickets_return_to_queue
            text = _("returned the ticket to the queue: access ended for %(name)s")
            return actor or SYSTEM, text % {"name": names.user(data.get("old"))}
        if not new and data.get("reason") == "left_queue":  # tickets.queues.queue_member_remove
            text = _("returned the ticket to the queue: %(name)s left it")
            return actor or SYSTEM, text % {"name": names.user(data.get("old"))}
        if not new:
            text = _("unassigned the ticket (it was %(name)s's)")
            return actor or SYSTEM, text % {"name": names.user(data.get("old"))}
        if event.actor_id and new == event.actor_id:
            return actor, _("took the ticket")
        return actor or SYSTEM, _("assigned the ticket to %(name)s") % {"name": names.user(new)}
    if kind == "queue":
        old, new = (names.queues.get(data.get(k), _("another queue")) for k in ("old", "new"))
        return actor or SYSTEM, _("moved the ticket from %(old)s to %(new)s") % {"old": old, "new": new}
    if kind == "note":
        return actor or SYSTEM, _("added an internal note")
    if kind == "call_logged":
        return actor or SYSTEM, _("logged a call")
    if kind == "reply_submitted":
        then = data.get("then_status")
        version = data.get("version", 1)
        if then:
            text = _("sent a reply to the reply gate (version %(version)s), to set the ticket to %(status)s once it "
                     "is published") % {"version": version, "status": _label(Status, then).lower()}
        else:
            text = _("sent a reply to the reply gate (version %(version)s)") % {"version": version}
        return actor or SYSTEM, text
    if kind == "reply_held":
        author = names.reply_authors.get(data.get("reply"), _("an agent"))
        if data.get("error"):
            text = _("could not check %(author)s's reply (version %(version)s) and held it for a person")
            return str(GATE), text % {"author": author, "version": data.get("version")}
        found = ", ".join(k.replace("_", " ") for k in data.get("kinds", [])) or _("private details")
        text = _("held %(author)s's reply (version %(version)s): it found %(found)s")
        return str(GATE), text % {"author": author, "version": data.get("version"), "found": found}
    if kind == "reply_published":
        author = names.message_authors.get(data.get("message")) or actor or _("an agent")
        return str(GATE), _("checked %(author)s's reply and published it") % {"author": author}
    if kind == "reply_override":
        author = names.message_authors.get(data.get("message")) or _("an agent")
        values = {"author": author, "version": data.get("version"), "reason": data.get("reason", "")}
        if author == actor:
            text = _("published their own held reply (version %(version)s) anyway. Reason: “%(reason)s”")
        else:
            text = _("published %(author)s's held reply (version %(version)s) anyway. Reason: “%(reason)s”")
        return actor or SYSTEM, text % values
    if kind == "closure":
        return actor or SYSTEM, _closure_text(data, names)
    if kind == "info_reminder":
        if data.get("sent"):
            return SYSTEM, _("reminded the customer by email that we are waiting for their details")
        return SYSTEM, _("did not send the reminder: its text would reveal a private detail")
    if kind == "survey_sent":
        return SYSTEM, _("asked the customer by email to rate the help they got")
    if kind == "survey_rated":
        rating = _label(Rating, data.get("rating"))
        if data.get("commented"):
            return names.customer, _("rated the help %(rating)s (with a comment)") % {"rating": rating}
        return names.customer, _("rated the help %(rating)s (without a comment)") % {"rating": rating}
    if kind == "sla_next_response":
        if data.get("met"):
            return SYSTEM, _("recorded the next response as in time")
        return SYSTEM, _("recorded the next response as late (SLA breached)")
    return actor or SYSTEM, kind.replace("_", " ")


def _closure_text(data: dict, names: _Names) -> str:
    reason = data.get("reason") or ""
    if not reason:
        return _("cleared the closure reason")
    values = {"reason": _label(ClosureReason, reason)}
    if data.get("duplicate_of"):
        values["other"] = names.references.get(data["duplicate_of"], _("another ticket"))
        text = _("recorded the closure reason: %(reason)s of %(other)s") % values
    else:
        text = _("recorded the closure reason: %(reason)s") % values
    if data.get("automatic"):
        text = " ".join([text, _("(closed automatically after the reminder went unanswered)")])
    return text
