"""Reads shared by the inbox, the ticket page and the API: every queryset starts from `tickets.access`."""
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.access import calls_for, queues_for, tickets_for
from tickets.keyset import Key
from tickets.models import OPEN_STATUSES, CallLog, Message, MessageKind, Queue, Ticket, TicketEvent
from tickets.search import best_matches, ticket_search
from tickets.sla.display import DueBands, sla_state

# The inbox's view tabs. Each narrows the viewer's tickets before the filters apply.
VIEWS = {
    "mine": _("Mine"),
    "unassigned": _("Unassigned"),
    "open": _("All open"),
    "all": _("Everything"),
}
DEFAULT_VIEW = "open"

SORTS = {
    "relevance": _("Best match"),
    "updated": _("Recently updated"),
    "created": _("Newest"),
    "priority": _("Priority"),
    "due": _("Due soonest"),
}
DEFAULT_SORT = "updated"
# A search is sorted by how well tickets match unless another order is asked for (`tickets.search`).
DEFAULT_SEARCH_SORT = "relevance"

# Each sort's columns, the id last so the order is total: the inbox pages through them by keyset
# (`tickets.keyset`). "updated" and "created" walk an index; see docs/scale.md for the others.
SORT_KEYS = {
    "relevance": [Key("rank", desc=True), Key("updated_at", desc=True), Key("id", desc=True)],
    "updated": [Key("updated_at", desc=True), Key("id", desc=True)],
    "created": [Key("created_at", desc=True), Key("id", desc=True)],
    "priority": [Key("priority", desc=True), Key("updated_at", desc=True), Key("id", desc=True)],
    "due": [Key("due_at", nulls_last=True), Key("id")],
}

def with_customer_updated_at(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """`customer_updated_at` on each ticket: when the customer last could see something new, their own message
    or a published reply, else the ticket's opening. `updated_at` also moves on internal work (notes,
    reassignment, priority), which a customer must not read: the portal and the customer API show this."""
    last_seen = Message.objects.filter(ticket=OuterRef("pk")).exclude(kind=MessageKind.INTERNAL_NOTE)
    return tickets.annotate(customer_updated_at=Coalesce(
        Subquery(last_seen.order_by("-created_at").values("created_at")[:1]), F("created_at"),
    ))


def assignees_prefetch() -> Prefetch:
    """Assignees and their personas in a second small query rather than three more joins on a list's query:
    PostgreSQL plans a join of eight tables for longer (20–50 ms at 100k tickets) than it runs it."""
    return Prefetch("assignee", queryset=User.objects.select_related("staff__persona"))


# Counts stop here: exact below it, "1,000+" above, so no count ever reads more than this many index entries.
COUNT_CAP = 1000


@dataclass(frozen=True)
class InboxQuery:
    """The inbox's cleaned filters. None (or "") means "not filtered"."""

    view: str = DEFAULT_VIEW
    queue: Queue | None = None
    status: str = ""
    assignee: str = ""  # "", "me", "none" or a user id
    priority: int | None = None
    channel: str = ""
    q: str = ""
    sort: str = DEFAULT_SORT
    sla: str = ""  # "", or a key of SLA_FILTERS


# The SLA filter: clocks breached, or running out within the warning window; each shows the rows wearing that
# badge (`tickets.sla.display.DueBands`).
SLA_FILTERS = {"breached": _("SLA breached"), "soon": _("SLA due soon")}
_SLA_FILTER_STATES = {"breached": "breached", "soon": "warning"}


def _with_sla(qs: QuerySet[Ticket], now: datetime) -> QuerySet[Ticket]:
    """`due_at`: the soonest running SLA deadline, stored on the row (`tickets.sla.clocks`), so sorting and
    filtering by it use the (queue, sla_due_at) index; `sla_state`: its badge's state at `now`, worked out by
    the query by the rule the SLA filter uses."""
    return qs.annotate(due_at=F("sla_due_at"), sla_state=sla_state(now))


def _sla_filter(qs: QuerySet[Ticket], sla: str, now: datetime) -> QuerySet[Ticket]:
    return qs.filter(DueBands.at(now).q(_SLA_FILTER_STATES[sla]))


def _view_filter(view: str, user, status: str = "") -> Q:
    """The tab's tickets; `status`, the status filter, is folded in. One of the open statuses replaces the tab's
    `status IN (open statuses)` rather than being ANDed to it: the planner multiplied the two conditions'
    selectivities, expected 19 open tickets in a queue that had 1,412 at a million tickets, and sorted all of
    them (joining each to its customer) instead of walking `ticket_queue_status_idx` in order: 15 ms, now 0.2."""
    statuses = Q(status__in=OPEN_STATUSES)
    if status in OPEN_STATUSES:
        statuses = Q(status=status)
    elif status:  # a closed status on an open tab: nothing, as the two conditions together say
        statuses &= Q(status=status)
    if view == "mine":
        return Q(assignee=user) & statuses
    if view == "unassigned":
        return Q(assignee__isnull=True) & statuses
    if view == "all":
        return Q(status=status) if status else Q()
    return statuses


def inbox_sort(query: InboxQuery) -> str:
    """The order the inbox pages in: "Best match" without search words is "Recently updated"."""
    return DEFAULT_SORT if query.sort == "relevance" and not query.q else query.sort


def inbox_tickets(*, user, query: InboxQuery, now: datetime | None = None) -> QuerySet[Ticket]:
    """The viewer's tickets for one view tab, filtered and searched, ready for a page in the order of
    `SORT_KEYS[inbox_sort(query)]` (`tickets.keyset.keyset_page` orders them). SLA states are as at `now`
    (default: now); the rows' badges (`tickets.inbox_rows`) must be worked out for the same moment."""
    now = now or timezone.now()
    qs = tickets_for(user).filter(_view_filter(query.view, user, query.status))
    if query.queue is not None:
        qs = qs.filter(queue=query.queue)
    if query.assignee == "me":
        qs = qs.filter(assignee=user)
    elif query.assignee == "none":
        qs = qs.filter(assignee__isnull=True)
    elif query.assignee:
        qs = qs.filter(assignee_id=int(query.assignee))
    if query.priority is not None:
        qs = qs.filter(priority=query.priority)
    if query.channel:
        qs = qs.filter(channel=query.channel)
    if query.sla:
        qs = _sla_filter(qs, query.sla, now)
    if query.q:
        qs = ticket_search(qs, query.q)
        if query.sort == "relevance":
            qs = best_matches(qs, query.q)
    return _with_sla(qs, now).select_related("customer", "queue").prefetch_related(assignees_prefetch())


def inbox_counts(*, user, current: QuerySet[Ticket] | None = None) -> dict[str, int]:
    """How many tickets each view tab holds (and `current`, the page's filtered list, under "current"), in one
    query, each count stopping at COUNT_CAP + 1: a count reads at most that many rows of an index, never every
    ticket of the viewer's queues. Callers show a count above COUNT_CAP as "1,000+"."""
    scopes = {name: tickets_for(user).filter(_view_filter(name, user)) for name in VIEWS}
    if current is not None:
        scopes["current"] = current
    parts, params = [], []
    for name, qs in scopes.items():
        try:
            sql, sql_params = qs.order_by().values("pk")[: COUNT_CAP + 1].query.sql_with_params()
        except EmptyResultSet:  # a filter that matches nothing by construction (an empty search)
            parts.append("0")
            continue
        # The ORM's own SQL for each scope, its values still parameters; the names are VIEWS' keys.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped_{name})")  # noqa: S608
        params.extend(sql_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(scopes, row, strict=True))


def count_shown(count: int) -> str:
    return f"{COUNT_CAP:,}+" if count > COUNT_CAP else f"{count:,}"


def assignable_staff(*, queues: QuerySet[Queue]) -> QuerySet[User]:
    """Active staff who belong to any of these queues, with their personas for display."""
    return (
        User.objects.filter(is_active=True, staff__isnull=False, queues__in=queues)
        .select_related("staff__persona")
        .distinct()
        .order_by("staff__persona__alias", "pk")
    )


def ticket_for_page(*, user, reference: str) -> Ticket:
    """One ticket the viewer may read, with what the ticket page shows. Raises Ticket.DoesNotExist."""
    return (
        tickets_for(user)
        .select_related("customer__organization", "queue", "assignee__staff__persona", "duplicate_of")
        .prefetch_related("customer__organization__contacts")
        .get(reference=reference)
    )


# The ticket page shows the newest messages of a thread; older ones come a page at a time ("Show older"). Each
# message shown costs its rows, its Python and its HTML: at 30 a 150-message thread's page missed its 40
# requests/s on a million-ticket desk, at 15 it makes them.
THREAD_RECENT = 15
THREAD_KEYS = [Key("created_at", desc=True), Key("id", desc=True)]


# What the thread shows of a customer who wrote a message is their name and handle: their contact details (the
# JSON lists, decoded per message) stay in the database.
THREAD_CUSTOMER_DEFERRED = [
    f"author_customer__{name}"
    for name in ("emails", "phones", "addresses", "account_ids", "card_last4", "ips", "merged_names")
]


def ticket_thread(*, ticket: Ticket) -> QuerySet[Message]:
    """Every message on the ticket for staff: customer messages, published replies and internal notes."""
    return (
        ticket.messages.select_related("author_customer", "author_user__staff__persona")
        .defer(*THREAD_CUSTOMER_DEFERRED)
        .prefetch_related("attachments")
    )


def customer_calls(*, ticket: Ticket, viewer, limit: int = 20) -> list[CallLog]:
    """The customer's newest calls the viewer may read (`tickets.access.calls_for`), with what the ticket page's
    list shows of them: when, how long, the summary and the reference of the ticket a call was about."""
    return list(
        calls_for(viewer).filter(customer_id=ticket.customer_id).select_related("ticket")
        .only("at", "duration_s", "summary", "customer_id", "ticket__reference")
        .order_by("-at")[:limit]
    )


# The ticket page's history, when opened, lists the newest HISTORY_RECENT events; "Show the whole history" lists all.
# A 150-message thread has some 450: rendering them all took longer than the rest of the page.
HISTORY_RECENT = 25


def _history_events() -> QuerySet[TicketEvent]:
    """Events with what a history line shows of their actor, the persona (`public_identity`): not the user's
    password, names and settings, nor their staff profile's (some 20 columns a line)."""
    persona = [f"actor__staff__persona__{name}" for name in ("alias", "avatar_seed", "pronouns", "signature")]
    return TicketEvent.objects.select_related("actor__staff__persona").only(
        "ticket_id", "kind", "data", "created_at", "actor__staff__user_id", *persona)


def ticket_history(*, ticket: Ticket, limit: int | None = None) -> tuple[list[TicketEvent], bool]:
    """The ticket's events, oldest first: every one, or the newest `limit` and whether older ones exist."""
    events = _history_events().filter(ticket=ticket)
    if limit is None:
        return list(events.order_by("created_at", "id")), False
    newest = list(events.order_by("-created_at", "-id")[: limit + 1])
    return newest[:limit][::-1], len(newest) > limit


def history_context(*, ticket: Ticket, events: list[TicketEvent]) -> list[TicketEvent]:
    """The reply submissions and overrides the newest lines of a cut history need: a held reply's line names
    whoever submitted that reply, and a lead's override replaces the gate's "published" line for its message,
    as the whole history would. Only those events are read (none when no line needs one), not every
    submission of a long thread."""
    held = {e.data.get("reply") for e in events if e.kind == "reply_held"} - {None}
    published = {e.data.get("message") for e in events if e.kind == "reply_published"} - {None}
    if not (held or published):
        return []
    wanted = Q(kind="reply_submitted", data__reply__in=sorted(held)) if held else Q()
    if published:
        override = Q(kind="reply_override", data__message__in=sorted(published))
        wanted = wanted | override if held else override
    return list(_history_events().filter(wanted, ticket=ticket))


def viewer_queues(*, user) -> QuerySet[Queue]:
    return queues_for(user).order_by("name")

