"""Emitting events: one delivery row per subscription, written in the caller's transaction with a body frozen
now, and the worker rung after commit. Nothing is sent for work that rolls back.

Payloads name staff by persona (`agents.identity.public_identity`), never by real name, username or email, and
carry no customer's name or address. A reply is in a payload only once the gate has published it: the gate's
publication is the only caller of `reply_published_emit`.
"""
import json
import uuid
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from agents.identity import public_identity
from config.doorbell import ring
from tickets.models import Message, MessageKind, Ticket
from tickets.webhooks.models import URGENT_EVENTS, DeliveryState, Event, WebhookDelivery, WebhookSubscription

DELIVER_TASK = "tickets.tasks.deliver_webhook"
DELIVER_URGENT_TASK = "tickets.tasks.deliver_urgent_webhook"


def site_url(path: str) -> str:
    return settings.TACT_SITE_URL.rstrip("/") + path


def persona_of(user) -> str | None:
    return public_identity(user).name if user is not None else None


def ticket_data(ticket: Ticket, *, subject: bool = True) -> dict:
    """A ticket as integrations see it: no customer name or address, the assignee by persona; without the
    subject (the customer's own words, on a portal ticket) where `subject` is False."""
    data = {
        "reference": ticket.reference,
        "queue": ticket.queue.slug,
        "channel": ticket.channel,
        "status": ticket.status,
        "priority": ticket.priority,
        "assignee": persona_of(ticket.assignee),
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
        "url": site_url(reverse("ticket_detail", kwargs={"reference": ticket.reference})),
    }
    if subject:
        data["subject"] = ticket.subject
    return data


def subscribers(event: str) -> list[WebhookSubscription]:
    """Active subscriptions to `event` (a short table, filtered here: SQLite cannot search JSON lists)."""
    return [s for s in WebhookSubscription.objects.filter(active=True, deleted_at__isnull=True) if event in s.events]


def webhook_emit(*, event: str, key: str, data: dict, subscriptions: list | None = None) -> int:
    """Record `event` (about `key`, e.g. "ticket.created:12") for every active subscription to it, in the
    caller's transaction; returns how many deliveries are new. Emitting the same key again adds nothing."""
    event = Event(event)
    if subscriptions is None:
        subscriptions = subscribers(event)
    if not subscriptions:
        return 0
    now = timezone.now()
    body = json.dumps(
        {"id": str(uuid.uuid4()), "event": event.value, "created_at": now.isoformat(), "data": data},
        separators=(",", ":"), sort_keys=True,
    )
    urgent = event in URGENT_EVENTS
    existing = set(
        WebhookDelivery.objects.filter(subscription__in=subscriptions, event_key=key, replay_of=None)
        .values_list("subscription_id", flat=True)
    )
    rows = [
        WebhookDelivery(subscription=s, event=event, event_key=key, body=body, urgent=urgent, created_at=now,
                        next_attempt_at=now)
        for s in subscriptions if s.pk not in existing
    ]
    WebhookDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        WebhookDelivery.objects.filter(
            subscription__in=subscriptions, event_key=key, replay_of=None, state=DeliveryState.PENDING, attempts=0
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        transaction.on_commit(partial(delivery_ring, delivery_id=pk, urgent=urgent))
    return len(rows)


def delivery_ring(*, delivery_id: int, urgent: bool) -> bool:
    """Ring the worker for one delivery: escalation events on the `urgent` queue, the rest on `notify`."""
    task = DELIVER_URGENT_TASK if urgent else DELIVER_TASK
    return ring(task, delivery_id, what=f"webhook delivery {delivery_id}")


def ticket_created_emit(*, ticket: Ticket) -> int:
    return webhook_emit(event=Event.TICKET_CREATED, key=f"ticket.created:{ticket.pk}", data={
        "ticket": ticket_data(ticket),
    })


def ticket_updated_emit(*, ticket: Ticket, changes: dict[str, tuple], actor, event_id: int) -> int:
    """`changes` as `tickets.services` records them ({field: (old, new)}; queue and assignee by id), shown
    as queue slugs and personas; `event_id` is the first history event of the change (the key)."""
    from tickets.models import Queue

    shown: dict[str, list] = {}
    for name, (old, new) in changes.items():
        if name == "queue":
            slugs = dict(Queue.objects.filter(pk__in=[old, new]).values_list("pk", "slug"))
            old, new = slugs.get(old), slugs.get(new)
        elif name == "assignee":
            from django.contrib.auth import get_user_model

            users = get_user_model().objects.in_bulk([pk for pk in (old, new) if pk is not None])
            old, new = persona_of(users.get(old)), persona_of(users.get(new))
        shown[name] = [old, new]
    return webhook_emit(event=Event.TICKET_UPDATED, key=f"ticket.updated:{event_id}", data={
        "ticket": ticket_data(ticket), "changes": shown, "by": persona_of(actor) if actor is not None else None,
    })


def reply_published_emit(*, messages: Iterable[Message]) -> int:
    """For the reply gate's publication only: each message is a public reply it has just published, and its
    author is the persona snapshot taken at publication."""
    subscriptions = subscribers(Event.REPLY_PUBLISHED)
    if not subscriptions:
        return 0  # one query for the gate's whole batch when nobody listens
    told = 0
    for message in messages:
        if message.kind != MessageKind.PUBLIC_REPLY:
            raise ValueError(f"message {message.pk} is not a published public reply")
        told += webhook_emit(event=Event.REPLY_PUBLISHED, key=f"reply.published:{message.pk}", data={
            "ticket": ticket_data(message.ticket),
            "reply": {
                "id": message.pk,
                "author": message.author_alias,
                "body": message.body,
                "public": message.ticket.replies_public,
                "published_at": message.created_at.isoformat(),
            },
        }, subscriptions=subscriptions)
    return told
