"""The ticket page's timestamps: one helper for the thread's messages and the history's lines, so both write
the same text ("4 Dec 2026, 09:05") in the viewer's language and time zone, with the ISO form beside it."""

from datetime import datetime

from django.utils.formats import date_format
from django.utils.timezone import localtime


def stamp(value: datetime) -> tuple[str, str]:
    """(ISO 8601 for `<time datetime>`, the text shown), in the current time zone and language."""
    local = localtime(value)
    return local.isoformat(), date_format(local, "j M Y, H:i")
