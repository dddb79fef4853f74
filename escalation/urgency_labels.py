"""Leads' decisions on escalations, as labelled data for measuring (and later improving) urgency detection.

A resolved escalation confirms its category for its message; one dismissed as "not this category" or as a
"harmless sense" says the message is not that category. Duplicates and "real but not urgent" say nothing
about the words, so they are left out, as are messages with an escalation still open. The lines have the
labelled sets' shape ({"id", "text", "channel", "categories"}), so `bench/urgency_eval.py --set FILE` measures
the rules on them; "dismissed" lists the categories people ruled out, "detected" what the detector found.
"""
from collections.abc import Iterator
from datetime import datetime

from escalation.models import ACTIVE, DismissalReason, Escalation, Status

UNINFORMATIVE = (DismissalReason.DUPLICATE, DismissalReason.NOT_URGENT)


def urgency_labels_export(*, since: datetime | None = None) -> Iterator[dict]:
    """One labelled line per customer message with a decided escalation, oldest message first."""
    escalations = Escalation.objects.filter(message__isnull=False).select_related("message__ticket")
    if since is not None:
        escalations = escalations.filter(raised_at__gte=since)
    by_message: dict[int, list[Escalation]] = {}
    for escalation in escalations.order_by("message_id", "id").iterator(chunk_size=500):
        by_message.setdefault(escalation.message_id, []).append(escalation)
    for message_id, group in by_message.items():
        if any(e.status in ACTIVE for e in group):
            continue
        confirmed = sorted({e.category for e in group if e.status == Status.RESOLVED})
        dismissed = sorted({
            e.category for e in group
            if e.status == Status.DISMISSED and e.dismissal_reason not in UNINFORMATIVE
        } - set(confirmed))
        if not confirmed and not dismissed:
            continue
        message = group[0].message
        yield {
            "id": f"message-{message_id}",
            "text": message.body,
            "channel": message.ticket.channel,
            "categories": confirmed,
            "dismissed": dismissed,
            "detected": sorted({e.category for e in group if e.raised_by_detector}),
        }
