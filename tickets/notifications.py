"""Outbound email to customers: the one place every delivery hooks in.

A delivery is an outbox row (`Notification`, unique per message and kind) written in the caller's transaction;
the broker only rings the doorbell after commit. `tickets.tasks.send_notification` locks the row and sends at
most once per row; the beat sweep re-enqueues rows whose doorbell was lost. Bodies and addresses never reach a
log or a task argument: logs carry ids and states only.
"""
import logging
from datetime import timedelta
from email.utils import formataddr, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from agents.identity import public_identity
from tickets.models import Message, Notification

logger = logging.getLogger(__name__)

REPLY_PUBLISHED = "reply_published"
# How long a row may stay pending before the sweep assumes its doorbell was lost.
PENDING_GRACE = timedelta(minutes=1)
SWEEP_BATCH = 200


class PermanentDeliveryError(Exception):
    """Retrying cannot help (no address to send to): the row is marked failed for a person to look at."""


def notification_schedule(*, message: Message, kind: str = REPLY_PUBLISHED) -> Notification:
    """Record that the customer must hear about `message`, and ring the worker once the caller commits.

    Safe to call twice and from inside another transaction: the second call returns the same row. A broker
    that is down never breaks the caller; the row stays pending and the sweep picks it up.
    """
    notification, _created = Notification.objects.get_or_create(message=message, kind=kind)
    if notification.state == Notification.State.PENDING:
        transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _enqueue(notification_id: int) -> bool:
    from tickets.tasks import send_notification

    try:
        send_notification.delay(notification_id)
    except Exception as exc:  # broker down, misconfigured, or an eager task failing: the sweep retries later
        # The class only: a traceback or message could echo an address back into the log.
        logger.warning("notification %s: enqueue failed (%s)", notification_id, type(exc).__name__)
        return False
    return True


def notifications_resend_pending(*, older_than: timedelta = PENDING_GRACE) -> int:
    """Re-ring the doorbell for rows pending longer than `older_than`; returns how many were enqueued.

    Running the task twice for one row is harmless (it locks and checks the state), so an over-eager sweep
    costs a little work, never a second email.
    """
    cutoff = timezone.now() - older_than
    ids = list(
        Notification.objects.filter(state=Notification.State.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    enqueued = sum(_enqueue(pk) for pk in ids)
    if ids:
        logger.info("notification sweep: %s pending, %s enqueued", len(ids), enqueued)
    return enqueued


def notification_send(*, notification_id: int) -> bool:
    """Send one notification at most once. Returns True if this call sent it.

    The row lock is held while the mail goes out, so a duplicate task blocks, then sees `sent` and stops. A
    crash between the SMTP send and the commit leaves the row pending: the customer may then get the mail
    twice, which we prefer to never.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("message__ticket__queue", "message__ticket__customer")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.state != Notification.State.PENDING:
            return False
        email = notification_email(notification)
        email.send(fail_silently=False)
        notification.state = Notification.State.SENT
        notification.sent_at = timezone.now()
        notification.attempts += 1
        notification.last_error = ""
        notification.save(update_fields=["state", "sent_at", "attempts", "last_error"])
    logger.info("notification %s: sent", notification_id)
    return True


def notification_failure_record(*, notification_id: int, error: Exception, permanent: bool) -> None:
    """Count a failed attempt; a permanent failure or the last retry marks the row failed, so the sweep stops.

    Only the exception's class is stored: SMTP errors can echo addresses back.
    """
    fields = {"last_error": type(error).__name__[:200]}
    if permanent:
        fields["state"] = Notification.State.FAILED
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(
            pk=notification_id, state=Notification.State.PENDING
        ).first()
        if notification is None:
            return
        notification.attempts += 1
        for name, value in fields.items():
            setattr(notification, name, value)
        notification.save(update_fields=["attempts", *fields])
    logger.warning(
        "notification %s: attempt %s failed (%s)%s",
        notification_id, notification.attempts, fields["last_error"], ", giving up" if permanent else "",
    )


def _queue_domain(address: str) -> str:
    return address.rpartition("@")[2] or "localhost"


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """Build the email for a published reply: persona as the sender's name, the queue as the only address."""
    message = notification.message
    ticket = message.ticket
    queue = ticket.queue
    to = ticket.customer.primary_email
    if not to:
        raise PermanentDeliveryError("customer has no email address")
    # The alias is the snapshot taken at publish time; the signature can only come from the live persona.
    identity = public_identity(message.author_user)
    alias = message.author_alias or identity.name
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
        subject=f"[{ticket.reference}] {ticket.subject}",
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
