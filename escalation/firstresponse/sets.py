"""The labelled first-response sets and what each is for, as bench/data/firstresponse_sets.toml declares them.

Which drafts the reply model learns from, which choose its threshold and which only measure it are facts about
the data, so they are written beside the data, once (as the urgency sets are, `escalation.detection.sets`): the
trainer reads which sets to learn from, to tune on and to refuse; the bench reads which to measure by default
and whose errors it may print. A set that is not declared is refused nowhere, so a test requires every
firstresponse_*.jsonl file to be declared.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
MANIFEST = DATA / "firstresponse_sets.toml"
ROLES = ("training", "development", "evaluation")


@dataclass(frozen=True)
class LabelledSet:
    name: str  # the file's name in bench/data
    role: str  # one of ROLES
    about: str


def sets_parse(text: str) -> dict[str, LabelledSet]:
    """The sets a manifest declares, in its order; ValueError naming the set for a role or field the trainer
    would otherwise misread."""
    sets: dict[str, LabelledSet] = {}
    for name, entry in tomllib.loads(text).items():
        if set(entry) != {"role", "about"}:
            raise ValueError(f"{name}: needs exactly role and about")
        if entry["role"] not in ROLES:
            raise ValueError(f"{name}: role {entry['role']!r} is not one of {', '.join(ROLES)}")
        if not isinstance(entry["about"], str):
            raise ValueError(f"{name}: about must be a string")
        sets[name] = LabelledSet(name, entry["role"], entry["about"])
    return sets


@cache
def reply_sets() -> dict[str, LabelledSet]:
    """The shipped manifest, read once per process."""
    return sets_parse(MANIFEST.read_text(encoding="utf-8"))


def sets_with_role(role: str) -> tuple[str, ...]:
    """The names of the declared sets of `role`, in the manifest's order."""
    return tuple(name for name, labelled in reply_sets().items() if labelled.role == role)
