"""The rules in force: the shipped defaults plus what leads changed, compiled once per change in each process.

Every classification asks the database for the rules' count and latest change (one small aggregate over a
table of a few rows) and recompiles only when that stamp moved, so a rule a lead saves takes effect in every
web process and worker at their next message, without a restart or a deploy.
"""
import threading
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agents.audit import audit_record
from agents.permissions import Perm, can
from escalation.detection import (
    CATEGORIES,
    STRENGTHS,
    PhraseError,
    RuleSet,
    RuleSpec,
    defaults_load,
    phrase_compile,
    ruleset_compile,
    ruleset_merge,
)
from escalation.detection.rules import RuleError
from escalation.urgency_models import RuleKind, UrgencyRule

_lock = threading.Lock()
_cached: tuple[object, RuleSet, list[RuleError]] | None = None


def _stamp() -> tuple:
    row = UrgencyRule.objects.aggregate(count=Count("id"), latest=Max("updated_at"), last_id=Max("id"))
    return (row["count"], row["latest"], row["last_id"])


def urgency_ruleset() -> RuleSet:
    """The compiled rules in force now."""
    return _current()[0]


def urgency_rule_errors() -> list[RuleError]:
    """Lead rules that no longer compile (the phrase language changed under them): shown on the rules page."""
    return _current()[1]


def _current() -> tuple[RuleSet, list[RuleError]]:
    global _cached
    stamp = _stamp()
    cached = _cached
    if cached is not None and cached[0] == stamp:
        return cached[1], cached[2]
    with _lock:
        if _cached is not None and _cached[0] == stamp:
            return _cached[1], _cached[2]
        defaults, policies = defaults_load()
        rows = list(UrgencyRule.objects.all())
        added = [
            RuleSpec(row.category, row.kind, row.pattern, row.strength or "medium", "lead")
            for row in rows if row.enabled
        ]
        disabled = [(row.category, row.kind, row.pattern) for row in rows if not row.enabled]
        errors: list[RuleError] = []
        ruleset = ruleset_compile(ruleset_merge(defaults, added, disabled), policies, errors=errors)
        _cached = (stamp, ruleset, errors)
        return ruleset, errors


@dataclass(frozen=True)
class RuleRow:
    """One line of the rules page: a default (possibly turned off) or a lead's rule."""

    category: str
    kind: str
    pattern: str
    strength: str
    enabled: bool
    source: str  # "default" or "lead"
    note: str = ""
    explicit: bool = False  # a shipped trigger that stands without the learned model's confirmation


def urgency_rules_listed() -> list[RuleRow]:
    defaults, _errors = defaults_load()
    overrides = {(r.category, r.kind, r.pattern): r for r in UrgencyRule.objects.all()}
    rows = []
    for spec in defaults:
        row = overrides.pop(spec.key, None)
        if row is None:
            rows.append(RuleRow(spec.category, spec.kind, spec.pattern, spec.strength, True, "default",
                                explicit=spec.explicit))
        else:
            rows.append(RuleRow(row.category, row.kind, spec.pattern, row.strength, row.enabled, "default", row.note,
                                spec.explicit))
    rows.extend(
        RuleRow(r.category, r.kind, r.pattern, r.strength, r.enabled, "lead", r.note) for r in overrides.values()
    )
    return rows


def _normalized(pattern: str) -> str:
    return " ".join((pattern or "").lower().split())


def urgency_rule_add(*, lead, category: str, kind: str, pattern: str, strength: str = "medium",
                     note: str = "", request=None) -> UrgencyRule:
    """A lead adds a rule; it is compiled first, so a phrase the language cannot read is refused with why."""
    if not can(lead, Perm.SAFETY_ACT):
        raise PermissionDenied("Only team leads change urgency rules.")
    errors: dict[str, str] = {}
    if category not in CATEGORIES:
        errors["category"] = gettext("Choose one of the urgency categories.")
    if kind not in RuleKind.values:
        errors["kind"] = gettext("Choose trigger or harmless sense.")
    if kind == RuleKind.TRIGGER and strength not in STRENGTHS:
        errors["strength"] = gettext("Choose strong, medium or weak.")
    pattern = _normalized(pattern)
    try:
        phrase_compile(pattern)
    except PhraseError as exc:
        errors["pattern"] = str(exc)
    if len(note) > 500:
        errors["note"] = gettext("Keep the note under 500 characters.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    try:
        with transaction.atomic():
            rule = UrgencyRule.objects.create(
                category=category, kind=kind, pattern=pattern, strength=strength if kind == "trigger" else "",
                note=note.strip(), created_by=lead, updated_by=lead, created_at=now, updated_at=now,
            )
            audit_record(actor=lead, action="urgency_rule.add", target=rule, request=request,
                         data={"category": category, "kind": kind, "strength": rule.strength})
    except IntegrityError:
        raise ValidationError({"pattern": _("That phrase is already a rule of this category and kind.")}) from None
    return rule


def urgency_rule_enable(*, lead, category: str, kind: str, pattern: str, enabled: bool,
                        request=None) -> UrgencyRule:
    """Turn a lead's rule or a shipped default off or on again. A default gets a row the first time."""
    if not can(lead, Perm.SAFETY_ACT):
        raise PermissionDenied("Only team leads change urgency rules.")
    pattern = _normalized(pattern)
    defaults = {spec.key: spec for spec in defaults_load()[0]}
    default = defaults.get((category, kind, pattern))
    with transaction.atomic():
        rule = UrgencyRule.objects.select_for_update().filter(category=category, kind=kind, pattern=pattern).first()
        if rule is None and default is None:
            raise ValidationError(_("There is no such rule."))
        now = timezone.now()
        if rule is None:
            assert default is not None
            rule = UrgencyRule.objects.create(
                category=category, kind=kind, pattern=pattern,
                strength=default.strength if kind == "trigger" else "", enabled=enabled,
                created_by=lead, updated_by=lead, created_at=now, updated_at=now,
            )
        else:
            UrgencyRule.objects.filter(pk=rule.pk).update(enabled=enabled, updated_by=lead, updated_at=now)
            rule.enabled = enabled
        audit_record(actor=lead, action="urgency_rule.enable" if enabled else "urgency_rule.disable",
                     target=rule, request=request, data={"category": category, "kind": kind})
    return rule
