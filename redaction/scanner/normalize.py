"""Word tokens in one canonical spelling, so values match however they are written.

Both the private values and the reply go through `tokenize`, so "12 Baker St." and
"12 baker street" become the same token run, and Aho-Corasick can match runs on word boundaries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")

# Address words and their abbreviations: the canonical form is the long one.
_ABBREVIATIONS: dict[str, str] = {
    "st": "street",
    "str": "strasse",
    "rd": "road",
    "ave": "avenue",
    "av": "avenue",
    "blvd": "boulevard",
    "bd": "boulevard",
    "dr": "drive",
    "ln": "lane",
    "ct": "court",
    "pl": "place",
    "sq": "square",
    "ter": "terrace",
    "terr": "terrace",
    "cres": "crescent",
    "hwy": "highway",
    "pkwy": "parkway",
    "apt": "apartment",
    "ste": "suite",
    "fl": "floor",
    "bldg": "building",
    "cl": "close",
    "gdns": "gardens",
    "mt": "mount",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
}


class Tokens:
    """Canonical tokens of a text; their character spans are computed only if a hit needs them."""

    __slots__ = ("_spans", "lowered", "text", "words")

    def __init__(self, text: str, words: tuple[str, ...], lowered: str) -> None:
        self.text = text
        self.words = words
        self.lowered = lowered  # text.lower(): other detectors reuse it
        self._spans: tuple[tuple[int, int], ...] | None = None

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        if self._spans is None:
            self._spans = tuple(map(_SPAN, _WORD.finditer(self.text)))
        return self._spans

    def joined(self) -> str:
        """The tokens as " a b c ", the form the automaton matches " pattern " against."""
        return " " + " ".join(self.words) + " "


class _DigitFold(dict[int, int]):
    """str.translate table taking every decimal digit ("４", "٤", "४") to its ASCII digit and anything else
    to itself; filled as characters are met, so a reply costs dict look-ups in C after the first time."""

    def __missing__(self, code: int) -> int:
        value = unicodedata.decimal(chr(code), None)
        self[code] = code if value is None else 48 + value
        return self[code]


_DIGIT_FOLD = _DigitFold()


def fold_digits(text: str) -> str:
    """`text` with every decimal digit of any script in ASCII, each in its place (offsets do not move), so
    "card ending ４２４２" is read like "card ending 4242"."""
    return text if text.isascii() else text.translate(_DIGIT_FOLD)


def fold(text: str) -> str:
    """Lower-case and strip accents ("José" -> "jose"); cheap for plain ASCII."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def canonical(word: str) -> str:
    """One folded word in canonical spelling (abbreviations expanded, "-str" -> "-strasse")."""
    word = fold(word)
    long_form = _ABBREVIATIONS.get(word)
    if long_form is not None:
        return long_form
    if len(word) > 5 and word.endswith("str"):
        return word + "asse"
    return word


class WordTable(dict[str, str]):
    """Each word's `compute(word)`, computed the first time the word is met: a text's words then cost one dict
    look-up each in C. Words recur across tickets (most of any text is everyday words), so a table is
    process-wide; it is emptied when it grows past `size` entries, which bounds it whatever the texts."""

    def __init__(self, compute: Callable[[str], str], size: int = 65536) -> None:
        super().__init__()
        self.compute = compute
        self.size = size

    def __missing__(self, word: str) -> str:
        if len(self) >= self.size:
            self.clear()
        found = self[word] = self.compute(word)
        return found


_CANONICAL = WordTable(canonical)
CANONICAL = _CANONICAL  # each word's canonical spelling, for readers outside this module
ABBREVIATIONS = frozenset(_ABBREVIATIONS)  # the written forms that tokenizing reads as an address word
EXPANDED = frozenset(_ABBREVIATIONS.values())  # the address words they are read as
_SPAN = re.Match.span


def tokenize(text: str) -> Tokens:
    lowered = text.lower()
    # Words are read off the lower case, unless a rare case-mapping changes its length ("İ"): then off the
    # text, word by word, so offsets stay exact.
    source = lowered if len(lowered) == len(text) else text
    return Tokens(text, tuple(map(_CANONICAL.__getitem__, _WORD.findall(source))), lowered)


@lru_cache(maxsize=16384)
def phrase(text: str) -> str:
    """A value as the canonical token run the automaton looks for.

    Cached: the same names and addresses (an organization's contacts, the company's) recur in every context
    that is compiled, and this is most of the work of turning them into rules."""
    return " ".join(tokenize(text).words)
