"""The labelled first-response sets and what each is for, as bench/data/firstresponse_sets.toml declares them.

Which drafts the reply model learns from, which choose its threshold and which only measure it are facts about
the data, so they are written beside the data, once (as the urgency sets are, `escalation.detection.sets`): the
trainer reads which sets to learn from, to tune on and to refuse; the bench reads which to measure by default
and whose errors it may print. A set that is not declared is refused nowhere, so a test requires every
firstresponse_*.jsonl file to be declared.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from escalation.labelled_sets import DATA, manifest_entries, names_with_role

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
    return {name: LabelledSet(name, e["role"], e["about"]) for name, e in manifest_entries(text, roles=ROLES).items()}


@cache
def reply_sets() -> dict[str, LabelledSet]:
    """The shipped manifest, read once per process."""
    return sets_parse(MANIFEST.read_text(encoding="utf-8"))


def sets_with_role(role: str) -> tuple[str, ...]:
    """The names of the declared sets of `role`, in the manifest's order."""
    return names_with_role(reply_sets(), role)
