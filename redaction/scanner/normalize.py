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

    __slots__ = ("_ascii_words", "_spans", "lowered", "text", "words")

    def __init__(self, text: str, words: tuple[str, ...], lowered: str, ascii_words: bool = False) -> None:
        self.text = text
        self.words = words
        self.lowered = lowered  # text.lower(), which tokenizing computes anyway: other detectors reuse it
        self._ascii_words = ascii_words  # every word character in the text is an ASCII letter or digit
        self._spans: tuple[tuple[int, int], ...] | None = None

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        if self._spans is None:
            word = _ASCII_WORD if self._ascii_words else _WORD
            self._spans = tuple(map(_SPAN, word.finditer(self.text)))
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


_SPAN = re.Match.span
_EXPAND = _ABBREVIATIONS.get
# In ASCII, a word character other than "_" is a letter or digit: [^\W_] is [A-Za-z0-9], which `re`
# checks without Unicode category look-ups, and str.translate + split do the same split in C.
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
# Non-ASCII characters that are not word characters either and that replies often hold (dashes, ellipses,
# bullets, typographic quotes and spaces): mapped to spaces too, a reply whose only non-ASCII characters
# they are takes the ASCII path (same words: none of them can be part of one).
_COMMON_NON_ASCII_SEPARATORS = (
    "\u00a0\u00ab\u00b7\u00bb\u2009\u2010\u2011\u2012\u2013\u2014\u2015"
    "\u2018\u2019\u201a\u201c\u201d\u201e\u2022\u2026\u202f"
)
_ASCII_SEPARATORS = str.maketrans(
    {char: " " for char in [*map(chr, range(128)), *_COMMON_NON_ASCII_SEPARATORS] if not char.isalnum()}
)


def tokenize(text: str) -> Tokens:
    lowered = text.lower()
    if len(lowered) != len(text):  # rare case-mappings that change length ("İ"): keep offsets exact
        return Tokens(text, tuple(canonical(word) for word in _WORD.findall(text)), lowered)
    # ASCII separators become spaces and split() also splits at any Unicode space; no word crosses
    # either, so an ASCII chunk is one word and only the others need the Unicode-aware regex.
    separated = lowered.translate(_ASCII_SEPARATORS)
    # The Kelvin sign is the one character besides "İ" whose lower case is ASCII ("k"): a word
    # character of the text that the lower case hides.
    ascii_words = separated.isascii() and (text.isascii() or "\u212a" not in text)
    chunks = separated.split()
    if ascii_words:
        raw = chunks
    else:
        raw = []
        for chunk in chunks:
            if chunk.isascii():
                raw.append(chunk)
            else:
                raw.extend(w if w.isascii() else fold(w) for w in _WORD.findall(chunk))
    # dict.get(w, w) through map runs in C; no abbreviation is longer than five letters, so the
    # "-str" words never collide with one. With ASCII words only, _STR_WORD finds exactly the words
    # that end in "str"; folding others can make one ("Hauptſtr").
    words = list(map(_EXPAND, raw, raw))
    if not ascii_words or _STR_WORD.search(lowered) is not None:
        words = [w + "asse" if len(w) > 5 and w.endswith("str") else w for w in words]
    return Tokens(text, tuple(words), lowered, ascii_words)


@lru_cache(maxsize=16384)
def phrase(text: str) -> str:
    """A value as the canonical token run the automaton looks for.

    Cached: the same names and addresses (an organization's contacts, the company's) recur in every context
    that is compiled, and this is most of the work of turning them into rules."""
    return " ".join(tokenize(text).words)
