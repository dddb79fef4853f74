"""The retro-audit's Celery task: thin, takes a run id; `redaction.audit` does the work and keeps the place."""
from celery import shared_task

from redaction import audit
from redaction.scanning import RETRYABLE


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def audit_run_task(self, run_id: int) -> None:
    """Scan a run's published replies. A killed or redelivered task resumes from the run's cursor."""
    try:
        audit.audit_run_execute(run_id=run_id)
    except RETRYABLE as exc:
        raise self.retry(exc=exc, countdown=min(60, 2 ** self.request.retries), max_retries=8) from None
