"""Ringing the reply gate's workers: the one place that names their tasks.

The tasks are named, not imported: `redaction.tasks` runs the worker, which rings again for the rest of a
batch, so importing the task here would close a circle. A ring never holds up its caller
(`config.doorbell.ring`), and a lost one is harmless: the sweep rings again for rows left waiting.
"""
import logging

from config.doorbell import ring
from redaction.policy import gate_setting

logger = logging.getLogger(__name__)

SCAN_TASK = "redaction.tasks.scan_reply"
AUDIT_TASK = "redaction.audit_tasks.audit_run_task"


def enqueue_scan(version_id: int) -> bool:
    """Ring the worker for one version; True if the broker took the message within ENQUEUE_TIMEOUT_S."""
    return ring(SCAN_TASK, version_id, what=f"reply version {version_id}", timeout=gate_setting("ENQUEUE_TIMEOUT_S"))


def audit_run_enqueue(run_id: int) -> bool:
    """Ring a worker for a retro-audit run; a run whose ring is lost stays queued, and the page says so."""
    return ring(AUDIT_TASK, run_id, what=f"audit run {run_id}")
