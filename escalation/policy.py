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
    # Who is told, level by level, while nobody acknowledges: the ticket's queue's leads on duty (told at raise;
    # every lead of the queue when nobody is on duty), then every lead of the queue whoever is on duty, then the
    # administrators: only the queue's leads and the administrators can open the item (RETIRED_LEVELS).
    "LEVELS": ["on_duty_leads", "queue_leads", "admins"],
    # Seconds a level has to acknowledge before the next level is told.
    "LEVEL_TIMEOUT_S": {
        "self_harm": 5 * MINUTE,
        "threat_violence": 10 * MINUTE,
        "public_viral": 15 * MINUTE,
        "press_media": 30 * MINUTE,
        "staff_conduct": 30 * MINUTE,
        "agent_harassment": 30 * MINUTE,
        "legal_regulatory": HOUR,
    },
    # How many more times the levels are run through after the first pass, if still nobody acknowledges.
    "REPEAT": 1,
    # Seconds an acknowledged (or claimed) but unresolved item waits before it re-triggers: the queue's leads
    # are told again, and again after each such interval, until it is resolved or dismissed.
    "ACK_TIMEOUT_S": {
        "self_harm": 30 * MINUTE,
        "threat_violence": HOUR,
        "public_viral": HOUR,
        "press_media": 4 * HOUR,
        "staff_conduct": 4 * HOUR,
        "agent_harassment": 4 * HOUR,
        "legal_regulatory": 24 * HOUR,
    },
    # How often the triage list and the navigation count ask for news.
    "POLL_SECONDS": 5,
}
POLICY_VERSION = 2
# Level names no longer followed, and what is told in their place. `all_leads` told leads of every queue, who
# cannot open an item their queues do not own: it reads as the queue's leads, in new snapshots (the
# `escalation.W001` system check warns of a policy that names it) and in snapshots already kept.
RETIRED_LEVELS = {"all_leads": "queue_leads"}


def level_followed(name: str) -> str:
    """The level a policy's level name is followed as: its replacement when retired, else itself."""
    return RETIRED_LEVELS.get(name, name)


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
        "levels": [level_followed(notify) for notify in escalation_setting("LEVELS")],
        "level_timeout_s": int(escalation_setting("LEVEL_TIMEOUT_S")[category]),
        "repeat": int(escalation_setting("REPEAT")),
        "ack_timeout_s": int(escalation_setting("ACK_TIMEOUT_S")[category]),
    }


def deadlines(policy: dict[str, Any], raised_at: datetime) -> tuple[datetime, datetime]:
    """(acknowledge_by, resolve_by) for an escalation raised at `raised_at` under `policy`."""
    return (
        raised_at + timedelta(seconds=policy["acknowledge_within_s"]),
        raised_at + timedelta(seconds=policy["resolve_within_s"]),
    )


def ladder_length(policy: dict[str, Any]) -> int:
    """How many level steps the policy's ladder has: its levels, run through `repeat` more times."""
    return len(policy.get("levels") or []) * (1 + int(policy.get("repeat", 0)))
