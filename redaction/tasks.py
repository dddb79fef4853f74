"""Thin Celery tasks: they take ids, call the gate's services and leave every decision to them."""
from celery import shared_task

from redaction import services
from redaction.policy import gate_setting
from redaction.scanning import RETRYABLE


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def scan_reply(self, version_id: int) -> None:
    """Scan one reply version. Redelivery and duplicates are harmless: the service locks and re-checks.

    A database outage retries with exponential backoff (capped); after the last retry the version stays
    pending in the database and the sweep rings again once things recover.
    """
    try:
        services.reply_scan(version_id=version_id)
    except RETRYABLE as exc:
        delay = min(60, 2 ** self.request.retries)
        raise self.retry(exc=exc, countdown=delay, max_retries=gate_setting("TASK_MAX_RETRIES")) from None


@shared_task(ignore_result=True)
def sweep_stalled_replies() -> int:
    """Every ~30 s (beat): re-enqueue versions waiting too long, whatever lost their message."""
    return services.replies_sweep()


from redaction import audit_tasks  # noqa: E402,F401  (registers the retro-audit task with the worker)
