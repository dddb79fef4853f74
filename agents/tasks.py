"""Thin Celery tasks for the audit trail: rung after an entry commits, and swept by beat."""
from celery import shared_task

from agents.audit import audit_setting
from agents.audit_alerts import unusual_views_check
from agents.audit_chain import audit_chain

# A steady stream of writes must not keep one task running for ever: after this many batches it stops and
# the next ring or sweep goes on.
MAX_BATCHES = 50


@shared_task(ignore_result=True)
def chain_audit_trail() -> int:
    """Link every committed, unchained entry into the hash chain. Running twice at once is safe (one lock)."""
    batch = int(audit_setting("CHAIN_BATCH"))
    total = 0
    for _ in range(MAX_BATCHES):
        linked = audit_chain(batch=batch)
        total += linked
        if linked < batch:
            break
    return total


@shared_task(ignore_result=True)
def expire_approvals() -> int:
    """Requests nobody decided in time become expired: nothing runs without a second person."""
    from agents.approvals import approvals_expire

    return approvals_expire()


@shared_task(ignore_result=True)
def check_unusual_views() -> int:
    """Every minute (beat): alert leads about anyone viewing unusually many customers."""
    return len(unusual_views_check())


@shared_task(ignore_result=True)
def offboard_ended_access() -> int:
    """Every minute (beat): staff whose access ended lose their sessions, tokens, waiting requests and tickets."""
    from agents.offboarding import staff_offboard_due

    return staff_offboard_due()
