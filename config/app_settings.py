"""Tact's namespaced settings with defaults, read at call time so `override_settings` works in tests."""
from django.conf import settings


def tact_limit(key: str) -> int:
    return settings.TACT_LIMITS[key]
