"""One reply (all its parts) scanned under a deadline: what the gate's worker and the retro-audit share.

A runaway detector must not hold a worker (or a lease) for ever: SIGALRM interrupts it where the scan runs in
the main thread (solo and prefork workers, the command line); elsewhere an overlong scan is still refused
once it returns. Database trouble is the one failure worth retrying (`RETRYABLE`); anything the scanner raises
is the reply's problem, and its caller holds it for a person.
"""
import signal
import threading
import time

from django.db import InterfaceError, OperationalError

from redaction.scanner import Finding, scan_parts

# Errors that say "try again later", not "this reply is a problem": tasks retry them with backoff.
RETRYABLE = (OperationalError, InterfaceError)


class ScanTimeout(Exception):
    """The scan ran past its deadline and was stopped (or finished too late to count)."""


def _raise_timeout(signum, frame):
    raise ScanTimeout


def scan_with_deadline(texts: list[str], context, policy, timeout: float) -> list[list[Finding]]:
    """The scanner's findings for each part of one reply (`scanner.scan_parts`: one compile of the context for
    all of them), or ScanTimeout after `timeout` seconds for the whole reply."""
    started = time.monotonic()
    use_alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _raise_timeout)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        findings = scan_parts(texts, context, policy)
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    if time.monotonic() - started > timeout:
        raise ScanTimeout
    return findings
