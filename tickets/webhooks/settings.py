"""`TACT_WEBHOOKS` with its defaults, read at call time so `override_settings` works."""
from django.conf import settings

DEFAULTS = {
    # Seconds to connect, and again to read the answer; a receiver slower than this is a failed attempt.
    "TIMEOUT_S": 5,
    # Deliver to loopback, private, link-local and other non-public addresses. Off: a subscription cannot be
    # used to reach Tact's own network (SSRF). Turn on only for a receiver on your own network (and tests).
    "ALLOW_PRIVATE": False,
    # Attempts, and the backoff between them (BACKOFF_BASE_S doubling up to BACKOFF_MAX_S), for routine events…
    "MAX_ATTEMPTS": 12,
    "BACKOFF_BASE_S": 10,
    "BACKOFF_MAX_S": 3600,
    # …and for escalation events, which keep trying often and long (two hours at the defaults).
    "URGENT_MAX_ATTEMPTS": 120,
    "URGENT_BACKOFF_MAX_S": 60,
}


def webhook_setting(key: str):
    return {**DEFAULTS, **getattr(settings, "TACT_WEBHOOKS", {})}[key]
