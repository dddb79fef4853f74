"""Verbatim quotes from private messages and internal notes, by hashed word shingles.

Every run of SHINGLE canonical words in a private text goes into one hash table (built when first
needed), so a scan costs one lookup per word of the reply whatever the amount of private text.
Case, punctuation and spacing vanish in tokenizing; shingles of mostly filler words ("thank you
for your help with this") are left out because any reply may say them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

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


Source = tuple[str, str, tuple[str, ...]]  # a private text, its owner, and its canonical words


class QuoteMatcher:
    """The shingle table is built the first time a text has a run of SHINGLE words that all occur in
    private text (`lazy`), or at once: most replies have no such run, so a context compiled for one
    reply usually never hashes a shingle."""

    def __init__(self, sources: Sequence[Source], published: str = "", lazy: bool = False) -> None:
        self.vocabulary = frozenset().union(*(words for _, _, words in sources))  # a cheap filter before hashing
        self._sources = sources
        self._published = published
        self._table: dict[int, str] | None = None  # hash of a shingle -> owner of the text it came from
        if not lazy:
            self._table = self._build()

    @classmethod
    def build(cls, sources: Sequence[Source], published: str = "", lazy: bool = False) -> QuoteMatcher:
        """sources: (private text, owner, its words); shingles the customer already published are left out."""
        return cls(sources, published, lazy)

    def _build(self) -> dict[int, str]:
        seen_public = set(_shingles(tokenize(self._published).words)) if self._published else set()
        table: dict[int, str] = {}
        for _, owner, words in self._sources:
            for shingle in _shingles(words):
                if shingle not in seen_public and (owner == "internal" or shingle not in table):
                    table[shingle] = owner
        return table

    def find(self, tokens: Tokens) -> Iterator[Hit]:
        if not self.vocabulary:
            return
        words = tokens.words
        # One byte per word, 1 if it occurs in private text: a quote needs SHINGLE of them in a row,
        # and most replies have none, which bytes.find tells without a Python loop.
        known = bytes(map(self.vocabulary.__contains__, words))
        first = known.find(_RUN)
        if first < 0:
            return
        if self._table is None:
            self._table = self._build()
        table = self._table
        if not table:
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
    """Hashes of the SHINGLE-word windows with enough content words."""
    for i in range(len(words) - SHINGLE + 1):
        window = words[i : i + SHINGLE]
        if sum(len(w) > 2 and w not in FILLER for w in window) >= _MIN_CONTENT_WORDS:
            yield hash(window)
