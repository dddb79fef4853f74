"""Urgency detection: which urgent categories a customer message belongs to, and the words that say so.

A pure library (no Django), like the leak scanner: the intake task and `manage.py classify_messages` load
the rules leads have added from the database and pass them in as a compiled `RuleSet`, with the learned
stage (`model.py`, weights trained here and shipped as data) beside them.
"""

from .engine import MAX_CHARS, Detection, classify
from .model import UrgencyModel, default_model
from .phrases import PhraseError, phrase_compile
from .rules import (
    CATEGORIES,
    STRENGTHS,
    CategoryPolicy,
    RuleSet,
    RuleSpec,
    default_ruleset,
    defaults_load,
    ruleset_compile,
    ruleset_merge,
)

__all__ = [
    "CATEGORIES",
    "MAX_CHARS",
    "STRENGTHS",
    "CategoryPolicy",
    "Detection",
    "PhraseError",
    "RuleSet",
    "RuleSpec",
    "UrgencyModel",
    "classify",
    "default_model",
    "default_ruleset",
    "defaults_load",
    "phrase_compile",
    "ruleset_compile",
    "ruleset_merge",
]
