"""Reads shared by the inbox, the ticket page and the API: every queryset starts from `tickets.access`."""
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from tickets.access import queues_for, tickets_for
from tickets.models import OPEN_STATUSES, CallLog, Message, Queue, Ticket, TicketEvent
from tickets.search import best_matches, ticket_search
from tickets.sla.display import warning_window

# The inbox's view tabs. Each narrows the viewer's tickets before the filters apply.
VIEWS = {
    "mine": "Mine",
    "unassigned": "Unassigned",
    "open": "All open",
    "all": "Everything",
}
DEFAULT_VIEW = "open"

SORTS = {
    "relevance": "Best match",
    "updated": "Recently updated",
    "created": "Newest",
    "priority": "Priority",
    "due": "Due soonest",
}
DEFAULT_SORT = "updated"
# A search is sorted by how well tickets match unless another order is asked for (`tickets.search`).
DEFAULT_SEARCH_SORT = "relevance"


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


# The SLA filter: clocks breached, or running out within the warning window (`tickets.sla.display`).
SLA_FILTERS = {"breached": "SLA breached", "soon": "SLA due soon"}


def _with_due(qs: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """`due_at`: the soonest running SLA deadline, stored on the row (`tickets.sla.clocks`), so sorting and
    filtering by it use the (queue, sla_due_at) index."""
    return qs.annotate(due_at=F("sla_due_at"))


def _sla_filter(qs: QuerySet[Ticket], sla: str) -> QuerySet[Ticket]:
    now = timezone.now()
    if sla == "breached":
        return qs.filter(sla_due_at__lt=now)
    return qs.filter(sla_due_at__gte=now, sla_due_at__lt=now + warning_window())


def _view_filter(view: str, user) -> Q:
    if view == "mine":
        return Q(assignee=user, status__in=OPEN_STATUSES)
    if view == "unassigned":
        return Q(assignee__isnull=True, status__in=OPEN_STATUSES)
    if view == "all":
        return Q()
    return Q(status__in=OPEN_STATUSES)


def inbox_tickets(*, user, query: InboxQuery) -> QuerySet[Ticket]:
    """The viewer's tickets for one view tab, filtered, searched and sorted, ready for a list page."""
    qs = tickets_for(user).filter(_view_filter(query.view, user))
    if query.queue is not None:
        qs = qs.filter(queue=query.queue)
    if query.status:
        qs = qs.filter(status=query.status)
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
        qs = _sla_filter(qs, query.sla)
    order = [F("updated_at").desc(), F("id").desc()]
    if query.q:
        qs = ticket_search(qs, query.q)
        if query.sort == "relevance":
            qs, order = best_matches(qs, query.q), [F("rank").desc(), *order]
    qs = _with_due(qs).select_related("customer", "queue", "assignee__staff__persona")
    order = {
        "created": [F("created_at").desc(), F("id").desc()],
        "priority": [F("priority").desc(), F("updated_at").desc(), F("id").desc()],
        "due": [F("due_at").asc(nulls_last=True), F("id").asc()],
    }.get(query.sort, order)
    return qs.order_by(*order)


def inbox_counts(*, user) -> dict[str, int]:
    """How many tickets each view tab holds, in one query."""
    counts = tickets_for(user).aggregate(
        **{name: Count("pk", filter=_view_filter(name, user)) for name in VIEWS}
    )
    return {name: counts[name] or 0 for name in VIEWS}


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


def ticket_thread(*, ticket: Ticket) -> QuerySet[Message]:
    """Every message on the ticket for staff: customer messages, published replies and internal notes."""
    return ticket.messages.select_related("author_customer", "author_user__staff__persona").prefetch_related(
        "attachments"
    )


def customer_calls(*, ticket: Ticket, limit: int = 20) -> list[CallLog]:
    return list(
        ticket.customer.calls.select_related("agent__staff__persona", "ticket").order_by("-at")[:limit]
    )


def ticket_history(*, ticket: Ticket) -> list[TicketEvent]:
    return list(
        TicketEvent.objects.filter(ticket=ticket)
        .select_related("actor__staff__persona")
        .order_by("created_at", "id")
    )


def viewer_queues(*, user) -> QuerySet[Queue]:
    return queues_for(user).order_by("name")

