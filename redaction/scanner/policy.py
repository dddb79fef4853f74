"""Which details are leaks on which channel, as plain data.

A rule is channel -> owner -> kinds. Owners: "customer" (their own details), "contact" (their
organization's staff), "internal" (internal notes), "agent" (the agent's real name) and "unknown"
(a generic pattern with nothing in the context behind it, e.g. an email from another ticket).
A channel the policy does not name gets the "public" rules: the strictest is the safe default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .findings import KINDS, OWNERS

_ALL = frozenset(KINDS)


@dataclass(frozen=True)
class Policy:
    rules: Mapping[str, Mapping[str, frozenset[str]]]

    def is_leak(self, channel: str, owner: str, kind: str) -> bool:
        rules = self.rules.get(channel) or self.rules.get("public", {})
        return kind in rules.get(owner, ())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Policy:
        """Build from e.g. {"public": {"customer": "*"}, "private": {"customer": ["card"]}}.

        "*" means every kind; an owner left out has no leaks on that channel.
        """
        if not isinstance(data, Mapping):
            raise ValueError("policy must be a mapping of channel -> owner -> kinds")
        rules: dict[str, dict[str, frozenset[str]]] = {}
        for channel, owners in data.items():
            if not isinstance(owners, Mapping):
                raise ValueError(f"policy[{channel!r}] must map owner -> kinds")
            rules[channel] = {}
            for owner, kinds in owners.items():
                if owner not in OWNERS:
                    raise ValueError(f"policy[{channel!r}] has unknown owner {owner!r}; owners are {OWNERS}")
                rules[channel][owner] = _kinds(kinds, f"policy[{channel!r}][{owner!r}]")
        return cls(rules)

    def as_dict(self) -> dict[str, dict[str, list[str]]]:
        return {ch: {owner: sorted(kinds) for owner, kinds in owners.items()} for ch, owners in self.rules.items()}


def _kinds(value: Any, where: str) -> frozenset[str]:
    if value == "*":
        return _ALL
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise ValueError(f"{where} must be '*' or a list of kinds")
    unknown = set(value) - _ALL
    if unknown:
        raise ValueError(f"{where} has unknown kind(s) {sorted(unknown)}; kinds are {KINDS}")
    return frozenset(value)


DEFAULT_POLICY = Policy.from_dict(
    {
        "public": {"customer": "*", "contact": "*", "internal": "*", "agent": "*", "unknown": "*"},
        # Only the customer reads a private reply: their own details and words are theirs to see,
        # but card numbers are never repeated, and staff, internal notes and strangers' details stay out.
        "private": {
            "customer": ["card"],
            "contact": "*",
            "internal": "*",
            "agent": "*",
            "unknown": "*",
        },
    }
)
