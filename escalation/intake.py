"""Every customer message is classified for urgency once, on the `urgent` queue, and nothing is dropped.

`tickets` does not know this app: a `post_save` receiver on `Message` rings `classify_message` after the
message's transaction commits, whatever wrote it (portal, API, email, social, forum, a suspended customer's
message), and for the internal notes staff write on phone tickets (what the caller said). The classification
row is the marker; a beat sweep rings again for inbound messages still without one, with a backoff by age so
a stopped worker does not flood the broker.
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
from escalation.urgency_models import MessageClassification
from escalation.urgency_rules import urgency_ruleset
from tickets.models import Channel, Message, MessageKind

logger = logging.getLogger(__name__)

# What the customer said: their own messages, and the notes staff write of a phone call on a phone ticket.
INBOUND = Q(kind=MessageKind.CUSTOMER) | Q(kind=MessageKind.INTERNAL_NOTE, ticket__channel=Channel.PHONE)
DEFAULTS = {"STALL_SECONDS": 30, "SWEEP_SECONDS": 30, "LOOKBACK_DAYS": 7, "SWEEP_LIMIT": 2000, "MODEL": True}


def urgency_setting(key: str):
    """`TACT_URGENCY[key]`, read at call time so `override_settings` works."""
    return {**DEFAULTS, **getattr(settings, "TACT_URGENCY", {})}[key]


def enqueue_classification(message_id: int) -> bool:
    from escalation.tasks import classify_message

    return ring(classify_message, message_id, what=f"message {message_id} urgency")


def message_saved(sender, instance: Message, created: bool, raw: bool = False, **kwargs) -> None:
    """post_save receiver: ring for a new inbound message once its transaction has committed."""
    phone_note = instance.kind == MessageKind.INTERNAL_NOTE and instance.ticket.channel == Channel.PHONE
    if created and not raw and (instance.kind == MessageKind.CUSTOMER or phone_note):
        message_id = instance.pk
        transaction.on_commit(lambda: enqueue_classification(message_id))


def message_classify(*, message_id: int) -> MessageClassification | None:
    """Classify one inbound message and raise an escalation per category found, in one transaction with the
    marker. None when there is nothing to do: not a customer message, or classified already (a redelivered
    or duplicated task)."""
    message = Message.objects.select_related("ticket").filter(INBOUND, pk=message_id).first()
    if message is None or MessageClassification.objects.filter(message_id=message_id).exists():
        return None
    ruleset = urgency_ruleset()
    model = default_model() if urgency_setting("MODEL") else None
    detections = classify(message.body, channel=message.ticket.channel, rules=ruleset, model=model)
    try:
        with transaction.atomic():
            marker = MessageClassification.objects.create(
                message=message, categories=[d.as_dict() for d in detections], rules_digest=ruleset.digest
            )
            for detection in detections:
                escalation_raise(
                    ticket=message.ticket,
                    category=detection.category,
                    message=message,
                    detection={
                        **detection.as_dict(),
                        "version": ruleset.digest if detection.source == "rules" else f"model {model and model.digest}",
                    },
                )
    except IntegrityError:
        if MessageClassification.objects.filter(message_id=message_id).exists():
            return None  # another worker classified it first
        raise
    if detections:
        logger.info("message %s: urgent %s", message_id, ",".join(d.category for d in detections))
    return marker


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
    """Beat: ring again for recent customer messages that have no classification yet; returns how many."""
    now = now or timezone.now()
    stall = timedelta(seconds=urgency_setting("STALL_SECONDS"))
    interval = timedelta(seconds=urgency_setting("SWEEP_SECONDS"))
    waiting = (
        Message.objects.filter(
            INBOUND,
            created_at__gte=now - timedelta(days=urgency_setting("LOOKBACK_DAYS")),
            created_at__lte=now - stall,
        )
        .exclude(pk__in=MessageClassification.objects.values("message_id"))
        .order_by("created_at")
        .values_list("pk", "created_at")[: urgency_setting("SWEEP_LIMIT")]
    )
    rung = 0
    for message_id, created_at in waiting:
        if _due(now - created_at, stall, interval):
            enqueue_classification(message_id)
            rung += 1
    if rung:
        logger.info("urgency sweep: %s unclassified messages rung again", rung)
    return rung
