"""The signal to leads when one person views an unusual number of customers in a short time.

A beat task asks every minute who looked at more than `TACT_AUDIT["UNUSUAL_VIEWS"]["CUSTOMERS"]` different
customers within the last `WINDOW_S` seconds. Each such person gets one alert per window, itself an entry on
the audit trail ("audit.unusual_views", the person as its target), so the alert is as tamper-evident as what
it is about and the audit pages list it. `unusual_views_found` is sent for each new alert after commit, so
other apps (the outbox, in `tickets`) can tell the leads without `agents` knowing them.
"""
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from agents.audit import audit_record, audit_setting
from agents.audit_selectors import alerted_since, unusual_viewers
from agents.models import AuditEntry

# Sent with `entry` (the alert's AuditEntry) and `person` (the User it is about), once the alert has committed.
unusual_views_found = Signal()


def unusual_views_check() -> list[AuditEntry]:
    """Record an alert for each person over the threshold who has not had one within the window."""
    limits = audit_setting("UNUSUAL_VIEWS")
    window = int(limits["WINDOW_S"])
    since = timezone.now() - timedelta(seconds=window)
    counts = unusual_viewers(since=since, more_than=int(limits["CUSTOMERS"]))
    alerts = []
    with transaction.atomic():
        fresh = set(counts) - alerted_since(since=since)
        for person in User.objects.filter(pk__in=fresh).order_by("pk"):
            entry = audit_record(
                actor=None, action="audit.unusual_views", target=person,
                data={"customers": counts[person.pk], "window_s": window, "threshold": int(limits["CUSTOMERS"])},
            )
            alerts.append((entry, person))
            transaction.on_commit(
                lambda entry=entry, person=person: unusual_views_found.send(
                    sender=AuditEntry, entry=entry, person=person
                )
            )
    return [entry for entry, _ in alerts]


def recent_alerts(*, hours: int = 24) -> list[AuditEntry]:
    """What the audit page shows above the trail: the last day's alerts, newest first."""
    since = timezone.now() - timedelta(hours=hours)
    return list(
        AuditEntry.objects.filter(action="audit.unusual_views", created_at__gte=since).order_by("-id")[:20]
    )
