"""Every customer message is classified for urgency once, on the `urgent` queue, and nothing is dropped.

`tickets` does not know this app: a `post_save` receiver on `Message` rings `classify_message` after the
message's transaction commits, whatever wrote it (portal, API, email, social, forum, a suspended customer's
message), and for the internal notes staff write on phone tickets (what the caller said). A receiver on
`CallLog` does the same for a call logged on a ticket with a summary: the same task, by the call's id. The
classification row is the marker; a beat sweep rings again for inbound messages and calls still without one,
with a backoff by age so a stopped worker does not flood the broker.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from config.doorbell import ring
from escalation.detection import classify, default_model
from escalation.services import escalation_raise
from escalation.urgency_models import CallClassification, MessageClassification
from escalation.urgency_rules import urgency_ruleset
from tickets.models import CallLog, Channel, Message, MessageKind, Ticket

logger = logging.getLogger(__name__)

# What the customer said: their own messages, and the notes staff write of a phone call on a phone ticket.
INBOUND = Q(kind=MessageKind.CUSTOMER) | Q(kind=MessageKind.INTERNAL_NOTE, ticket__channel=Channel.PHONE)
# And what the caller said on a logged call, when it was logged on a ticket (an escalation needs one).
CALLS = Q(ticket__isnull=False) & ~Q(summary="")
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


def call_saved(sender, instance: CallLog, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save receiver: ring for a newly logged call with a summary once its transaction has committed. A
    later save (an edited call) rings nothing: the call was classified when it was logged."""
    if created and not raw and instance.ticket_id is not None and instance.summary.strip():
        call_id = instance.pk
        transaction.on_commit(lambda: enqueue_call_classification(call_id))


def message_classify(*, message_id: int) -> MessageClassification | None:
    """Classify one inbound message and raise an escalation per category found, in one transaction with the
    marker. None when there is nothing to do: not a customer message, or classified already (a redelivered
    or duplicated task)."""
    message = Message.objects.select_related("ticket").filter(INBOUND, pk=message_id).first()
    if message is None or MessageClassification.objects.filter(message_id=message_id).exists():
        return None
    return _classify(message.body, channel=message.ticket.channel, ticket=message.ticket,
                     marker=MessageClassification, source={"message": message}, what=f"message {message_id}")


def call_classify(*, call_id: int) -> CallClassification | None:
    """Classify a logged call's summary as a phone message, raising escalations that point at the call. None
    when there is nothing to do: no ticket or no summary, or classified already."""
    call = CallLog.objects.select_related("ticket").filter(CALLS, pk=call_id).first()
    if call is None or call.ticket is None or CallClassification.objects.filter(call_id=call_id).exists():
        return None
    return _classify(call.summary, channel=Channel.PHONE, ticket=call.ticket,
                     marker=CallClassification, source={"call": call}, what=f"call {call_id}")


def _classify(text: str, *, channel: str, ticket: Ticket, marker, source: dict, what: str):
    """Classify `text` and, in one transaction, create its `marker` row and raise an escalation per category
    found, each pointing at `source` ({"message": …} or {"call": …}). None if another worker got there first."""
    ruleset = urgency_ruleset()
    model = default_model() if urgency_setting("MODEL") else None
    detections = classify(text, channel=channel, rules=ruleset, model=model)
    try:
        with transaction.atomic():
            row = marker.objects.create(
                **source, categories=[d.as_dict() for d in detections], rules_digest=ruleset.digest
            )
            for detection in detections:
                escalation_raise(
                    ticket=ticket,
                    category=detection.category,
                    **source,
                    detection={
                        **detection.as_dict(),
                        "version": ruleset.digest if detection.source == "rules" else f"model {model and model.digest}",
                    },
                )
    except IntegrityError:
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
    """Beat: ring again for recent customer messages and logged calls that have no classification yet;
    returns how many."""
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
    rung = 0
    for waiting, arrived, enqueue in (
        (messages, "created_at", enqueue_classification),
        (calls, "logged_at", enqueue_call_classification),
    ):
        for pk, arrived_at in waiting.order_by(arrived).values_list("pk", arrived)[: urgency_setting("SWEEP_LIMIT")]:
            if _due(now - arrived_at, stall, interval):
                enqueue(pk)
                rung += 1
    if rung:
        logger.info("urgency sweep: %s unclassified messages and calls rung again", rung)
    return rung
