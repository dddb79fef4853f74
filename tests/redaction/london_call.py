"""The context the call-time tests read replies against: one call on Tuesday 11 March 2025 at 14:05 in London,
and a reply written on Friday the 14th."""

from redaction.scanner import scan

LONDON = {
    "channel": "public",
    "tz": "Europe/London",
    "calls": [{"at": "2025-03-11T14:05:00+00:00", "duration_s": 600}],
    "now": "2025-03-14T10:20:00+00:00",
}


def calls(text: str, context: dict = LONDON) -> list[str]:
    """The call times the scanner finds in `text`, as the reply says them."""
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "call_time"]
