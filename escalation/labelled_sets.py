"""Reading a manifest of labelled sets (bench/data/*_sets.toml): the one loader the urgency sets
(`escalation.detection.sets`) and the first-response sets (`escalation.firstresponse.sets`) share.

A manifest is a TOML table per set, named by the set's file in bench/data, each with a `role` and an `about`
and the fields its own app adds. The checks every manifest needs are here, so the two apps refuse a misread
entry the same way; each app checks its own fields and keeps its own roles.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

DATA = Path(__file__).resolve().parents[1] / "bench" / "data"


class Declared(Protocol):
    @property
    def role(self) -> str: ...


def manifest_entries(text: str, *, roles: tuple[str, ...], fields: tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    """Each set's entry, in the manifest's order; ValueError naming the set for an entry without exactly
    `role`, `fields` and `about`, a role not in `roles` or an `about` that is not a string."""
    keys = ("role", *fields, "about")
    entries: dict[str, dict[str, Any]] = {}
    for name, entry in tomllib.loads(text).items():
        if set(entry) != set(keys):
            raise ValueError(f"{name}: needs exactly {', '.join(keys[:-1])} and {keys[-1]}")
        if entry["role"] not in roles:
            raise ValueError(f"{name}: role {entry['role']!r} is not one of {', '.join(roles)}")
        if not isinstance(entry["about"], str):
            raise ValueError(f"{name}: about must be a string")
        entries[name] = entry
    return entries


def names_with_role(sets: Mapping[str, Declared], role: str) -> tuple[str, ...]:
    """The names of the declared sets of `role`, in the manifest's order."""
    return tuple(name for name, labelled in sets.items() if labelled.role == role)
