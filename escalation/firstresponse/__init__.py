"""The first-response checker: warnings on a public reply draft, from phrase patterns shipped as data.

A pure library (no Django), like `escalation.detection`: `manage.py lint_replies` and the reply composer call
`check`. See docs/first-response.md.
"""

from .checker import CODES, MAX_CHARS, PUBLIC_CHANNELS, ReplyWarning, asks_for_information, check
from .model import ReplyModel, default_reply_model
from .patterns import PatternError, Patterns, default_patterns, patterns_load

__all__ = [
    "CODES",
    "MAX_CHARS",
    "PUBLIC_CHANNELS",
    "PatternError",
    "Patterns",
    "ReplyModel",
    "ReplyWarning",
    "asks_for_information",
    "check",
    "default_patterns",
    "default_reply_model",
    "patterns_load",
]
