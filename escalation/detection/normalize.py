"""Tolerant reading: a message typed in a hurry is rewritten into the spelling the rules are written in.

People in crisis do not proofread. Before the rules run, each word of a message is looked at once:

- stretched letters are squeezed ("pleeease" → "please", "killl" → "kill"), to the form the rules know;
- texting spellings become words ("u" → "you", "gonna" → "going to", "thinkin" → "thinking");
- a misspelt rare long keyword (a rule word marked ~: "sucidal", "jounalist") becomes the keyword, when it is
  one edit (a letter added, dropped, changed or two neighbours swapped) from exactly one keyword, starts with
  the same letter, and is not itself a word the rules use. Only keywords of seven letters or more are
  corrected: short words have too many real neighbours ("layer" is not "lawyer"); a keyword with a common
  neighbour of its own length ("overdose": "overdone") is not marked.

The rewritten text is what the rules and the context checks read; `Normalized.original` maps its offsets back,
so spans still point at what the customer typed. A message needing no rewrite (most of them) is returned as is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W\d_]+")
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
MIN_FUZZY_KEYWORD = 7  # keywords at least this long are corrected
MIN_FUZZY_TOKEN = 6  # and only from words at least this long
# Texting spellings with one reading; ambiguous ones ("ur": your or you're, "ill") stay for the rules to list.
TEXTING = {
    "u": "you", "r": "are", "ya": "you", "yall": "you all", "gonna": "going to", "wanna": "want to",
    "gotta": "got to", "tryna": "trying to", "tonite": "tonight", "2nite": "tonight", "bout": "about",
    "abt": "about", "pls": "please", "plz": "please", "ppl": "people", "bc": "because", "cuz": "because",
    "coz": "because", "cos": "because", "luv": "love", "rly": "really", "srsly": "seriously", "thx": "thanks",
    "nite": "night", "wat": "what", "wot": "what", "ima": "i'm going to", "imma": "i'm going to",
    "finna": "going to", "dunno": "don't know", "msg": "message", "ppls": "people",
    "kil": "kill", "kll": "kill", "tho": "though", "journo": "journalist", "journos": "journalists",
}


@dataclass(frozen=True)
class Normalized:
    text: str
    edits: tuple[tuple[int, int, int, int], ...] = ()  # (start, end) in text, (start, end) in the original

    def original(self, position: int, *, end: bool = False) -> int:
        """The offset in the original message of `position` in the rewritten text."""
        if not self.edits:
            return position
        index = bisect_right(self.edits, (position, float("inf"))) - 1
        if index < 0:
            return position
        start, stop, orig_start, orig_stop = self.edits[index]
        if position < stop or (end and position == stop):
            return orig_stop if end and position > start else orig_start
        return orig_stop + (position - stop)


class Speller:
    """Knows the rules' words; rewrites a message's words towards them."""

    def __init__(self, vocabulary: Iterable[str], keywords: Iterable[str] = ()):
        keywords = {word for word in keywords if word.isalpha() and len(word) >= MIN_FUZZY_KEYWORD}
        self.known = frozenset(word for word in vocabulary if word.isalpha()) | keywords
        deletions: dict[str, set[str]] = {}
        for word in keywords:
            for variant in _deletions(word) | {word}:
                deletions.setdefault(variant, set()).add(word)
        self.deletions = deletions
        self._cache: dict[str, str | None] = {}

    def word(self, token: str) -> str | None:
        """The spelling the rules use for `token` (lower case), or None when it is fine as typed."""
        try:
            return self._cache[token]
        except KeyError:
            pass
        fixed = self._fix(token)
        if len(self._cache) < 50_000:
            self._cache[token] = fixed
        return fixed

    def _fix(self, token: str) -> str | None:
        if token in TEXTING:
            return TEXTING[token]
        if token in self.known:
            return None
        if _STRETCHED.search(token):
            squeezed = [_STRETCHED.sub(r"\1\1", token), _STRETCHED.sub(r"\1", token)]
            for candidate in squeezed:
                if candidate in self.known:
                    return candidate
            return self._fix(squeezed[0]) or squeezed[0]
        if len(token) >= 5 and token.endswith("in") and token + "g" in self.known:  # dropped g: "endin", "thinkin"
            return token + "g"
        if len(token) < MIN_FUZZY_TOKEN:
            return None
        found: set[str] = set()
        for variant in _deletions(token) | {token}:
            found.update(self.deletions.get(variant, ()))
        found = {word for word in found if word[0] == token[0] and _one_edit(token, word)}
        return found.pop() if len(found) == 1 else None

    def rewrites(self, words: set[str]) -> bool:
        """Whether `normalize` rewrites a text whose words, as `rules.WORDS` finds them in it lower-cased (runs of
        letters and digits), are `words`: each different word is looked up once, and most messages need no
        rewrite. Lower-cased whole, a text whose length stays has the words `normalize` lower-cases one by one
        (no character's lower case is of another class: `test_detection_fast_paths.py` reads each of them)."""
        letters = set(filter(str.isalpha, words))  # a run of letters (no digit is a letter)
        if len(letters) < len(words):
            letters.update(*map(_TOKEN.findall, words.difference(letters)))
        cache = self._cache
        return any(map(cache.get, letters)) or any(map(self.word, letters.difference(cache)))

    def normalize(self, text: str) -> Normalized:
        pieces: list[str] = []
        edits: list[tuple[int, int, int, int]] = []
        done = 0  # original offset copied so far
        length = 0  # length of the rewritten text so far
        for match in _TOKEN.finditer(text):
            token = match.group(0)
            fixed = self.word(token.lower())
            if fixed is None:
                continue
            start, end = match.span()
            pieces.append(text[done:start])
            length += start - done
            edits.append((length, length + len(fixed), start, end))
            pieces.append(fixed)
            length += len(fixed)
            done = end
        if not edits:
            return Normalized(text)
        pieces.append(text[done:])
        return Normalized("".join(pieces), tuple(edits))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbouring letters turns `a` into `b`."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    if len(a) == len(b):
        rest_a, rest_b = a[prefix + 1:], b[prefix + 1:]
        swapped = a[prefix + 2:] == b[prefix + 2:] and a[prefix:prefix + 2] == b[prefix:prefix + 2][::-1]
        return rest_a == rest_b or swapped
    if len(a) > len(b):
        return a[prefix + 1:] == b[prefix:]
    return a[prefix:] == b[prefix + 1:]
