"""Celery tasks for tickets. Thin: they take ids, and the services in tickets.notifications do the work."""
from celery import shared_task

from tickets.notifications import (
    MAX_ATTEMPTS,
    RETRYABLE,
    URGENT_MAX_ATTEMPTS,
    PermanentDeliveryError,
    backoff_seconds,
    notification_failure_record,
    notification_send,
    notifications_resend_pending,
)
from tickets.webhooks.services import deliveries_resend_due, webhook_deliver


@shared_task(bind=True, acks_late=True, max_retries=MAX_ATTEMPTS)
def send_notification(self, notification_id: int) -> None:
    """Send one outbox row, and others that are due in the same batch. Running it twice never sends twice: the
    service claims the row first. The retry here covers the named row only; the batch counts and holds its own
    rows' failures, and the sweep rings them when their backoff ends."""
    _send(self, notification_id, urgent=False, limit=MAX_ATTEMPTS)


@shared_task(bind=True, acks_late=True, max_retries=URGENT_MAX_ATTEMPTS)
def send_urgent_notification(self, notification_id: int) -> None:
    """`send_notification` for urgent notices (leads' escalation alerts), on the urgent queue and worker: its
    batch takes only urgent rows, and a failure is retried at most a minute later."""
    _send(self, notification_id, urgent=True, limit=URGENT_MAX_ATTEMPTS)


def _send(task, notification_id: int, *, urgent: bool, limit: int) -> None:
    try:
        notification_send(notification_id=notification_id, urgent=urgent)
    except RETRYABLE as exc:
        attempts = notification_failure_record(notification_id=notification_id, error=exc, permanent=False)
        if attempts is not None and attempts < limit:
            raise task.retry(exc=exc, countdown=backoff_seconds(attempts, urgent=urgent)) from None
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


@shared_task
def purge_deleted_customers() -> int:
    """Erase the private details of customers deleted more than the grace period ago."""
    from tickets.approvals import customers_purge

    return customers_purge()


@shared_task(acks_late=True)
def build_customer_export(export_id: int) -> None:
    """Build an approved export's file; running it twice builds it once."""
    from tickets.exports import export_build

    export_build(export_id=export_id)


@shared_task
def sweep_customer_exports() -> dict:
    """Beat: ring again for exports whose ring was lost; expire (and delete) files nobody downloaded in time."""
    from tickets.exports import exports_sweep

    return exports_sweep()


@shared_task(acks_late=True)
def sweep_awaiting_info() -> dict[str, int]:
    """Beat: remind customers who have not sent the details a reply asked for, then close the tickets whose
    reminder went unanswered (tickets.closure). Running it twice reminds and closes once."""
    from tickets.closure_sweep import closures_sweep

    return closures_sweep()


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_webhook(self, delivery_id: int) -> None:
    """One attempt at a webhook delivery; on failure, retry after the row's backoff (the row counts attempts
    and says when to stop, so a sweep that rings it too cannot add retries)."""
    _deliver(self, delivery_id)


@shared_task(bind=True, acks_late=True, max_retries=None)
def deliver_urgent_webhook(self, delivery_id: int) -> None:
    """`deliver_webhook` for escalation events, on the urgent queue and worker."""
    _deliver(self, delivery_id)


def _deliver(task, delivery_id: int) -> None:
    result = webhook_deliver(delivery_id=delivery_id)
    if result is not None and result.retry_in is not None:
        raise task.retry(countdown=result.retry_in)


@shared_task(acks_late=True)
def sweep_webhook_deliveries() -> int:
    """Beat: ring again for deliveries whose doorbell or retry was lost, or that were cut off mid-request."""
    return deliveries_resend_due()
