"""Timestamps as pages show them: one helper for the thread's messages, the history's lines and the inbox's
rows, so each writes its text ("4 Dec 2026, 09:05") in the viewer's language and time zone, with the ISO form
beside it."""

from datetime import datetime

from django.utils.formats import date_format
from django.utils.timezone import localtime


def stamp(value: datetime, shown: str = "j M Y, H:i") -> tuple[str, str]:
    """(ISO 8601 for `<time datetime>`, the text shown in the `shown` format), in the current time zone and
    language."""
    local = localtime(value)
    return local.isoformat(), date_format(local, shown)
