"""The customer's postal addresses, whole or in parts, with St/Street, Rd/Road... made equal.

An address is split into its lines (commas or newlines); every line with a digit in it (the
street line, "NW1 6XE", "10115 Berlin") is a value of its own, so "the street part" or the
postcode alone is still caught. Unit lines ("Flat 3", "Suite 200") are too common to count.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .context import ScanContext
from .normalize import phrase
from .phrases import PhraseRule

_LINE_SPLIT = re.compile(r"[,\n;]+")
_UNIT_LINE = re.compile(r"^(?:flat|apartment|unit|suite|floor|room|building|po box|box)\s+\w+$")
_STREET_WORDS = frozenset(
    "street road avenue boulevard drive lane court place square terrace crescent highway parkway close "
    "gardens way walk row hill rue chemin allee strasse weg gasse platz calle via viale plaza".split()
)
_COMPOUNDS = ("strasse", "weg", "gasse", "platz")
_EXPLANATION = "the customer's postal address, from their profile"


def rules(ctx: ScanContext, numbered: frozenset[str] | None = None) -> Iterator[PhraseRule]:
    """Every profile address's rules; with `numbered` (a reply's words with a digit in them), only those of
    addresses with one of them: every rule's phrase but the street's name has a word of its address with a digit
    (its line's number or postcode), which a text must have for it to match (an ASCII address's lines have its
    words). The street's name alone ("Gneisenaustraße", "Wellington Crescent") is the profile's only: a street a
    private text names is one of many the customer may write about."""
    for address in ctx.customer.addresses:
        if numbered is None or not address.isascii() or not numbered.isdisjoint(phrase(address).split()):
            yield from rules_for(address, _EXPLANATION)
        for value in street_names(address):
            yield PhraseRule(value, "address", "customer", "address:" + value, _EXPLANATION)


def rules_for(address: str, explanation: str) -> Iterator[PhraseRule]:
    for value in _values(address):
        yield PhraseRule(value, "address", "customer", "address:" + value, explanation)


# Names that many towns give a street: said alone they name no one's street ("the shop on High Street").
_EVERY_TOWNS = frozenset(
    """high main church station mill park school market bridge north south east west new old green hill king
    kings queen queens victoria george london manor chapel castle back front middle upper lower long short the
    first second third water river lake forest wood spring garden haupt bahnhof bahnhofs kirch kirchen schul markt
    dorf berg garten wald post feld linden""".split()
)


@functools.lru_cache(maxsize=4096)
def street_names(address: str) -> tuple[str, ...]:
    """`_street_names`, parsed once per process for each address (a desk's customers keep theirs)."""
    return tuple(_street_names(address))


def _street_names(address: str) -> Iterator[str]:
    """The name of the address's street without its number: a word with the street in it ("gneisenaustrasse"), or
    the words between the number and the street word ("wellington crescent"), if one is no name every town has."""
    for line in _LINE_SPLIT.split(address):
        words = phrase(line).split()
        for j, word in enumerate(words):
            if word.endswith(_COMPOUNDS) and word not in _STREET_WORDS:
                if word.removesuffix(next(c for c in _COMPOUNDS if word.endswith(c))) not in _EVERY_TOWNS:
                    yield word
            elif word in _STREET_WORDS and j:
                first = next((i + 1 for i in range(j - 1, -1, -1) if any(c.isdigit() for c in words[i])), 0)
                name = words[first:j]
                if first and 0 < len(name) <= 3 and not _EVERY_TOWNS.issuperset(name):
                    yield " ".join(words[first : j + 1])


_AT_NUMBER = re.compile(r"at (?:number|no) (\w+)")


def _values(address: str) -> Iterator[str]:
    lines = [phrase(line) for line in _LINE_SPLIT.split(address)]
    if len(lines) == 1 and (house := _AT_NUMBER.fullmatch(lines[0])):  # private text's "at No. 23"
        yield from (f"at number {house[1]}", f"at no {house[1]}")
        return
    for line in lines:
        words = line.split()
        if not any(w.isdigit() or any(c.isdigit() for c in w) for w in words):
            continue
        if len(words) < 2 or _UNIT_LINE.match(line):
            continue
        yield line
        yield from _street_parts(words)
        yield from _postcode(words)
    if len(lines) == 1:
        yield from _street_parts(lines[0].split())


def _street_parts(words: list[str]) -> Iterator[str]:
    """ "12 baker street" inside a longer line, and the street line without a leading unit word."""
    for j, word in enumerate(words):
        is_street = word in _STREET_WORDS or word.endswith(_COMPOUNDS)
        if not is_street:
            continue
        for i in range(j - 1, max(-1, j - 6), -1):
            if words[i][0].isdigit():
                if (i, j) != (0, len(words) - 1):
                    yield " ".join(words[i : j + 1])
                break
        if j + 1 < len(words) and words[j + 1][0].isdigit() and (j > 0 or j + 2 < len(words)):
            start = max(0, j - 3) if word in _STREET_WORDS else j
            yield " ".join(words[start : j + 2])


def _postcode(words: list[str]) -> Iterator[str]:
    """ "nw1 6xe" from "london nw1 6xe": the tail from the first token with a digit, if specific."""
    first = next(i for i, w in enumerate(words) if any(c.isdigit() for c in w))
    tail = words[first:]
    if first > 0 and (len(tail) > 1 or not tail[0].isdigit()) and len("".join(tail)) >= 5:
        yield " ".join(tail)
