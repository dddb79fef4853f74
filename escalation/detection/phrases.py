"""The phrase language rules are written in, compiled to regular expressions.

Leads type rules in a page, so the language is small and cannot be made slow (no user regex, no nesting
beyond groups of words):

    # a number                  200, 1,500, 12k      (## : 1,000 or more: 1,500, 12k, 2 million)
    kill myself                 words, any case; spaces, hyphens, commas or a line break between them
    suicid*                     a word beginning "suicid" (suicide, suicidal, suicidally)
    (lawyer|attorney|legal team)  one of the alternatives; an empty one (a|b|) makes the group optional
    going to .. sue             up to 3 words in between (``...``: up to 8, ``..6``: up to 6, at most 12),
                                within one sentence: a subject, a verb and a target near each other
    threaten+                   the word and its inflections (threatens, threatened, threatening; die: dies,
                                died, dying; stab: stabbed, stabbing)
    journalist~                 typo-tolerant: a misspelling one letter off ("jounalist") is read as the word
                                (words of 7 letters or more; see `normalize`)
    don't  self-harm            apostrophes and hyphens may be typed or left out ("dont", "selfharm")

Every phrase also yields its anchors: for each word position it cannot match without, the words one of which
must be there. The engine runs a phrase's expression only on sentences containing an anchor of every such
position, which keeps a rule set of hundreds of phrases cheap on long emails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Between two words: anything but a letter, a digit or a sentence end. A single line break is fine (emails
# are hard-wrapped), so a phrase spans lines but not sentences. An ellipsis is a pause, not an end: "I'm coming
# for you... to pick up my parcel" is one sentence, so a harmless sense reaches past it (atomic: no backtracking).
SEP = r"(?>(?:[^\w.!?]|\.{2,})+)"
_GAP_WORD = r"(?:" + SEP + r"[\w'’]+)"
# Where no phrase can match across: "!" and "?" (no part of a phrase reads them), and a full stop that is
# neither in an ellipsis (which SEP reads) nor after a digit or a comma (a number's "1.5", "1,500." may hold it).
# Phrases spell words and numbers with letters, digits, apostrophes, hyphens and SEP, so a match lies within
# one sentence: a phrase's expression run from a sentence's start to another's end with `finditer(text, start,
# end)` finds there what it finds in the whole text (its lookbehind sees the character before the start; after
# the end comes a sentence end, which no phrase reads). `RuleSet.tries` runs a rule only on such a stretch.
# Each way of ending starts with its own character (the full stop's lookbehind looks back from after it), so the
# regular-expression engine skips to the next "!", "?" or "." instead of trying every position.
SENTENCE_END = re.compile(r"!|\?|\.(?<![.,\d]\.)(?!\.)")
_WORD_CHAR = re.compile(r"\w")
_GAPS = {"..": 3, "...": 8}
MAX_GAP = 12
_TOKEN = re.compile(r"\s*(\.\.\d{1,2}|\.{2,3}|##?|[()|]|[\w'’\-]+[*+~]{0,2}|\S)")
_NUMBER = r"\d[\d,.]*[km]?"
_THOUSANDS = r"(?:\d[\d,.]*\s?(?:k|m|thousand|million)|\d{1,3}(?:,\d{3})+|\d{4,})"
_STOPWORDS = frozenset(
    "a an the i you he she it we they me my your our his her its their to of in on at is be am are was "
    "will would can do did not no and or for with this that so".split()
)
MAX_PATTERN_LENGTH = 1000
# Chat spellings with one reading each, accepted wherever a rule has the word ("ur" for your and you're).
_SPELLINGS = {"your": ("ur", "yr"), "you're": ("ur",), "you'll": ("ull",), "you've": ("uve",)}


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
    words: frozenset[str] = frozenset()  # every word the phrase spells out, for the speller
    fuzzy: frozenset[str] = frozenset()  # the words marked ~


def inflections(word: str) -> list[str]:
    """A word and its regular inflections, lemma-ish: plural or third person, past, -ing. Longest first."""
    vowels = "aeiou"
    forms = {word, word + "s", word + "ed", word + "ing"}
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    if word.endswith("ie"):  # die → died, dying
        forms |= {word + "d", word[:-2] + "ying"}
        forms -= {word + "ed", word + "ing"}
    elif word.endswith("e"):  # share → shared, sharing
        forms |= {word + "d", word[:-1] + "ing"}
        forms -= {word + "ed", word + "ing"}
    elif len(word) > 1 and word.endswith("y") and word[-2] not in vowels:  # cry → cries, cried
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
        forms -= {word + "s", word + "ed"}
    elif 3 <= len(word) <= 4 and word[-1] not in vowels + "wxy" and word[-2] in vowels and word[-3] not in vowels:
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # stab → stabbed, stabbing
    return sorted(forms, key=lambda form: (-len(form), form))


def _word(token: str) -> _Node:
    flags = token[len(token.rstrip("*+~")):]
    wildcard, inflect, fuzzy = "*" in flags, "+" in flags, "~" in flags
    word = token.rstrip("*+~").replace("’", "'")
    if not re.search(r"[^\W_]", word):
        raise PhraseError(f"'{token}' has no letters.")
    if wildcard and inflect:
        raise PhraseError(f"'{token}': use either * or + at a word's end, not both.")
    forms = inflections(word) if inflect else [word]
    variants = _SPELLINGS.get(word, ())
    forms = forms + [variant for variant in variants if variant not in forms]
    regexes = []
    for form in forms:
        parts = []
        for chunk in re.split(r"(['\-])", form):
            if chunk == "'":
                parts.append("['’]?")
            elif chunk == "-":
                parts.append(r"[\s\-]?")
            else:
                parts.append(re.escape(chunk))
        regexes.append("".join(parts))
    regex = regexes[0] if len(regexes) == 1 else "(?:" + "|".join(regexes) + ")"
    regex += r"\w*" if wildcard else ""
    first = re.match(r"[^\W_]+", word.lstrip("'-"))
    assert first is not None
    whole = first.group(0) == word
    anchor = first.group(0)
    if inflect and whole:  # the letters every form shares: "die" → "d" (died, dying), "stab" → "stab"
        anchor = min(forms, key=len)
        while not all(form.startswith(anchor) for form in forms):
            anchor = anchor[:-1]
    spelled = {piece for form in forms for piece in re.findall(r"[^\W\d_]+", form)}
    spelled |= {form.replace("'", "").replace("-", "") for form in forms}
    return _Node(
        regex,
        anchors=(frozenset({Anchor(anchor, prefix=wildcard or inflect or not whole)}
                           | {Anchor(variant, prefix=wildcard) for variant in variants}),),
        words=frozenset(spelled),
        fuzzy=frozenset(form for form in forms if len(form) >= 7 and form.isalpha()) if fuzzy else frozenset(),
    )


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
            elif token in _GAPS or re.fullmatch(r"\.\.\d{1,2}", token):
                size = _GAPS.get(token) or int(token[2:])
                if not 1 <= size <= MAX_GAP:
                    raise PhraseError(f"'{token}': a gap is 1 to {MAX_GAP} words.")
                items.append(_Node(f"{_GAP_WORD}{{0,{size}}}?", gap=True))
            elif re.fullmatch(r"[\w'’\-]+[*+~]{0,2}", token):
                items.append(_word(token))
            else:
                raise PhraseError(
                    f"'{token}' is not allowed: use words, (a|b) for alternatives, * at a word's end, "
                    "+ for inflections, ~ for typo-tolerant, # for a number, .. or ... or ..5 for a gap."
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
        return _Node(
            "(?:" + "|".join(alt.regex for alt in present) + ")",
            optional=optional,
            anchors=anchors,
            words=frozenset().union(*(alt.words for alt in present)),
            fuzzy=frozenset().union(*(alt.fuzzy for alt in present)),
        )


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
    return _Node(
        regex,
        anchors=tuple(anchors),
        words=frozenset().union(*(item.words for item in items)),
        fuzzy=frozenset().union(*(item.fuzzy for item in items)),
    )


def _strength(options: frozenset[Anchor]) -> int:
    return min((0 if o.word in _STOPWORDS else len(o.word)) for o in options)


def _best(positions: tuple[frozenset[Anchor], ...]) -> frozenset[Anchor]:
    return max(positions, key=_strength)


@dataclass(frozen=True)
class Phrase:
    pattern: str
    regex: re.Pattern[str]
    words: frozenset[str] = frozenset()  # the words it spells out: the speller leaves these alone
    fuzzy: frozenset[str] = frozenset()  # its typo-tolerant words: the speller corrects towards these
    # Every word position it cannot match without: a sentence lacking all of one position's anchors is not
    # tried (`RuleSet.tries`).
    requires: tuple[frozenset[Anchor], ...] = ()
    # `regex` without its leading lookbehind, which keeps the regular-expression engine from skipping to where
    # the phrase's first word can start: `spans` checks the character before a match instead.
    body: re.Pattern[str] | None = None

    def spans(self, lower: str, start: int, end: int) -> list[tuple[int, int]]:
        """The span of each match `regex.finditer(lower, start, end)` finds, found with `body`: where the body
        matches after a word character (`\\w`), the expression would have gone on looking from the next character.
        No phrase matches an empty string, so the next search starts where a match ends, as `finditer`'s does."""
        body = self.body
        if body is None:
            return [match.span() for match in self.regex.finditer(lower, start, end)]
        spans = []
        while (match := body.search(lower, start, end)) is not None:
            found = match.start()
            if found and _WORD_CHAR.match(lower, found - 1):  # the lookbehind sees before `start` too
                start = found + 1
                continue
            spans.append(match.span())
            start = match.end()
        return spans


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
    regex = re.compile(r"(?<!\w)(?:" + node.regex + r")(?!\w)")  # run on lower-cased text: see `lowered`
    body = re.compile(r"(?:" + node.regex + r")(?!\w)")
    return Phrase(text, regex, node.words, node.fuzzy, node.anchors, body)


def lowered(text: str) -> str:
    """`text` in lower case with every offset kept, for phrases (compiled without IGNORECASE, which makes
    Python's matcher several times slower). The few characters whose lower case is longer stay as they are."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
