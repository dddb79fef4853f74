"""Loading the checker's phrase patterns: data in `patterns.toml`, compiled once.

Patterns are grouped by meaning (an apology, a question to the customer, money back as a certainty ...) so a
new way of saying the same thing goes into the group it means, not into a list of sentences.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEFAULT_PATTERNS_PATH = Path(__file__).with_name("patterns.toml")
CLASSES = ("empathy", "info_request", "private_channel", "private_detail", "commitment", "promise", "blame")
_MACRO = re.compile(r"\{(\w+)\}")


class PatternError(ValueError):
    """The patterns file cannot be read; the message names the entry."""


@dataclass(frozen=True)
class Group:
    cls: str
    meaning: str
    regex: re.Pattern[str]
    unless_followed_by: re.Pattern[str] | None = None
    hedged: bool = False  # a promise said as an expectation: only a condition (`Patterns.condition`) cancels it


@dataclass(frozen=True)
class Patterns:
    groups: tuple[Group, ...]
    negation: re.Pattern[str]
    hedge: re.Pattern[str]
    digest: str
    harmless_negation: re.Pattern[str] | None = None  # negations that negate nothing after them ("don't worry")
    condition: re.Pattern[str] | None = None  # the hedges that cancel a `hedged` group's promise too
    # requests that read like conditions ("if you could send ...", "once I have it"), not read by the hedges
    harmless_condition: re.Pattern[str] | None = None
    # offers of more help and thanks for having told us ("let us know if you have any questions"): no request
    courtesy: re.Pattern[str] | None = None
    # telling the customer it is not on them ("it's not your fault", "you're not alone", "easy to miss"): no blame
    exonerating: re.Pattern[str] | None = None

    def of(self, cls: str) -> tuple[Group, ...]:
        return tuple(g for g in self.groups if g.cls == cls)


def _compile(source: str, macros: dict[str, str], where: str) -> re.Pattern[str]:
    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise PatternError(f"{where}: unknown macro {{{name}}}")
        return macros[name]

    expanded = source
    for _ in range(3):  # macros may use macros, not recursively
        expanded = _MACRO.sub(expand, expanded)
    try:
        return re.compile(expanded, re.IGNORECASE)
    except re.error as exc:
        raise PatternError(f"{where}: {exc}") from exc


def patterns_load(text: str) -> Patterns:
    """Compile a patterns file's text (see patterns.toml for its layout)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PatternError(f"not valid TOML: {exc}") from exc
    macros = {name: f"(?:{value})" for name, value in data.get("macros", {}).items()}
    cues = data.get("cues", {})
    groups = []
    for cls in CLASSES:
        for number, entry in enumerate(data.get(cls, []), start=1):
            where = f"[[{cls}]] #{number}"
            if not entry.get("patterns"):
                raise PatternError(f"{where}: no patterns")
            regex = _compile("|".join(f"(?:{p})" for p in entry["patterns"]), macros, where)
            unless = entry.get("unless_followed_by")
            groups.append(
                Group(
                    cls=cls,
                    meaning=entry.get("meaning", ""),
                    regex=regex,
                    unless_followed_by=_compile(unless, macros, where) if unless else None,
                    hedged=bool(entry.get("hedged", False)),
                )
            )
    missing = [cls for cls in CLASSES if not any(g.cls == cls for g in groups)]
    if missing or "negation" not in cues or "hedge" not in cues:
        raise PatternError(f"incomplete: needs every class ({', '.join(CLASSES)}) and cues negation + hedge")
    return Patterns(
        groups=tuple(groups),
        negation=_compile(cues["negation"], macros, "[cues] negation"),
        hedge=_compile(cues["hedge"], macros, "[cues] hedge"),
        digest=hashlib.sha256(text.encode()).hexdigest()[:16],
        harmless_negation=(
            _compile(cues["harmless_negation"], macros, "[cues] harmless_negation")
            if "harmless_negation" in cues
            else None
        ),
        condition=_compile(cues["condition"], macros, "[cues] condition") if "condition" in cues else None,
        harmless_condition=(
            _compile(cues["harmless_condition"], macros, "[cues] harmless_condition")
            if "harmless_condition" in cues
            else None
        ),
        courtesy=_compile(cues["courtesy"], macros, "[cues] courtesy") if "courtesy" in cues else None,
        exonerating=(
            _compile(cues["exonerating"], macros, "[cues] exonerating") if "exonerating" in cues else None
        ),
    )


@cache
def default_patterns() -> Patterns:
    return patterns_load(DEFAULT_PATTERNS_PATH.read_text(encoding="utf-8"))
