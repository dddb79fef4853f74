"""Celery tasks for escalation, on the `urgent` queue (CELERY_TASK_ROUTES): thin, ids only. The dashboard's
rollup is routine work and runs on `maintenance`."""
from celery import shared_task

from escalation.dashboard import dashboard_rollup, dashboard_rollup_ticket
from escalation.intake import CALL, call_classify, message_classify, unclassified_sweep
from escalation.levels import escalations_advance


@shared_task(acks_late=True)
def classify_message(pk: int, source: str = "message") -> None:
    """Classify one customer message (or, with `source="call"`, a logged call's summary) for urgency;
    running it twice does nothing the second time."""
    if source == CALL:
        call_classify(call_id=pk)
    else:
        message_classify(message_id=pk)


@shared_task(acks_late=True)
def sweep_unclassified_messages() -> int:
    """Beat: ring again for customer messages whose classification was never done (lost doorbell, crash)."""
    return unclassified_sweep()


@shared_task(acks_late=True)
def advance_escalations() -> int:
    """Beat: tell the next level about escalations nobody acknowledged in time; re-trigger acknowledged ones
    left unresolved past their acknowledgement timeout."""
    return escalations_advance()


@shared_task(acks_late=True)
def rollup_dashboard() -> int:
    """Beat: recompute the leads' dashboard figures of the recent days (idempotent; runs take turns)."""
    return dashboard_rollup()


@shared_task(acks_late=True)
def rollup_dashboard_ticket(ticket_id: int) -> int:
    """After a ticket moved: recompute the weeks behind beat's window that count its figures (idempotent)."""
    return dashboard_rollup_ticket(ticket_id=ticket_id)
