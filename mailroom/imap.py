"""The IMAP door: beat polls each mailbox in TACT_MAILBOXES with the standard library's `imaplib`.

Unseen messages are fetched without marking them (BODY.PEEK), taken in, and only then flagged \\Seen: a poll
cut off midway fetches the rest again next time, and ingestion's unique record makes a second fetch harmless.
A mailbox that cannot be reached is logged (its name, never its credentials) and the others are still polled.
"""
import imaplib
import logging
from collections.abc import Callable

from mailroom.conf import Mailbox, mail_setting, mailboxes
from mailroom.models import Source
from mailroom.services import email_ingest

logger = logging.getLogger(__name__)

# Network trouble and an IMAP server's refusals: worth trying again at the next poll.
RETRYABLE = (imaplib.IMAP4.error, OSError)


def imap_connect(mailbox: Mailbox) -> imaplib.IMAP4:
    """Connect and sign in as the mailbox says (TLS from the start, STARTTLS, or plain for a local server)."""
    if mailbox.security == "ssl":
        connection: imaplib.IMAP4 = imaplib.IMAP4_SSL(mailbox.host, mailbox.port, timeout=30)
    else:
        connection = imaplib.IMAP4(mailbox.host, mailbox.port, timeout=30)
        if mailbox.security == "starttls":
            connection.starttls()
    connection.login(mailbox.user, mailbox.password)
    return connection


def _ok(response: tuple) -> list:
    status, data = response
    if status != "OK":
        raise imaplib.IMAP4.error(f"server answered {status}")
    return data


def mailbox_poll(*, mailbox: Mailbox, connect: Callable[[Mailbox], imaplib.IMAP4] = imap_connect) -> dict[str, int]:
    """Take in up to POLL_BATCH unseen messages of one mailbox; returns how many per outcome."""
    counts: dict[str, int] = {}
    connection = connect(mailbox)
    try:
        _ok(connection.select(mailbox.folder))
        uids = (_ok(connection.uid("SEARCH", "UNSEEN"))[0] or b"").split()[: mail_setting("POLL_BATCH")]
        for uid in uids:
            fetched = _ok(connection.uid("FETCH", uid.decode(), "(BODY.PEEK[])"))
            raw = next((item[1] for item in fetched if isinstance(item, tuple) and len(item) == 2), None)
            if raw is None:
                continue  # deleted between the search and the fetch
            result = email_ingest(raw=raw, source=Source.IMAP, mailbox=mailbox.name)
            outcome = result.inbound.outcome if result.created else "duplicate"
            counts[outcome] = counts.get(outcome, 0) + 1
            _ok(connection.uid("STORE", uid.decode(), "+FLAGS", "(\\Seen)"))
    finally:
        try:
            connection.logout()
        except RETRYABLE:
            pass  # the messages taken in are recorded; a goodbye that fails changes nothing
    if counts:
        logger.info("mailbox %s: %s", mailbox.name, ", ".join(f"{n} {o}" for o, n in sorted(counts.items())))
    return counts


def mailboxes_poll(*, connect: Callable[[Mailbox], imaplib.IMAP4] = imap_connect) -> dict[str, dict[str, int]]:
    """Poll every configured mailbox; one that fails is logged and skipped until the next poll."""
    results: dict[str, dict[str, int]] = {}
    for mailbox in mailboxes():
        try:
            results[mailbox.name] = mailbox_poll(mailbox=mailbox, connect=connect)
        except RETRYABLE as exc:
            logger.warning("mailbox %s: poll failed (%s)", mailbox.name, type(exc).__name__)
    return results
