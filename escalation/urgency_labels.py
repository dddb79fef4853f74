"""Leads' decisions on escalations, as labelled data for measuring (and later improving) urgency detection.

A resolved escalation confirms its category for its message (or a logged call's summary); one dismissed as
"not this category" or as a "harmless sense" says the message is not that category. Duplicates and "real but
not urgent" say nothing about the words, so they are left out, as are messages with an escalation still open.
The lines have the labelled sets' shape ({"id", "text", "channel", "categories"}), so `bench/urgency_eval.py
--set FILE` measures the rules on them; "dismissed" lists the categories people ruled out, "detected" what the
detector found.
"""
from collections.abc import Iterator
from datetime import datetime

from django.db.models import F, Q

from escalation.models import ACTIVE, DismissalReason, Escalation, Status
from tickets.models import Channel

UNINFORMATIVE = (DismissalReason.DUPLICATE, DismissalReason.NOT_URGENT)


def urgency_labels_export(*, since: datetime | None = None) -> Iterator[dict]:
    """One labelled line per customer message with a decided escalation, oldest message first, then one per
    logged call (its summary, read as a phone message)."""
    escalations = Escalation.objects.filter(Q(message__isnull=False) | Q(call__isnull=False)).select_related(
        "message__ticket", "call"
    )
    if since is not None:
        escalations = escalations.filter(raised_at__gte=since)
    by_source: dict[tuple[str, int], list[Escalation]] = {}
    messages_first = escalations.order_by(F("call_id").asc(nulls_first=True), "message_id", "id")
    for escalation in messages_first.iterator(chunk_size=500):
        key = ("message", escalation.message_id) if escalation.message_id else ("call", escalation.call_id)
        by_source.setdefault(key, []).append(escalation)
    for (kind, source_id), group in by_source.items():
        if any(e.status in ACTIVE for e in group):
            continue
        confirmed = sorted({e.category for e in group if e.status == Status.RESOLVED})
        dismissed = sorted({
            e.category for e in group
            if e.status == Status.DISMISSED and e.dismissal_reason not in UNINFORMATIVE
        } - set(confirmed))
        if not confirmed and not dismissed:
            continue
        message, call = group[0].message, group[0].call
        yield {
            "id": f"{kind}-{source_id}",
            "text": message.body if message is not None else call.summary,
            "channel": message.ticket.channel if message is not None else Channel.PHONE,
            "categories": confirmed,
            "dismissed": dismissed,
            "detected": sorted({e.category for e in group if e.raised_by_detector}),
        }
