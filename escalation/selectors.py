"""Reads for the leads' pages, the navigation count and the safety parts of the ticket page."""
from django.contrib.auth.models import User
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from agents.permissions import Perm, can
from escalation.claim_models import ClaimOverride
from escalation.firstresponse import ReplyWarning, check, default_reply_model
from escalation.models import (
    ACTIVE,
    Category,
    DismissalReason,
    Escalation,
    EscalationEntry,
    Status,
)
from tickets.access import leads_of_queue, queues_led_by
from tickets.models import Customer, Message, MessageKind, Notification, Queue, Ticket


def escalations_visible_to(user) -> QuerySet[Escalation]:
    """Escalations whose owning queue (`Escalation.queue`: the ticket's, or the one chosen for a call logged
    without a ticket) is one of the lead's queues (admins: all), while their ticket, or without one their
    customer, is not deleted. Agents and customers see none. The one place escalations are scoped."""
    if not can(user, Perm.SAFETY_ACT):
        return Escalation.objects.none()
    # By the lead's few queue ids on one indexed column of the escalation, never by "ticket in every ticket of
    # the lead's queues": the triage page reads a handful of rows at any desk size.
    return Escalation.objects.filter(
        Q(ticket__isnull=False, ticket__deleted_at__isnull=True)
        | Q(ticket__isnull=True, customer__deleted_at__isnull=True),
        queue__in=queues_led_by(user),
    )


def _with_persona(field: str) -> Prefetch:
    """Staff and their personas in a second small query: three more joins each would make PostgreSQL plan the
    list's query for longer than it runs it."""
    return Prefetch(field, queryset=User.objects.select_related("staff__persona"))


def escalations_for_triage(user) -> QuerySet[Escalation]:
    """Active escalations, soonest breach first, then the most severe, then the oldest. `unled`: its owning
    queue has no lead to tell (`tickets.access.leads_of_queue`), so its alerts pass over to the wider levels;
    only administrators see such items, so only their list asks."""
    if can(user, Perm.ALL_QUEUES):
        unled = ~Exists(leads_of_queue(Queue.objects.filter(pk=OuterRef(OuterRef("queue_id")))))
    else:
        unled = Value(False)
    return (
        escalations_visible_to(user)
        .filter(status__in=ACTIVE)
        .annotate(unled=unled)
        .select_related("ticket", "customer")
        .prefetch_related(_with_persona("claimed_by"), _with_persona("raised_by"))
        .order_by("due_at", "-severity", "raised_at", "id")
    )


def escalation_counts(user) -> dict[str, int]:
    """Active escalations per category, every category present (zero included)."""
    counts = dict(
        escalations_visible_to(user).filter(status__in=ACTIVE).values_list("category").annotate(n=Count("pk"))
    )
    return {value: counts.get(value, 0) for value in Category.values}


def nav_counts(user) -> dict[str, int]:
    """What the navigation shows a lead, in one query: open escalations in their queues that nobody has
    acknowledged (`escalations_open`), and unread notices of escalations another lead closed over their claim,
    about items they can still open (`claims_closed_over`, `claim_overrides_in_sight`). Only the open items and
    those with such a notice are read, however many closed ones the lead's queues hold."""
    notices = _claim_overrides_unread(user).filter(escalation=OuterRef("pk"))
    per_item = notices.order_by().values("escalation").annotate(n=Count("pk")).values("n")
    return escalations_visible_to(user).filter(Q(status=Status.OPEN) | Exists(notices)).aggregate(
        escalations_open=Count("pk", filter=Q(status=Status.OPEN)),
        claims_closed_over=Coalesce(Sum(Subquery(per_item)), 0),
    )


# The outbox state of a warning's email (None for other entries), so the lead sees one that failed or was cut off.
_outbox_state = Notification.objects.filter(pk=OuterRef("notification_id")).values("state")[:1]


def escalation_detail(user, pk: int) -> Escalation:
    """One escalation with its timeline, or Escalation.DoesNotExist if it is outside the user's scope."""
    timeline = (
        EscalationEntry.objects.select_related("actor__staff__persona")
        .alias(notification_id=Cast(KeyTextTransform("notification", "data"), IntegerField()))
        .annotate(email_state=Subquery(_outbox_state))
    )
    return (
        escalations_visible_to(user)
        .select_related("ticket__queue", "queue", "customer", "message", "call", "caused_by_message",
                        "claimed_by__staff__persona", "acknowledged_by__staff__persona", "closed_by__staff__persona",
                        "raised_by__staff__persona")
        .prefetch_related(Prefetch("entries", queryset=timeline))
        .get(pk=pk)
    )


def dismissals_as_labels() -> QuerySet[Escalation]:
    """Dismissed escalations with the reason they were not what they were raised as: labelled negatives for
    the detector (category, the message's text or the call's summary, the detector's triggers and spans)."""
    return (
        Escalation.objects.filter(status=Status.DISMISSED)
        .exclude(dismissal_reason=DismissalReason.DUPLICATE)
        .select_related("message", "call")
        .order_by("resolved_at", "id")
    )


def suspended_messages(user) -> QuerySet[Message]:
    """Messages that arrived while their author was suspended, for leads only, newest first. Scoped by the lead's
    queue ids on each message's own ticket: the planner starts from the few suspended messages
    (`message_suspended_idx`), never from every ticket of the lead's queues."""
    return (
        Message.objects.filter(suspended=True, ticket__queue__in=queues_led_by(user), ticket__deleted_at__isnull=True)
        .select_related("ticket", "author_customer")
        .order_by("-created_at", "-id")
    )


def ticket_page_safety(ticket: Ticket) -> tuple[list[Escalation], int]:
    """The ticket's active escalations and how many active harassment reports its customer has (as
    `customer_safety` counts them), in one read: the ticket page shows them in two panels. Staff who can see
    the ticket may see these."""
    rows = list(
        Escalation.objects.filter(Q(ticket=ticket) | _reports_on(ticket.customer_id), status__in=ACTIVE)
        .order_by("due_at", "id")
    )
    count = sum(1 for e in rows if e.customer_id == ticket.customer_id and e.category == Category.AGENT_HARASSMENT)
    return [e for e in rows if e.ticket_id == ticket.pk], count


def customer_safety(customer: Customer) -> dict:
    """What the ticket page's side panel shows: the restriction and how many harassment reports are active."""
    active = Escalation.objects.filter(_reports_on(customer.pk), status__in=ACTIVE)
    return {"restriction": customer.restriction, "open_reports": active.count()}


def _reports_on(customer_id: int) -> Q:
    return Q(customer_id=customer_id, category=Category.AGENT_HARASSMENT)


def reply_draft_warnings(*, ticket: Ticket, text: str) -> list[ReplyWarning]:
    """The first-response checker's warnings on a staff reply draft for `ticket`, shown beside the gate's
    findings. The draft is a first response while no staff reply has been published on the ticket; it is read
    as public when the ticket's replies are (a forum thread, a public post). A blank draft (the ticket page's
    empty composer) has nothing to warn about: no read of the ticket's replies."""
    if not text.strip():
        return []
    first = not Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).exists()
    return check(
        text, channel=ticket.channel, public=ticket.replies_public, first_response=first, model=default_reply_model()
    )


def published_replies(ticket) -> QuerySet[Message]:
    """The ticket's published staff replies, newest first: what an escalation can point at as its cause."""
    return Message.objects.filter(ticket=ticket, kind=MessageKind.PUBLIC_REPLY).order_by("-created_at", "-id")


def _claim_overrides_unread(user) -> QuerySet[ClaimOverride]:
    """Notices to this lead that another lead closed an escalation over their claim, not yet marked read: what
    both the navigation's count and the triage page's list start from."""
    return ClaimOverride.objects.filter(claimant=user, seen_at__isnull=True)


def claim_overrides_in_sight(user) -> QuerySet[ClaimOverride]:
    """Unread notices of escalations another lead closed over this lead's claim, only about items the lead can
    still open: an item whose ticket moved to a queue they do not lead is out of their sight, notice and all.
    The triage page lists them and marking one read (`claim_override_seen`) finds it here."""
    return _claim_overrides_unread(user).filter(escalation__in=escalations_visible_to(user))


def claim_overrides_unseen(user) -> QuerySet[ClaimOverride]:
    """What the triage page lists under "Closed over your claim": newest first."""
    return (claim_overrides_in_sight(user)
            .select_related("escalation", "escalation__ticket", "closed_by__staff__persona")
            .order_by("-created_at", "-id")[:20])
