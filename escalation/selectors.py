"""Reads for the leads' pages and the safety parts of the ticket page."""
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from agents.selectors import is_lead
from escalation.models import ReportStatus, SafetyAction, SafetyReport
from tickets.access import customers_for, tickets_for
from tickets.models import Customer, Message, Notification


def reports_visible_to(user) -> QuerySet[SafetyReport]:
    """Leads see reports on customers in their queues (admins: all). Everyone else sees none."""
    if not is_lead(user):
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
    if not is_lead(user):
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
