"""The labelled urgency sets and what each is for, as bench/data/urgency_sets.toml declares them.

What a set teaches is a fact about its data, so it is written beside the data, once: the trainer reads which
sets to learn from, which to refuse and which categories each row teaches; the bench reads which to measure by
default and whose errors it may print. A set that is not declared teaches nothing and is refused nowhere, so
a test requires every urgency_*.jsonl file to be declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from escalation.labelled_sets import DATA, manifest_entries, names_with_role

from .rules import CATEGORIES

MANIFEST = DATA / "urgency_sets.toml"
ROLES = ("training", "rules", "evaluation")


@dataclass(frozen=True)
class LabelledSet:
    name: str  # the file's name in bench/data
    role: str  # one of ROLES
    speaks_for: frozenset[str] | None  # the categories its rows are trained on for; None: all
    grammar: bool  # every row from a grammar: weighs less, never a fold
    about: str


def sets_parse(text: str) -> dict[str, LabelledSet]:
    """The sets a manifest declares, in its order; ValueError naming the set for a role, category or field the
    trainer would otherwise misread (`manifest_entries` checks the fields every manifest has)."""
    sets: dict[str, LabelledSet] = {}
    for name, entry in manifest_entries(text, roles=ROLES, fields=("speaks_for", "grammar")).items():
        speaks = entry["speaks_for"]
        if speaks != "all" and (not isinstance(speaks, list) or not speaks or not set(speaks) <= set(CATEGORIES)):
            raise ValueError(f'{name}: speaks_for must be "all" or a list of categories, not {speaks!r}')
        if not isinstance(entry["grammar"], bool):
            raise ValueError(f"{name}: grammar must be true or false")
        sets[name] = LabelledSet(
            name, entry["role"], None if speaks == "all" else frozenset(speaks), entry["grammar"], entry["about"]
        )
    return sets


@cache
def urgency_sets() -> dict[str, LabelledSet]:
    """The shipped manifest, read once per process."""
    return sets_parse(MANIFEST.read_text(encoding="utf-8"))


def sets_with_role(role: str) -> tuple[str, ...]:
    """The names of the declared sets of `role`, in the manifest's order."""
    return names_with_role(urgency_sets(), role)


def speaks_for(origin: str) -> frozenset[str] | None:
    """The categories a row from `origin` is trained on for: those its set was written for, or all (None) for
    a set declared for all, or not declared (leads' decisions, a --set file)."""
    labelled = urgency_sets().get(origin)
    return labelled.speaks_for if labelled else None


def is_grammar(origin: str) -> bool:
    """Whether every row from `origin` comes from a grammar."""
    labelled = urgency_sets().get(origin)
    return labelled is not None and labelled.grammar
