"""Deadlines and severity per category, read lazily from `settings.TACT_ESCALATION` so `override_settings` works.

Clocks run around the clock: a self-harm message at 3 a.m. on a Sunday must be acknowledged within five minutes
like one at noon. `policy_snapshot` is what an escalation keeps when it is raised; the deadlines it follows are
computed from that snapshot, never from the settings of the day.
"""
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings

MINUTE = 60
HOUR = 60 * MINUTE

DEFAULTS: dict[str, Any] = {
    # Seconds from raising to the acknowledge-by deadline.
    "ACKNOWLEDGE_WITHIN_S": {
        "self_harm": 5 * MINUTE,
        "threat_violence": 15 * MINUTE,
        "public_viral": 30 * MINUTE,
        "press_media": HOUR,
        "staff_conduct": HOUR,
        "agent_harassment": HOUR,
        "legal_regulatory": 4 * HOUR,
    },
    # Seconds from raising to the resolve-by deadline.
    "RESOLVE_WITHIN_S": {
        "self_harm": HOUR,
        "threat_violence": 4 * HOUR,
        "public_viral": 4 * HOUR,
        "press_media": 24 * HOUR,
        "staff_conduct": 24 * HOUR,
        "agent_harassment": 24 * HOUR,
        "legal_regulatory": 72 * HOUR,
    },
    # Severity an escalation starts with (1 low … 4 critical); it sets the colour on the triage page.
    "SEVERITY": {
        "self_harm": 4,
        "threat_violence": 4,
        "public_viral": 3,
        "press_media": 3,
        "staff_conduct": 3,
        "agent_harassment": 3,
        "legal_regulatory": 2,
    },
    # How often the triage list and the navigation count ask for news.
    "POLL_SECONDS": 5,
}
POLICY_VERSION = 1


def escalation_setting(key: str) -> Any:
    configured = getattr(settings, "TACT_ESCALATION", {}) or {}
    return configured.get(key, DEFAULTS[key])


def policy_snapshot(category: str) -> dict[str, Any]:
    """The rules an escalation of `category` follows, as raised now (stored on the escalation)."""
    return {
        "version": POLICY_VERSION,
        "acknowledge_within_s": int(escalation_setting("ACKNOWLEDGE_WITHIN_S")[category]),
        "resolve_within_s": int(escalation_setting("RESOLVE_WITHIN_S")[category]),
        "severity": int(escalation_setting("SEVERITY")[category]),
    }


def deadlines(policy: dict[str, Any], raised_at: datetime) -> tuple[datetime, datetime]:
    """(acknowledge_by, resolve_by) for an escalation raised at `raised_at` under `policy`."""
    return (
        raised_at + timedelta(seconds=policy["acknowledge_within_s"]),
        raised_at + timedelta(seconds=policy["resolve_within_s"]),
    )
