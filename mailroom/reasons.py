"""Why mail was ignored: the fixed sentences intake stores (in English, in `InboundEmail.reason`), and their
translation when a page shows them.

The stored text stays English so the record and the API read the same in every language; `reason_display`
matches it against these sentences and translates it for the reader. Text no sentence matches (written by an
older version) is shown as stored.
"""

import re

from django.utils.translation import gettext, gettext_noop

AUTO_SUBMITTED = gettext_noop("Auto-Submitted: %(value)s")
PRECEDENCE = gettext_noop("Precedence: %(value)s")
AUTOMATIC_HEADER = gettext_noop("%(header)s header")
DELIVERY_REPORT = gettext_noop("delivery report (%(report)s)")
SENT_BY_DAEMON = gettext_noop("sent by %(sender)s")
EMPTY_RETURN_PATH = gettext_noop("empty Return-Path (a bounce)")
OWN_MESSAGE = gettext_noop("our own outgoing message (a loop)")
OWN_QUEUE_ADDRESS = gettext_noop("sent from one of our queue addresses (a loop)")

REASONS = (
    AUTO_SUBMITTED,
    PRECEDENCE,
    AUTOMATIC_HEADER,
    DELIVERY_REPORT,
    SENT_BY_DAEMON,
    EMPTY_RETURN_PATH,
    OWN_MESSAGE,
    OWN_QUEUE_ADDRESS,
)
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _pattern(sentence: str) -> re.Pattern:
    parts = PLACEHOLDER.split(sentence)  # text, name, text, name, ..., text
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+)" for i, part in enumerate(parts))
    return re.compile(regex, re.DOTALL)


PATTERNS = [(sentence, _pattern(sentence)) for sentence in REASONS]


def reason_display(stored: str) -> str:
    """The stored reason in the active language; the values it quotes (header values, senders) as stored."""
    for sentence, pattern in PATTERNS:
        if (match := pattern.fullmatch(stored)) is not None:
            return gettext(sentence) % match.groupdict()
    return stored
