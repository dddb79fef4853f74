"""Managing subscriptions (administrators only), delivering, replaying and sweeping deliveries.

Delivery is at least once: the row is claimed (`delivering`, committed) before the request, and a worker killed
mid-request leaves it for the sweep to try again, since only the receiver can know whether it arrived; the
`X-Tact-Delivery` header lets it drop a repeat. Every failed attempt is kept on the row (status, code,
duration, error) and retried after an exponential backoff until it is delivered or out of attempts.
"""
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agents.audit import audit_record
from agents.permissions import Perm, require
from tickets.webhooks.events import delivery_ring
from tickets.webhooks.models import (
    DeliveryState,
    Event,
    WebhookDelivery,
    WebhookSubscription,
    new_secret,
)
from tickets.webhooks.settings import webhook_setting
from tickets.webhooks.transport import (
    Attempt,
    DestinationRefused,
    destination_resolve,
    post,
    signed_headers,
    url_form_check,
)

logger = logging.getLogger(__name__)

# A delivery claimed longer ago than this was cut off (a request lasts at most two timeouts).
STALL_GRACE = timedelta(minutes=2)
# A pending delivery this far past its time lost its doorbell or retry chain.
DUE_GRACE = timedelta(seconds=60)
SWEEP_BATCH = 200
NAME_MAX = 100


def _clean(*, name: str, url: str, events: list[str]) -> tuple[str, str, list[str]]:
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = gettext("Give the subscription a name.")
    elif len(name) > NAME_MAX:
        errors["name"] = gettext("At most %(max)d characters.") % {"max": NAME_MAX}
    url = (url or "").strip()
    if len(url) > 500:
        errors["url"] = gettext("At most %(max)d characters.") % {"max": 500}
    elif "\x00" in url or not url:
        errors["url"] = gettext("Give the URL to deliver to.")
    else:
        try:
            url_form_check(url)
            destination_resolve(url, allow_private=webhook_setting("ALLOW_PRIVATE"))
        except DestinationRefused as exc:
            errors["url"] = str(exc)
    unknown = [e for e in events if e not in Event.values]
    if unknown or not events:
        errors["events"] = gettext("Choose at least one of the events listed.")
    if errors:
        raise ValidationError(errors)
    return name, url, sorted(set(events))


def subscription_create(
    *, admin, name: str, url: str, events: list[str], active: bool = True, request=None
) -> tuple[WebhookSubscription, str]:
    """A new subscription and its secret: the only time the secret is handed out (rotate to get a new one)."""
    require(admin, Perm.WEBHOOKS_MANAGE)
    name, url, events = _clean(name=name, url=url, events=events)
    with transaction.atomic():
        subscription = WebhookSubscription.objects.create(
            name=name, url=url, events=events, active=active, created_by=admin
        )
        audit_record(actor=admin, action="webhook.create", target=subscription, request=request,
                     data={"subscription": subscription.pk, "events": events})
    return subscription, subscription.secret


def subscription_update(
    *, admin, subscription: WebhookSubscription, name: str, url: str, events: list[str], active: bool, request=None
) -> WebhookSubscription:
    require(admin, Perm.WEBHOOKS_MANAGE)
    name, url, events = _clean(name=name, url=url, events=events)
    with transaction.atomic():
        WebhookSubscription.objects.filter(pk=subscription.pk, deleted_at__isnull=True).update(
            name=name, url=url, events=events, active=active, updated_at=timezone.now()
        )
        audit_record(actor=admin, action="webhook.update", target=subscription, request=request,
                     data={"subscription": subscription.pk, "events": events, "active": active})
    subscription.refresh_from_db()
    return subscription


def subscription_secret_rotate(*, admin, subscription: WebhookSubscription, request=None) -> str:
    """A new secret, in force for every delivery attempted from now on; returned once."""
    require(admin, Perm.WEBHOOKS_MANAGE)
    secret = new_secret()
    with transaction.atomic():
        WebhookSubscription.objects.filter(pk=subscription.pk).update(secret=secret, updated_at=timezone.now())
        audit_record(actor=admin, action="webhook.rotate_secret", target=subscription, request=request,
                     data={"subscription": subscription.pk})
    subscription.secret = secret
    return secret


def subscription_delete(*, admin, subscription: WebhookSubscription, request=None) -> None:
    """Stop it for good; its delivery log stays (deliveries still pending fail as "subscription deleted")."""
    require(admin, Perm.WEBHOOKS_MANAGE)
    with transaction.atomic():
        WebhookSubscription.objects.filter(pk=subscription.pk).update(
            active=False, deleted_at=timezone.now(), updated_at=timezone.now()
        )
        audit_record(actor=admin, action="webhook.delete", target=subscription, request=request,
                     data={"subscription": subscription.pk})


def delivery_replay(*, admin, delivery: WebhookDelivery, request=None) -> WebhookDelivery:
    """Send a delivery's body again, as a new delivery (with the current secret and a new timestamp)."""
    require(admin, Perm.WEBHOOKS_MANAGE)
    subscription = delivery.subscription
    if subscription.deleted_at is not None:
        raise ValidationError(_("This subscription was deleted; its deliveries cannot be replayed."))
    with transaction.atomic():
        replay = WebhookDelivery.objects.create(
            subscription=subscription, event=delivery.event, event_key=delivery.event_key, body=delivery.body,
            urgent=delivery.urgent, replay_of=delivery, replayed_by=admin,
        )
        audit_record(actor=admin, action="webhook.replay", target=replay, request=request,
                     data={"delivery": delivery.pk, "replay": replay.pk})
        transaction.on_commit(lambda: delivery_ring(delivery_id=replay.pk, urgent=replay.urgent))
    return replay


def backoff_seconds(*, attempts: int, urgent: bool) -> int:
    """BACKOFF_BASE_S after the first failure, doubling, capped (sooner for escalation events)."""
    cap = webhook_setting("URGENT_BACKOFF_MAX_S" if urgent else "BACKOFF_MAX_S")
    return int(min(webhook_setting("BACKOFF_BASE_S") * 2 ** max(attempts - 1, 0), cap))


def max_attempts(*, urgent: bool) -> int:
    return int(webhook_setting("URGENT_MAX_ATTEMPTS" if urgent else "MAX_ATTEMPTS"))


@dataclass(frozen=True)
class DeliveryResult:
    state: str
    attempts: int
    retry_in: int | None  # seconds until the next attempt, when one is due


def webhook_deliver(*, delivery_id: int) -> DeliveryResult | None:
    """Make one attempt at a pending delivery; None if it is not pending (done, or another worker has it)."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(pk=delivery_id, state=DeliveryState.PENDING).update(
        state=DeliveryState.DELIVERING, attempts=F("attempts") + 1, attempted_at=now
    )
    if claimed != 1:
        return None
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    subscription = delivery.subscription
    if subscription.deleted_at is not None or not subscription.active:
        why = "subscription deleted" if subscription.deleted_at is not None else "subscription turned off"
        return _record(delivery, Attempt(status=None, duration_ms=0, error=why), permanent=True)
    try:
        destination = destination_resolve(subscription.url, allow_private=webhook_setting("ALLOW_PRIVATE"))
    except DestinationRefused as exc:
        return _record(delivery, Attempt(status=None, duration_ms=0, error=str(exc)), permanent=True)
    body = delivery.body.encode()
    headers = signed_headers(secret=subscription.secret, event=delivery.event, delivery=str(delivery.uuid),
                             body=body)
    attempt = post(destination, body=body, headers=headers, timeout=float(webhook_setting("TIMEOUT_S")))
    return _record(delivery, attempt, permanent=False)


def _record(delivery: WebhookDelivery, attempt: Attempt, *, permanent: bool) -> DeliveryResult:
    """Write an attempt's outcome on the row it claimed: delivered, failed for good, or pending until its
    backoff ends."""
    now = timezone.now()
    changes: dict = {"response_code": attempt.status, "duration_ms": attempt.duration_ms,
                     "last_error": attempt.error[:300]}
    retry_in = None
    if attempt.ok:
        changes.update(state=DeliveryState.DELIVERED, delivered_at=now)
    elif permanent or delivery.attempts >= max_attempts(urgent=delivery.urgent):
        changes.update(state=DeliveryState.FAILED)
    else:
        retry_in = backoff_seconds(attempts=delivery.attempts, urgent=delivery.urgent)
        changes.update(state=DeliveryState.PENDING, next_attempt_at=now + timedelta(seconds=retry_in))
    WebhookDelivery.objects.filter(pk=delivery.pk, state=DeliveryState.DELIVERING).update(**changes)
    logger.info("webhook delivery %s: attempt %s %s (%s)", delivery.pk, delivery.attempts, changes["state"],
                attempt.status or attempt.error or "-")
    return DeliveryResult(state=changes["state"], attempts=delivery.attempts, retry_in=retry_in)


def deliveries_resend_due() -> int:
    """Beat: deliveries cut off mid-request go back to pending; pending ones well past their time (a lost
    doorbell or retry chain) are rung again. Returns how many were rung."""
    now = timezone.now()
    stalled = WebhookDelivery.objects.filter(state=DeliveryState.DELIVERING, attempted_at__lt=now - STALL_GRACE)
    if cut := stalled.update(state=DeliveryState.PENDING, next_attempt_at=now, last_error="interrupted"):
        logger.warning("webhook sweep: %s deliveries interrupted, pending again", cut)
    due = list(
        WebhookDelivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lte=now - DUE_GRACE)
        .order_by("next_attempt_at").values_list("pk", "urgent")[:SWEEP_BATCH]
    )
    return sum(delivery_ring(delivery_id=pk, urgent=urgent) for pk, urgent in due)
