"""Reads of the audit trail shared by its pages, its CSV export and the unusual-views alert."""
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import Count, QuerySet

from agents.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    actor: User | None = None
    nobody: bool = False  # entries no signed-in person made (failed sign-ins, system changes)
    customer_id: int | None = None
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None

    def as_data(self) -> dict:
        """What the filter was, for the export's own audit entry."""
        return {
            "actor": self.actor.pk if self.actor else None, "nobody": self.nobody, "customer": self.customer_id,
            "action": self.action, "since": self.since, "until": self.until,
        }


def audit_entries(query: AuditFilter) -> QuerySet[AuditEntry]:
    """Newest first. Every filter is served by an index (actor, customer or action, each with the time)."""
    entries = AuditEntry.objects.all()
    if query.actor is not None:
        entries = entries.filter(actor=query.actor)
    elif query.nobody:
        entries = entries.filter(actor__isnull=True)
    if query.customer_id is not None:
        entries = entries.filter(customer_id=query.customer_id)
    if query.action:
        entries = entries.filter(action=query.action)
    if query.since is not None:
        entries = entries.filter(created_at__gte=query.since)
    if query.until is not None:
        entries = entries.filter(created_at__lt=query.until)
    return entries.select_related("actor__staff__persona").order_by("-id")


def unusual_viewers(*, since: datetime, more_than: int) -> dict[int, int]:
    """People who looked at more than `more_than` different customers since `since`: {user id: customers}."""
    rows = (
        AuditEntry.objects.filter(action="customer.view", created_at__gte=since, actor__isnull=False)
        .values("actor_id")
        .annotate(customers=Count("customer_id", distinct=True))
        .filter(customers__gt=more_than)
    )
    return {row["actor_id"]: row["customers"] for row in rows}


def alerted_since(*, since: datetime) -> set[int]:
    """People leads were already told about since `since` (one alert per person per window)."""
    rows = AuditEntry.objects.filter(action="audit.unusual_views", created_at__gte=since)
    return {int(pk) for pk in rows.values_list("target_id", flat=True) if pk}
