"""Celery tasks for tickets. Thin: they take ids, and the services in tickets.notifications do the work."""
import logging
import smtplib

from celery import shared_task

from tickets.notifications import (
    PermanentDeliveryError,
    notification_failure_record,
    notification_send,
    notifications_resend_pending,
)

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
# Network and SMTP trouble is worth retrying; anything else is a bug and must surface.
RETRYABLE = (smtplib.SMTPException, OSError)


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_notification(self, notification_id: int) -> None:
    """Send one outbox row. Running it twice never sends twice: the service locks the row and checks it."""
    try:
        notification_send(notification_id=notification_id)
    except PermanentDeliveryError as exc:
        notification_failure_record(notification_id=notification_id, error=exc, permanent=True)
    except RETRYABLE as exc:
        last = self.request.retries >= MAX_RETRIES
        notification_failure_record(notification_id=notification_id, error=exc, permanent=last)
        if not last:
            # Exponential backoff: 30 s, 60 s, 2 min, 4 min, 8 min.
            raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from None


@shared_task(acks_late=True)
def sweep_pending_notifications() -> int:
    """Beat: re-enqueue notifications whose doorbell was lost (broker down at commit, worker crash)."""
    return notifications_resend_pending()
