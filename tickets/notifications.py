"""Outbound email to customers: the one place every delivery hooks in.

A delivery is an outbox row (`Notification`) written in the caller's transaction: about a published reply
(unique per message and kind), or a notice addressed to a customer that is not a thread message (a lead's
warning). The broker only rings the doorbell after commit. `tickets.tasks.send_notification` locks the row and sends at
most once per row; the beat sweep re-enqueues rows whose doorbell was lost. Bodies and addresses never reach a
log or a task argument: logs carry ids and states only.
"""
import logging
from datetime import timedelta
from email.utils import formataddr, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from agents.identity import public_identity
from config.doorbell import ring
from tickets.models import Customer, Message, MessageKind, Notification, Ticket

logger = logging.getLogger(__name__)

REPLY_PUBLISHED = "reply_published"
CUSTOMER_WARNING = "customer_warning"
# What a lead can warn a customer about: variant → (subject, template). Each names the behaviour, never the
# person who reported it, and is signed by the team.
CUSTOMER_WARNINGS = {
    "conduct": ("Please keep our conversation respectful", "escalation/email/warning_conduct.txt"),
    "final": ("Final notice about your messages to our team", "escalation/email/warning_final.txt"),
}
# Attempts are counted on the row, not per Celery retry chain, so a sweep that re-enqueues a failing row
# cannot multiply its retries: after MAX_ATTEMPTS the row is failed, whoever tried.
MAX_ATTEMPTS = 6
# A row never tried for this long lost its doorbell; a row tried and still pending after the whole backoff
# span (tickets.tasks: 30 s doubling, ~16 min) lost its retry chain.
PENDING_GRACE = timedelta(minutes=1)
RETRY_GRACE = timedelta(minutes=30)
# Longer than any send can take (EMAIL_TIMEOUT and a slow server): a row still `sending` after this was cut off.
SENDING_GRACE = timedelta(minutes=10)
SWEEP_BATCH = 200


class PermanentDeliveryError(Exception):
    """Retrying cannot help (no address to send to): the row is marked failed for a person to look at."""


def notification_schedule(*, message: Message, kind: str = REPLY_PUBLISHED) -> Notification:
    """`notifications_schedule` for one message."""
    return notifications_schedule(messages=[message], kind=kind)[0]


def notifications_schedule(*, messages: list[Message], kind: str = REPLY_PUBLISHED) -> list[Notification]:
    """Record that each customer must hear about their message, and ring the worker once the caller commits.

    Safe to call twice and from inside another transaction: an existing row is not duplicated. The reply gate
    publishes in batches, so this is two queries whatever the number of messages. A broker that is down never
    breaks the caller; the rows stay pending and the sweep picks them up.
    """
    for message in messages:
        if message.kind != MessageKind.PUBLIC_REPLY:
            # Only what the gate published may be mailed out: never a note, never the customer's own words.
            raise ValueError(f"message {message.pk} is not a published public reply")
    Notification.objects.bulk_create(
        [Notification(message=message, kind=kind) for message in messages], ignore_conflicts=True
    )
    by_message = {n.message_id: n for n in Notification.objects.filter(message__in=messages, kind=kind)}
    notifications = [by_message[message.pk] for message in messages]
    pending = [n.pk for n in notifications if n.state == Notification.State.PENDING]
    if pending:
        transaction.on_commit(lambda: [_enqueue(pk) for pk in pending])
    return notifications


def notification_schedule_warning(*, customer: Customer, ticket: Ticket | None, variant: str) -> Notification:
    """Record a warning to `customer` (about `ticket`, if any) and ring the worker once the caller commits.

    Every call is a new warning: the caller's own row (a lead's action) is what makes it happen once. The row
    is written in the caller's transaction, so a rolled-back action leaves nothing to send.
    """
    if variant not in CUSTOMER_WARNINGS:
        raise ValueError(f"unknown warning {variant!r}")
    if ticket is not None and ticket.customer_id != customer.pk:
        raise ValueError(f"ticket {ticket.pk} is not customer {customer.pk}'s")
    notification = Notification.objects.create(
        kind=CUSTOMER_WARNING, customer=customer, ticket=ticket, variant=variant
    )
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id: int) -> bool:
    """Ring the sender without stalling the caller (a lead's override runs this in their request)."""
    from tickets.tasks import send_notification

    return ring(send_notification, notification_id, what=f"notification {notification_id}")


def notifications_resend_pending() -> int:
    """Re-ring the doorbell for rows that seem forgotten; returns how many were enqueued.

    Rows being retried are left to their retry chain until it should long be over. Running the task twice
    for one row is harmless (it claims the row first): an over-eager sweep costs work, never an email. Rows
    cut off mid-send are marked unconfirmed here, never sent again.
    """
    now = timezone.now()
    cut_off = Notification.objects.filter(state=Notification.State.SENDING, sending_since__lt=now - SENDING_GRACE)
    if interrupted := cut_off.update(state=Notification.State.UNCONFIRMED):
        logger.warning("notification sweep: %s interrupted while sending, marked unconfirmed", interrupted)
    ids = list(
        Notification.objects.filter(state=Notification.State.PENDING)
        .filter(Q(attempts=0, created_at__lt=now - PENDING_GRACE) | Q(created_at__lt=now - RETRY_GRACE))
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    enqueued = sum(_enqueue(pk) for pk in ids)
    if ids:
        logger.info("notification sweep: %s pending, %s enqueued", len(ids), enqueued)
    return enqueued


def notification_send(*, notification_id: int) -> bool:
    """Send one notification at most once. Returns True if this call sent it.

    The row is claimed (`sending`, committed) before the mail goes out and marked `sent` after, so a duplicate
    task finds it claimed and stops, and no lock is held during the SMTP conversation. A send that raises did
    not deliver: the row goes back to pending for the retry. A crash between send and `sent` leaves it
    `sending`, and the sweep marks it unconfirmed instead of sending a second copy.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, state=Notification.State.PENDING).update(
        state=Notification.State.SENDING, sending_since=now
    )
    if claimed != 1:
        return False
    notification = Notification.objects.select_related(
        "message__ticket__queue", "message__ticket__customer", "ticket__queue", "customer"
    ).get(pk=notification_id)
    try:
        notification_email(notification).send(fail_silently=False)
    except Exception:  # not BaseException: a worker shut down mid-send may have sent, so it stays `sending`
        Notification.objects.filter(pk=notification_id, state=Notification.State.SENDING).update(
            state=Notification.State.PENDING
        )
        raise
    Notification.objects.filter(pk=notification_id, state=Notification.State.SENDING).update(
        state=Notification.State.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    logger.info("notification %s: sent", notification_id)
    return True


def notification_failure_record(*, notification_id: int, error: Exception, permanent: bool) -> int | None:
    """Count a failed attempt and return the row's attempts, or None if it is no longer pending.

    A permanent failure or the last allowed attempt marks the row failed, so nobody retries it again. Only the
    exception's class is stored: SMTP errors can echo addresses back.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, state=Notification.State.PENDING)
            .first()
        )
        if notification is None:
            return None
        notification.attempts += 1
        notification.last_error = type(error).__name__[:200]
        gave_up = permanent or notification.attempts >= MAX_ATTEMPTS
        if gave_up:
            notification.state = Notification.State.FAILED
        notification.save(update_fields=["attempts", "last_error", "state"])
    logger.warning(
        "notification %s: attempt %s failed (%s)%s",
        notification_id, notification.attempts, notification.last_error, ", giving up" if gave_up else "",
    )
    return notification.attempts


def _queue_domain(address: str) -> str:
    return address.rpartition("@")[2] or "localhost"


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """Build the email a row stands for. Whatever the kind, the queue's address is the only one the customer
    sees, and no agent's real name is in it."""
    if notification.kind == CUSTOMER_WARNING:
        return _warning_email(notification)
    return _reply_email(notification)


def _warning_email(notification: Notification) -> EmailMultiAlternatives:
    """A lead's warning, signed by the team: the support name as the sender, never the lead or the reporter."""
    customer = notification.customer
    ticket = notification.ticket
    if customer is None or customer.deleted_at:
        raise PermanentDeliveryError("customer deleted")
    to = customer.primary_email
    if not to:
        raise PermanentDeliveryError("customer has no email address")
    subject, template = CUSTOMER_WARNINGS[notification.variant]
    queue_address = ticket.queue.email if ticket else settings.DEFAULT_FROM_EMAIL
    domain = _queue_domain(queue_address)
    context = {"ticket": ticket, "support_name": settings.TACT_SUPPORT_NAME}
    return EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(template, context),
        from_email=formataddr((settings.TACT_SUPPORT_NAME, queue_address)),
        to=[to],
        reply_to=[queue_address],
        headers={"Message-ID": make_msgid(idstring=f"warning.n{notification.pk}", domain=domain)},
    )


def _reply_email(notification: Notification) -> EmailMultiAlternatives:
    """A published reply: persona as the sender's name, the queue as the only address."""
    message = notification.message
    if message is None:  # the check constraint allows it only for notices addressed to a customer
        raise PermanentDeliveryError(f"{notification.kind} row without a message")
    ticket = message.ticket
    queue = ticket.queue
    customer = ticket.customer
    if ticket.deleted_at or customer.deleted_at:
        raise PermanentDeliveryError("ticket or customer deleted")
    to = customer.primary_email
    if not to:
        raise PermanentDeliveryError("customer has no email address")
    # The alias is the snapshot taken at publish time; the signature can only come from the live persona.
    identity = public_identity(message.author_user)
    # Header values on one line: a stray newline in a subject must not fail (or inject into) the headers.
    alias = " ".join((message.author_alias or identity.name).split())
    subject = " ".join(ticket.subject.split())
    domain = _queue_domain(queue.email)
    context = {
        "ticket": ticket,
        "alias": alias,
        "body": message.body,
        "signature": identity.signature,
        "support_name": settings.TACT_SUPPORT_NAME,
        "portal_url": settings.TACT_SITE_URL.rstrip("/")
        + reverse("portal_ticket", kwargs={"reference": ticket.reference}),
    }
    thread_id = f"<{ticket.reference}@{domain}>"
    email = EmailMultiAlternatives(
        subject=f"[{ticket.reference}] {subject}",
        body=render_to_string("email/reply_published.txt", context),
        from_email=formataddr((f"{alias} via {settings.TACT_SUPPORT_NAME}", queue.email)),
        to=[to],
        reply_to=[queue.email],
        headers={
            "Message-ID": make_msgid(idstring=f"{ticket.reference}.n{notification.pk}", domain=domain),
            "References": thread_id,
            "In-Reply-To": thread_id,
        },
    )
    email.attach_alternative(render_to_string("email/reply_published.html", context), "text/html")
    return email
