"""Celery tasks of the mailroom. Thin: the services in mailroom.imap do the work."""
from celery import shared_task

from mailroom.imap import mailboxes_poll


@shared_task(acks_late=True)
def poll_mailboxes() -> dict:
    """Beat: take in new mail from every IMAP mailbox in TACT_MAILBOXES (nothing when none is configured)."""
    return mailboxes_poll()
