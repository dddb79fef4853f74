"""Word tokens in one canonical spelling, so values match however they are written.

Both the private values and the reply go through `tokenize`, so "12 Baker St." and
"12 baker street" become the same token run, and Aho-Corasick can match runs on word boundaries.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")
# A word longer than five letters ending in "str" ("Hauptstr"): rare, so looked for before a per-word loop.
_STR_WORD = re.compile(r"str(?![^\W_])(?<=[^\W_]{3}str)")  # literal-led, so `re` jumps between "str"s

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
        self.lowered = lowered  # text.lower(), which tokenizing computes anyway: other detectors reuse it
        self._spans: tuple[tuple[int, int], ...] | None = None

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        if self._spans is None:
            word = _ASCII_WORD if self.text.isascii() else _WORD
            self._spans = tuple(map(_SPAN, word.finditer(self.text)))
        return self._spans

    def joined(self) -> str:
        """The tokens as " a b c ", the form the automaton matches " pattern " against."""
        return " " + " ".join(self.words) + " "


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


_SPAN = re.Match.span
_EXPAND = _ABBREVIATIONS.get
# In ASCII, a word character other than "_" is a letter or digit: [^\W_] is [A-Za-z0-9], which `re`
# checks without Unicode category look-ups, and str.translate + split do the same split in C.
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_ASCII_SEPARATORS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


def tokenize(text: str) -> Tokens:
    lowered = text.lower()
    if len(lowered) != len(text):  # rare case-mappings that change length ("İ"): keep offsets exact
        return Tokens(text, tuple(canonical(word) for word in _WORD.findall(text)), lowered)
    # ASCII separators become spaces and split() also splits at any Unicode space; no word crosses
    # either, so an ASCII chunk is one word and only the others need the Unicode-aware regex.
    chunks = lowered.translate(_ASCII_SEPARATORS).split()
    if text.isascii():
        raw = chunks
    else:
        raw = []
        for chunk in chunks:
            if chunk.isascii():
                raw.append(chunk)
            else:
                raw.extend(w if w.isascii() else fold(w) for w in _WORD.findall(chunk))
    # dict.get(w, w) through map runs in C; no abbreviation is longer than five letters, so the
    # "-str" words never collide with one.
    words = list(map(_EXPAND, raw, raw))
    if _STR_WORD.search(lowered) is not None or not text.isascii():
        words = [w + "asse" if len(w) > 5 and w.endswith("str") else w for w in words]
    return Tokens(text, tuple(words), lowered)


@lru_cache(maxsize=16384)
def phrase(text: str) -> str:
    """A value as the canonical token run the automaton looks for.

    Cached: the same names and addresses (an organization's contacts, the company's) recur in every context
    that is compiled, and this is most of the work of turning them into rules."""
    return " ".join(tokenize(text).words)
