"""Verbatim quotes from private messages and internal notes, by hashed word shingles.

Every run of SHINGLE canonical words in a private text goes into one hash table at compile
time, so a scan costs one lookup per word of the reply whatever the amount of private text.
Case, punctuation and spacing vanish in tokenizing; shingles of mostly filler words ("thank you
for your help with this") are left out because any reply may say them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .findings import Hit
from .normalize import Tokens, tokenize

SHINGLE = 8
_MIN_CONTENT_WORDS = 3
FILLER = frozenset(
    """a an the and or but if then so to of in on at by for with from as is are was were be been being
    it its this that these those i you he she we they me him her us them my your his our their not no
    do does did have has had will would can could should may might must shall just also please thanks
    thank help hello dear regards hi let know get got any all some there here what when where which who
    how about into out up down over again very more most much many than too only own same such""".split()
)


_RUN = b"\x01" * SHINGLE


@dataclass
class QuoteMatcher:
    table: dict[int, str]  # hash of a shingle -> owner of the text it came from
    vocabulary: frozenset[str]  # every word of a stored shingle: a cheap filter before hashing

    @classmethod
    def build(cls, sources: Iterable[tuple[str, str]], published: str = "") -> QuoteMatcher:
        """sources: (private text, owner); shingles the customer already published are left out."""
        seen_public = set(_shingles(tokenize(published).words)) if published else set()
        table: dict[int, str] = {}
        vocabulary: set[str] = set()
        for text, owner in sources:
            words = tokenize(text).words
            vocabulary.update(words)
            for shingle in _shingles(words):
                if shingle not in seen_public and (owner == "internal" or shingle not in table):
                    table[shingle] = owner
        return cls(table, frozenset(vocabulary))

    def find(self, tokens: Tokens) -> Iterator[Hit]:
        if not self.table:
            return
        words = tokens.words
        table = self.table
        # One byte per word, 1 if it occurs in private text: a quote needs SHINGLE of them in a row,
        # and most replies have none, which bytes.find tells without a Python loop.
        known = bytes(map(self.vocabulary.__contains__, words))
        first = known.find(_RUN)
        if first < 0:
            return
        run_start = run_end = -1
        owner = ""
        streak = 0  # consecutive known words ending at i + SHINGLE - 1, counted as we go
        for i in range(first - SHINGLE + 1, len(words) - SHINGLE + 1):
            streak = streak + 1 if known[i + SHINGLE - 1] else 0
            if streak < SHINGLE:
                continue
            found = table.get(hash(words[i : i + SHINGLE]))
            if found is None:
                continue
            if i > run_end:
                if run_start >= 0:
                    yield self._hit(tokens, run_start, run_end, owner)
                run_start, owner = i, found
            elif found == "internal":
                owner = found
            run_end = i + SHINGLE - 1
        if run_start >= 0:
            yield self._hit(tokens, run_start, run_end, owner)

    @staticmethod
    def _hit(tokens: Tokens, first: int, last: int, owner: str) -> Hit:
        where = "an internal note" if owner == "internal" else "the customer's private message"
        count = last - first + 1
        key = "quote:" + " ".join(tokens.words[first : last + 1])
        return Hit(
            tokens.spans[first][0],
            tokens.spans[last][1],
            "quote",
            owner,
            key,
            f"repeats {count} words in a row from {where}",
        )


def _shingles(words: tuple[str, ...]) -> Iterator[int]:
    """Hashes of the SHINGLE-word windows with enough content words, counted as the window slides
    (compiling a context shingles every private text, so recounting each window was a third of it)."""
    content = [len(w) > 2 and w not in FILLER for w in words]
    count = sum(content[:SHINGLE])
    for i in range(len(words) - SHINGLE + 1):
        if i:
            count += content[i + SHINGLE - 1] - content[i - 1]
        if count >= _MIN_CONTENT_WORDS:
            yield hash(words[i : i + SHINGLE])
