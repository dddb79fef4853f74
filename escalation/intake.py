"""Every customer message is classified for urgency once, on the `urgent` queue, and nothing is dropped.

`tickets` does not know this app: a `post_save` receiver on `Message` rings `classify_message` after the
message's transaction commits, whatever wrote it (portal, API, email, social, forum, a suspended customer's
message), and for the internal notes staff write on phone tickets (what the caller said). A receiver on
`CallLog` does the same for a logged call with a summary, on a ticket or not, and again when its summary is
edited: the same task, by the call's id. The classification row is the marker (for a call, with the hash of the
summary it read); a beat sweep rings again for inbound messages and calls still without one, and for calls
edited since, with a backoff by age so a stopped worker does not flood the broker.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from config.doorbell import ring
from escalation.detection import classify, default_model
from escalation.models import EntryKind, EscalationEntry, Status
from escalation.services import escalation_raise, text_sha256
from escalation.urgency_models import CallClassification, MessageClassification
from escalation.urgency_rules import urgency_ruleset
from tickets.models import CallLog, Channel, Message, MessageKind, Ticket

logger = logging.getLogger(__name__)

# What the customer said: their own messages, and the notes staff write of a phone call on a phone ticket.
INBOUND = Q(kind=MessageKind.CUSTOMER) | Q(kind=MessageKind.INTERNAL_NOTE, ticket__channel=Channel.PHONE)
# And what the caller said on a logged call, on a ticket or not.
CALLS = ~Q(summary="")
CALL = "call"
DEFAULTS = {"STALL_SECONDS": 30, "SWEEP_SECONDS": 30, "LOOKBACK_DAYS": 7, "SWEEP_LIMIT": 2000, "MODEL": True}


def urgency_setting(key: str):
    """`TACT_URGENCY[key]`, read at call time so `override_settings` works."""
    return {**DEFAULTS, **getattr(settings, "TACT_URGENCY", {})}[key]


def enqueue_classification(message_id: int) -> bool:
    from escalation.tasks import classify_message

    return ring(classify_message, message_id, what=f"message {message_id} urgency")


def enqueue_call_classification(call_id: int) -> bool:
    from escalation.tasks import classify_message

    return ring(classify_message, call_id, CALL, what=f"call {call_id} urgency")


def message_saved(sender, instance: Message, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save receiver: ring for a new inbound message once its transaction has committed."""
    phone_note = instance.kind == MessageKind.INTERNAL_NOTE and instance.ticket.channel == Channel.PHONE
    if created and not raw and (instance.kind == MessageKind.CUSTOMER or phone_note):
        message_id = instance.pk
        transaction.on_commit(lambda: enqueue_classification(message_id))


def call_saved(sender, instance: CallLog, created: bool, raw: bool = False, update_fields=None, **kwargs) -> None:
    """post_save receiver: ring for a call with a summary once its transaction has committed: when it is
    logged, and when its summary changed since it was classified (marked stale in the same transaction, for the
    sweep). A save that leaves the summary as classified rings nothing; one of other fields reads nothing."""
    if raw or not instance.summary.strip() or (update_fields is not None and "summary" not in update_fields):
        return
    if not created:
        classified = CallClassification.objects.filter(call_id=instance.pk)
        if classified.filter(text_sha256=text_sha256(instance.summary)).exists():
            return
        classified.update(stale_since=timezone.now())
    call_id = instance.pk
    transaction.on_commit(lambda: enqueue_call_classification(call_id))


def message_classify(*, message_id: int) -> MessageClassification | None:
    """Classify one inbound message and raise an escalation per category found, in one transaction with the
    marker. None when there is nothing to do: not a customer message, or classified already (a redelivered
    or duplicated task)."""
    message = Message.objects.select_related("ticket").filter(INBOUND, pk=message_id).first()
    if message is None or MessageClassification.objects.filter(message_id=message_id).exists():
        return None

    def mark(categories: list, rules_digest: str) -> MessageClassification:
        return MessageClassification.objects.create(message=message, categories=categories,
                                                    rules_digest=rules_digest)

    return _classify(message.body, channel=message.ticket.channel, ticket=message.ticket, mark=mark,
                     source={"message": message}, what=f"message {message_id}")


def call_classify(*, call_id: int) -> CallClassification | None:
    """Classify a logged call's summary as a phone message, raising escalations that point at the call (on its
    ticket, or without one in the caller's queue: `escalation_raise`). Classified again once the summary was
    edited. None when there is nothing to do: no summary, or this summary classified already."""
    call = CallLog.objects.select_related("ticket", "customer").filter(CALLS, pk=call_id).first()
    if call is None or not call.summary.strip():
        return None
    digest = text_sha256(call.summary)
    previous = CallClassification.objects.filter(call_id=call_id).first()
    if previous is not None and previous.text_sha256 == digest:
        # Classified as it reads (a redelivered task; or edited and edited back before the task ran).
        CallClassification.objects.filter(call_id=call_id, stale_since=previous.stale_since).update(stale_since=None)
        return None

    def mark(categories: list, rules_digest: str) -> CallClassification:
        if previous is None:
            return CallClassification.objects.create(call=call, categories=categories, rules_digest=rules_digest,
                                                     text_sha256=digest)
        # Conditional on the row as read: of two workers (or a newer edit meanwhile) one goes on.
        moved = CallClassification.objects.filter(
            call_id=call_id, text_sha256=previous.text_sha256, stale_since=previous.stale_since
        ).update(categories=categories, rules_digest=rules_digest, text_sha256=digest, stale_since=None,
                 classified_at=timezone.now())
        if not moved:
            raise _Overtaken
        return CallClassification.objects.get(call_id=call_id)

    decided = _decided_words(call) if previous is not None else {}

    def already_decided(detection) -> bool:
        closed = decided.get(detection.category)
        return closed is not None and _words(call.summary, detection.spans) <= closed

    return _classify(call.summary, channel=Channel.PHONE, ticket=call.ticket, mark=mark, source={"call": call},
                     what=f"call {call_id}", skip=already_decided)


class _Overtaken(Exception):
    """Another worker classified the same text first, or it changed again: the newer ring does the work."""


def _words(text: str, spans) -> set[str]:
    return {text[start:end].casefold() for start, end in spans}


def _decided_words(call: CallLog) -> dict[str, set[str]]:
    """Per category, the words that raised the call's escalations a lead has since resolved or dismissed: the
    same words in an edited summary do not raise that category again (new words do)."""
    decided: dict[str, set[str]] = {}
    entries = EscalationEntry.objects.filter(
        escalation__call=call, escalation__status__in=(Status.RESOLVED, Status.DISMISSED), call=call,
        actor__isnull=True, kind__in=(EntryKind.RAISED, EntryKind.RAISED_AGAIN),
    ).values_list("escalation__category", "evidence_body", "data")
    for category, body, data in entries:
        spans = ((data or {}).get("detection") or {}).get("spans") or []
        decided.setdefault(category, set()).update(_words(body, spans))
    return decided


def _classify(text: str, *, channel: str, ticket: Ticket | None, mark, source: dict, what: str,
              skip=lambda detection: False):
    """Classify `text` and, in one transaction, record it (`mark`) and raise an escalation per category found
    (except those `skip` says a lead decided already), each pointing at `source` ({"message": …} or
    {"call": …}). None if another worker got there first."""
    ruleset = urgency_ruleset()
    model = default_model() if urgency_setting("MODEL") else None
    detections = classify(text, channel=channel, rules=ruleset, model=model)
    try:
        with transaction.atomic():
            row = mark([d.as_dict() for d in detections], ruleset.digest)
            for detection in detections:
                if skip(detection):
                    continue
                escalation_raise(
                    ticket=ticket,
                    category=detection.category,
                    **source,
                    detection={
                        **detection.as_dict(),
                        "version": ruleset.digest if detection.source == "rules" else f"model {model and model.digest}",
                    },
                )
    except _Overtaken:
        return None
    except IntegrityError:
        marker = MessageClassification if "message" in source else CallClassification
        if marker.objects.filter(**source).exists():
            return None  # another worker classified it first
        raise
    if detections:
        logger.info("%s: urgent %s", what, ",".join(d.category for d in detections))
    return row


def _due(age: timedelta, stall: timedelta, interval: timedelta) -> bool:
    """Ring at ages stall, 2×, 4×, 8× … stall (then hourly): each window as long as the sweep's interval, so
    one sweep in each rings, without a column to count rings in."""
    hour = timedelta(hours=1)
    if age >= hour:
        return (age - hour) % hour < interval
    threshold = stall
    while threshold <= age:
        if age < threshold + interval:
            return True
        threshold *= 2
    return False


def unclassified_sweep(*, now=None) -> int:
    """Beat: ring again for recent customer messages and logged calls that have no classification yet, and for
    calls edited since they were classified; returns how many."""
    now = now or timezone.now()
    stall = timedelta(seconds=urgency_setting("STALL_SECONDS"))
    interval = timedelta(seconds=urgency_setting("SWEEP_SECONDS"))
    since = now - timedelta(days=urgency_setting("LOOKBACK_DAYS"))
    messages = Message.objects.filter(INBOUND, created_at__gte=since, created_at__lte=now - stall).exclude(
        pk__in=MessageClassification.objects.values("message_id")
    )
    calls = CallLog.objects.filter(CALLS, logged_at__gte=since, logged_at__lte=now - stall).exclude(
        pk__in=CallClassification.objects.values("call_id")
    )
    # Calls whose summary was edited since it was classified (the primary key is the call's id).
    edited = CallClassification.objects.filter(stale_since__gte=since, stale_since__lte=now - stall)
    rung = 0
    for waiting, arrived, enqueue in (
        (messages, "created_at", enqueue_classification),
        (calls, "logged_at", enqueue_call_classification),
        (edited, "stale_since", enqueue_call_classification),
    ):
        for pk, arrived_at in waiting.order_by(arrived).values_list("pk", arrived)[: urgency_setting("SWEEP_LIMIT")]:
            if _due(now - arrived_at, stall, interval):
                enqueue(pk)
                rung += 1
    if rung:
        logger.info("urgency sweep: %s unclassified messages and calls rung again", rung)
    return rung
