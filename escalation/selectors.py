"""Reads for the leads' pages and the safety parts of the ticket page."""
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from agents.permissions import Perm, can
from escalation.models import (
    ACTIVE,
    Category,
    DismissalReason,
    Escalation,
    EscalationEntry,
    ReportStatus,
    SafetyAction,
    SafetyReport,
    Status,
)
from tickets.access import customers_for, customers_led_by, tickets_for, tickets_led_by
from tickets.models import Customer, Message, Notification


def escalations_visible_to(user) -> QuerySet[Escalation]:
    """Escalations on tickets in the lead's queues (admins: all). Agents and customers see none.

    An escalation about a customer as a whole (no ticket; only reports filed before tickets were required) is
    seen by the leads of any queue the customer has a ticket in.
    """
    if not can(user, Perm.SAFETY_ACT):
        return Escalation.objects.none()
    return Escalation.objects.filter(
        Q(ticket__in=tickets_led_by(user)) | Q(ticket__isnull=True, customer__in=customers_led_by(user))
    )


def escalations_for_triage(user) -> QuerySet[Escalation]:
    """Active escalations, soonest breach first, then the most severe, then the oldest."""
    return (
        escalations_visible_to(user)
        .filter(status__in=ACTIVE)
        .select_related("ticket", "customer", "claimed_by__staff__persona", "raised_by__staff__persona")
        .order_by("due_at", "-severity", "raised_at", "id")
    )


def escalation_counts(user) -> dict[str, int]:
    """Active escalations per category, every category present (zero included)."""
    counts = dict(
        escalations_visible_to(user).filter(status__in=ACTIVE).values_list("category").annotate(n=Count("pk"))
    )
    return {value: counts.get(value, 0) for value in Category.values}


def unacknowledged_count(user) -> int:
    """What the navigation shows every lead: open escalations in their queues that nobody has acknowledged."""
    return escalations_visible_to(user).filter(status=Status.OPEN).count()


def escalation_detail(user, pk: int) -> Escalation:
    """One escalation with its timeline, or Escalation.DoesNotExist if it is outside the user's scope."""
    timeline = EscalationEntry.objects.select_related("actor__staff__persona")
    return (
        escalations_visible_to(user)
        .select_related("ticket__queue", "customer", "message", "claimed_by__staff__persona",
                        "acknowledged_by__staff__persona", "closed_by__staff__persona", "raised_by__staff__persona")
        .prefetch_related(Prefetch("entries", queryset=timeline))
        .get(pk=pk)
    )


def dismissals_as_labels() -> QuerySet[Escalation]:
    """Dismissed escalations with the reason they were not what they were raised as: labelled negatives for
    the detector (category, the message's text, the detector's triggers and spans)."""
    return (
        Escalation.objects.filter(status=Status.DISMISSED)
        .exclude(dismissal_reason=DismissalReason.DUPLICATE)
        .select_related("message")
        .order_by("resolved_at", "id")
    )


def reports_visible_to(user) -> QuerySet[SafetyReport]:
    """Leads see reports on customers in their queues (admins: all). Everyone else sees none."""
    if not can(user, Perm.SAFETY_ACT):
        return SafetyReport.objects.none()
    return SafetyReport.objects.filter(customer__in=customers_for(user))


def reports_for_dashboard(user, *, status: str = "") -> QuerySet[SafetyReport]:
    reports = reports_visible_to(user).select_related(
        "customer", "ticket", "reporter__staff__persona"
    ).prefetch_related(Prefetch("actions", queryset=_actions_with_email_state()))
    if status:
        reports = reports.filter(status=status)
    return reports


def _actions_with_email_state() -> QuerySet[SafetyAction]:
    """Actions with `email_state`: the outbox state of a warning's email (None for other actions), so the
    lead sees one that failed or was cut off mid-send."""
    notification_id = Cast(KeyTextTransform("notification", "data"), IntegerField())
    state = Notification.objects.filter(pk=OuterRef("notification_id")).values("state")[:1]
    return (
        SafetyAction.objects.select_related("lead__staff__persona")
        .alias(notification_id=notification_id)
        .annotate(email_state=Subquery(state))
    )


def report_counts(user) -> dict[str, int]:
    return reports_visible_to(user).aggregate(
        **{value: Count("pk", filter=Q(status=value)) for value in ReportStatus.values}
    )


def suspended_messages(user) -> QuerySet[Message]:
    """Messages that arrived while their author was suspended, for leads only, newest first."""
    if not can(user, Perm.SAFETY_ACT):
        return Message.objects.none()
    return (
        Message.objects.filter(suspended=True, ticket__in=tickets_for(user))
        .select_related("ticket", "author_customer")
        .order_by("-created_at", "-id")
    )


def customer_safety(customer: Customer) -> dict:
    """What the ticket page's side panel shows: the restriction and how many reports are still open."""
    return {
        "restriction": customer.restriction,
        "open_reports": SafetyReport.objects.filter(customer=customer, status=ReportStatus.OPEN).count(),
    }
