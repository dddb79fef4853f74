"""Webhook subscriptions and their deliveries. Imported by `tickets.models`, so Django registers them there."""
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    TICKET_CREATED = "ticket.created", _("Ticket created")
    TICKET_UPDATED = "ticket.updated", _("Ticket updated (status, priority, queue or assignee)")
    REPLY_PUBLISHED = "reply.published", _("Reply published by the reply gate")
    ESCALATION_RAISED = "escalation.raised", _("Escalation raised")
    ESCALATION_ACKNOWLEDGED = "escalation.acknowledged", _("Escalation acknowledged or claimed")
    ESCALATION_RESOLVED = "escalation.resolved", _("Escalation resolved or dismissed")


# Events about a person at risk go on the `urgent` queue and worker; the others on `notify`.
URGENT_EVENTS = frozenset({Event.ESCALATION_RAISED, Event.ESCALATION_ACKNOWLEDGED, Event.ESCALATION_RESOLVED})


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookSubscription(models.Model):
    """Where to send which events. The secret signs every delivery; it is shown once, when made or rotated,
    and kept in clear here because signing needs it (like any HMAC key)."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)  # a list of Event values
    secret = models.CharField(max_length=100, default=new_secret)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERING = "delivering", _("Delivering")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event for one subscription: the body is frozen when the event happens (what is signed and sent on
    every attempt), and each attempt's outcome is kept on the row.

    pending → delivering (committed before the request) → delivered | pending (retry after a backoff) | failed.
    A worker killed mid-request leaves `delivering`; the sweep puts it back to pending (at least once: receivers
    drop repeats by the `X-Tact-Delivery` header). A replay is a new row pointing at the one it repeats.
    """

    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.PROTECT, related_name="deliveries")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=40, choices=Event.choices)
    # What the event is about, e.g. "reply.published:42": one delivery per subscription and key (replays aside).
    event_key = models.CharField(max_length=120)
    body = models.TextField()
    urgent = models.BooleanField(default=False)
    state = models.CharField(max_length=12, choices=DeliveryState.choices, default=DeliveryState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    replay_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replays")
    replayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempted_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_key"], condition=Q(replay_of__isnull=True),
                name="one_webhook_delivery_per_event",
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event} to {self.subscription_id} ({self.state})"
