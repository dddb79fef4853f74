"""`TACT_MAIL`, read at call time so `override_settings` works, and the mailboxes it lists, checked."""
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULTS = {
    "INBOUND_SECRET": "",
    "MAILBOXES": [],
    "POLL_SECONDS": 60,
    "MAX_BYTES": 10_000_000,
    # Files kept from one email besides the original .eml; each within TACT_LIMITS["ATTACHMENT_MAX_BYTES"].
    "MAX_FILES": 10,
    # How far a signed HTTP delivery's timestamp may be from our clock.
    "SIGNATURE_TOLERANCE_S": 300,
    # Messages fetched from one mailbox per poll; the rest wait for the next.
    "POLL_BATCH": 50,
}
SECURITY = ("ssl", "starttls", "none")


def mail_setting(key: str):
    return {**DEFAULTS, **getattr(settings, "TACT_MAIL", {})}[key]


@dataclass(frozen=True)
class Mailbox:
    """One IMAP mailbox: its mail lands in `queue` (a queue slug) unless the recipient is a queue's address."""

    name: str
    host: str
    user: str
    password: str
    port: int = 993
    security: str = "ssl"
    folder: str = "INBOX"
    queue: str = ""


def mailboxes() -> list[Mailbox]:
    """The configured mailboxes; a malformed entry raises ImproperlyConfigured naming TACT_MAILBOXES."""
    found = []
    for index, entry in enumerate(mail_setting("MAILBOXES")):
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"TACT_MAILBOXES[{index}] must be an object")
        missing = [key for key in ("name", "host", "user", "password") if not entry.get(key)]
        if missing:
            raise ImproperlyConfigured(f"TACT_MAILBOXES[{index}] lacks {', '.join(missing)}")
        try:
            mailbox = Mailbox(**entry)
        except TypeError as exc:
            raise ImproperlyConfigured(f"TACT_MAILBOXES[{index}]: {exc}") from None
        if mailbox.security not in SECURITY:
            raise ImproperlyConfigured(f"TACT_MAILBOXES[{index}].security must be one of {', '.join(SECURITY)}")
        found.append(mailbox)
    return found
