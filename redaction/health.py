"""How the gate is draining, for the health endpoint.

A worker can be alive and consume nothing (a Redis reconnect gone wrong, a wiped broker): a PID check does not
see that, but the age of the oldest reply still waiting for its scan does.
"""
from django.db.models import Min
from django.utils import timezone

from redaction.models import IN_FLIGHT, ReplyVersion
from redaction.policy import gate_setting


def oldest_pending_reply_age_s() -> float | None:
    """Seconds since the oldest pending or scanning version was submitted; None when nothing waits."""
    oldest = ReplyVersion.objects.filter(status__in=IN_FLIGHT).aggregate(at=Min("submitted_at"))["at"]
    if oldest is None:
        return None
    return round((timezone.now() - oldest).total_seconds(), 1)


def gate_health() -> tuple[dict, bool]:
    """The fields health reports, and whether the gate is healthy (nothing waits past the threshold)."""
    age = oldest_pending_reply_age_s()
    healthy = age is None or age <= gate_setting("HEALTH_MAX_PENDING_AGE_S")
    return {"oldest_pending_reply_age_s": age, "reply_gate": "ok" if healthy else "stalled"}, healthy
