"""Multi-word values (names, addresses, ids, spelled-out emails) matched as canonical token runs.

All of a context's phrases go into one Aho-Corasick automaton over " token token " strings, so a
scan walks the reply once whatever the number of values, and matches only on word boundaries.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from .findings import Hit
from .normalize import Tokens


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """One value to look for. `cue` names a check the surrounding words must pass ("" for none):
    a first name alone must read as a person ("I spoke with Priya"), a surname needs a title. `reader` is the
    key of the customer's name when a member of staff's rule matches (part of) it too: where the words speak to
    the customer, they are the customer's name (names.reader_span)."""

    phrase: str
    kind: str
    owner: str
    key: str
    explanation: str
    cue: str = ""
    reader: str = ""


class PhraseMatcher:
    def __init__(self, rules: Iterable[PhraseRule]) -> None:
        grouped: dict[str, list[PhraseRule]] = {}
        for rule in rules:
            if rule.phrase:
                grouped.setdefault(rule.phrase, []).append(rule)
        self._automaton: ahocorasick.Automaton | None = None
        if grouped:
            automaton = ahocorasick.Automaton()
            for text, group in grouped.items():
                pattern = f" {text} "
                automaton.add_word(pattern, (len(pattern), text.count(" ") + 1, tuple(group)))
            automaton.make_automaton()
            self._automaton = automaton

    def find(self, tokens: Tokens) -> Iterator[tuple[int, int, PhraseRule]]:
        """(first token, last token, rule) for every rule whose phrase occurs in the tokens."""
        if self._automaton is None:
            return
        matches = list(self._automaton.iter(tokens.joined()))
        if not matches:
            return
        starts: dict[int, int] = {}
        offset = 0
        for index, word in enumerate(tokens.words):
            starts[offset] = index
            offset += len(word) + 1
        for end, (length, count, group) in matches:
            first = starts[end - length + 1]
            for rule in group:
                yield first, first + count - 1, rule


def to_hit(tokens: Tokens, first: int, last: int, rule: PhraseRule) -> Hit:
    return Hit(tokens.spans[first][0], tokens.spans[last][1], rule.kind, rule.owner, rule.key, rule.explanation)
