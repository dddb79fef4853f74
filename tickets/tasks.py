"""Celery tasks for tickets. Thin: they take ids, and the services in tickets.notifications do the work."""
import smtplib

from celery import shared_task

from tickets.notifications import (
    MAX_ATTEMPTS,
    PermanentDeliveryError,
    notification_failure_record,
    notification_send,
    notifications_resend_pending,
)

# Network and SMTP trouble is worth retrying; anything else is a bug or bad data, and retrying will not help.
RETRYABLE = (smtplib.SMTPException, OSError)


def backoff_seconds(attempts: int) -> int:
    """30 s after the first failure, doubling: 30 s, 1, 2, 4, 8 min."""
    return 30 * 2 ** max(attempts - 1, 0)


@shared_task(bind=True, acks_late=True, max_retries=MAX_ATTEMPTS)
def send_notification(self, notification_id: int) -> None:
    """Send one outbox row. Running it twice never sends twice: the service locks the row and checks it."""
    try:
        notification_send(notification_id=notification_id)
    except RETRYABLE as exc:
        attempts = notification_failure_record(notification_id=notification_id, error=exc, permanent=False)
        if attempts is not None and attempts < MAX_ATTEMPTS:
            raise self.retry(exc=exc, countdown=backoff_seconds(attempts)) from None
    except PermanentDeliveryError as exc:
        notification_failure_record(notification_id=notification_id, error=exc, permanent=True)
    except Exception as exc:
        # A bug or bad data: fail the row so the sweep stops, and let the worker report it (ids only).
        notification_failure_record(notification_id=notification_id, error=exc, permanent=True)
        raise


@shared_task(acks_late=True)
def sweep_pending_notifications() -> int:
    """Beat: re-enqueue notifications whose doorbell was lost (broker down at commit, worker crash)."""
    return notifications_resend_pending()
