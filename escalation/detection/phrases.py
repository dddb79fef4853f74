"""The phrase language rules are written in, compiled to regular expressions.

Leads type rules in a page, so the language is small and cannot be made slow (no user regex, no nesting
beyond groups of words):

    # a number                  200, 1,500, 12k      (## : 1,000 or more: 1,500, 12k, 2 million)
    kill myself                 words, any case; spaces, hyphens, commas or a line break between them
    suicid*                     a word beginning "suicid" (suicide, suicidal, suicidally)
    (lawyer|attorney|legal team)  one of the alternatives; an empty one (a|b|) makes the group optional
    going to .. sue             up to 3 words in between (``...``: up to 8), within one sentence
    don't  self-harm            apostrophes and hyphens may be typed or left out ("dont", "selfharm")

Every phrase also yields its anchors: the words of one position it cannot match without. The engine runs a
phrase's expression only on messages containing one of them, which keeps a rule set of hundreds of phrases
cheap on long emails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Between two words: anything but a letter, a digit or a sentence end. A single line break is fine (emails
# are hard-wrapped), so a phrase spans lines but not sentences.
SEP = r"[^\w.!?]+"
_GAP_WORD = r"(?:" + SEP + r"[\w'’]+)"
_GAPS = {"..": 3, "...": 8}
_TOKEN = re.compile(r"\s*(\.{2,3}|##?|[()|]|[\w'’\-]+\*?|\S)")
_NUMBER = r"\d[\d,.]*[km]?"
_THOUSANDS = r"(?:\d[\d,.]*\s?(?:k|m|thousand|million)|\d{1,3}(?:,\d{3})+|\d{4,})"
_STOPWORDS = frozenset(
    "a an the i you he she it we they me my your our his her its their to of in on at is be am are was "
    "will would can do did not no and or for with this that so".split()
)
MAX_PATTERN_LENGTH = 1000


class PhraseError(ValueError):
    """A pattern a lead typed that the phrase language cannot read; the message says how to fix it."""


@dataclass(frozen=True)
class Anchor:
    word: str
    prefix: bool  # True: any word starting with `word`


@dataclass
class _Node:
    regex: str
    optional: bool = False
    gap: bool = False
    anchors: tuple[frozenset[Anchor], ...] = ()  # one set per mandatory position, any of which must occur


def _word(token: str) -> _Node:
    wildcard = token.endswith("*")
    word = token.rstrip("*").replace("’", "'")
    if not re.search(r"[^\W_]", word):
        raise PhraseError(f"'{token}' has no letters.")
    parts = []
    for chunk in re.split(r"(['\-])", word):
        if chunk == "'":
            parts.append("['’]?")
        elif chunk == "-":
            parts.append(r"[\s\-]?")
        else:
            parts.append(re.escape(chunk))
    regex = "".join(parts) + (r"\w*" if wildcard else "")
    first = re.match(r"[^\W_]+", word.lstrip("'-"))
    assert first is not None
    whole = first.group(0) == word
    return _Node(regex, anchors=(frozenset({Anchor(first.group(0), prefix=wildcard or not whole)}),))


class _Parser:
    def __init__(self, pattern: str):
        self.pattern = pattern
        self.tokens = _TOKEN.findall(pattern.lower())
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def sequence(self, closing: bool) -> _Node:
        items: list[_Node] = []
        while (token := self.peek()) is not None and token not in ("|", ")"):
            self.take()
            if token == "(":  # noqa: S105 (a phrase token, not a secret)
                items.append(self.group())
            elif token == "#":  # noqa: S105
                items.append(_Node(_NUMBER))
            elif token == "##":  # noqa: S105
                items.append(_Node(_THOUSANDS))
            elif token in _GAPS:
                items.append(_Node(f"{_GAP_WORD}{{0,{_GAPS[token]}}}?", gap=True))
            elif re.fullmatch(r"[\w'’\-]+\*?", token):
                items.append(_word(token))
            else:
                raise PhraseError(
                    f"'{token}' is not allowed: use words, (a|b) for alternatives, * at a word's end, "
                    "# for a number, .. or ... for a gap."
                )
        if not closing and self.peek() is not None:
            raise PhraseError(f"Unexpected '{self.peek()}': check the brackets.")
        return _join(items)

    def group(self) -> _Node:
        alternatives = [self.sequence(closing=True)]
        while self.peek() == "|":
            self.take()
            alternatives.append(self.sequence(closing=True))
        if self.peek() != ")":
            raise PhraseError("A '(' is never closed.")
        self.take()
        present = [alt for alt in alternatives if alt.regex]
        if not present:
            raise PhraseError("A group () needs at least one word.")
        optional = len(present) < len(alternatives) or any(alt.optional for alt in present)
        anchors: tuple[frozenset[Anchor], ...] = ()
        if not optional and all(alt.anchors for alt in present):
            anchors = (frozenset().union(*(_best(alt.anchors) for alt in present)),)
        return _Node("(?:" + "|".join(alt.regex for alt in present) + ")", optional=optional, anchors=anchors)


def _join(items: list[_Node]) -> _Node:
    if items and (items[0].gap or items[-1].gap):
        raise PhraseError("A gap (.. or ...) goes between words, not at either end.")
    regex = ""
    leading_optional = True  # only optional items so far: the next separator belongs to them
    anchors: list[frozenset[Anchor]] = []
    for item in items:
        if item.gap:
            regex += item.regex
            continue
        if not regex or leading_optional:
            piece = f"(?:{item.regex}{SEP})?" if item.optional else item.regex
        else:
            piece = f"(?:{SEP}{item.regex})?" if item.optional else SEP + item.regex
        regex += piece
        if not item.optional:
            leading_optional = False
            anchors.extend(item.anchors)
    if items and leading_optional:  # everything optional: the phrase could match nothing
        raise PhraseError("Every part of this phrase is optional; make at least one word required.")
    return _Node(regex, anchors=tuple(anchors))


def _strength(options: frozenset[Anchor]) -> int:
    return min((0 if o.word in _STOPWORDS else len(o.word)) for o in options)


def _best(positions: tuple[frozenset[Anchor], ...]) -> frozenset[Anchor]:
    return max(positions, key=_strength)


@dataclass(frozen=True)
class Phrase:
    pattern: str
    regex: re.Pattern[str]
    anchors: frozenset[Anchor]  # empty: no good anchor, always tried


@lru_cache(maxsize=8192)
def phrase_compile(pattern: str) -> Phrase:
    """Compile one phrase; PhraseError says what is wrong with it. Cached: a rule set recompiled after a lead's
    change only compiles the phrases that are new."""
    text = " ".join(pattern.split())
    if not text:
        raise PhraseError("The phrase is empty.")
    if len(text) > MAX_PATTERN_LENGTH:
        raise PhraseError(f"Phrases are limited to {MAX_PATTERN_LENGTH} characters.")
    parser = _Parser(text)
    node = parser.sequence(closing=False)
    anchors = _best(node.anchors) if node.anchors else frozenset()
    if anchors and _strength(anchors) < 2:
        anchors = frozenset()
    regex = re.compile(r"(?<!\w)(?:" + node.regex + r")(?!\w)", re.IGNORECASE)
    return Phrase(text, regex, anchors)
