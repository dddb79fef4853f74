"""Where a detector's pattern can start in a reply, from one pass over it shared by every detector.

Each detector used to run its own regexes over the whole reply (some fifteen passes, most of a scan's time),
although what they look for is rare in it: a ~500-byte reply has a handful of digit runs, and a phone, a
card, an IP address, an IBAN, an id or a numeric date or time starts at or just before one of them; a month,
a weekday or a part of the day starts where its name occurs. `digit_runs` finds the runs once per text (a
scan's detectors all ask for the same text, so they share the pass); each detector derives from them the few
offsets where its pattern can start, and `matches` tries the pattern there only.

`matches` yields exactly what `pattern.finditer(text)` yields whenever the offsets include every offset where
a match can start: tests/redaction/test_scanner_candidates.py checks each detector's offsets against its
whole-text pattern under hypothesis, and with `WHOLE_TEXT` set every detector runs its patterns over the whole
text again (the reference scan those tests compare with).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

# The reference scan: every pattern over the whole text (tests set it; never in production).
WHOLE_TEXT = False

_DIGIT_RUN = re.compile(r"\d+")
_NOT_DIGIT = re.compile(r"\D+")
_SPAN = re.Match.span


@lru_cache(maxsize=64)
def digit_runs(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every run of digits (any script's, as \\d) in `text`.

    Cached by the text: a scan's detectors ask for the same string object one after the other, so they
    share one pass (a hit compares the object with itself, not its characters)."""
    return tuple(map(_SPAN, _DIGIT_RUN.finditer(text)))


def digits(text: str) -> str:
    """`text`'s digits (any script's, as \\d) in a row, whatever stands between them."""
    return _NOT_DIGIT.sub("", text)


def occurrences(lowered: str, words: Iterable[str]) -> list[int]:
    """Every offset where one of `words` occurs in `lowered` (inside other words too), in order."""
    found: list[int] = []
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            found.append(at)
            at = lowered.find(word, at + 1)
    found.sort()
    return found


def matches(pattern: re.Pattern[str], text: str, starts: Sequence[int] | None) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text)` yields, tried only at `starts` (ascending offsets, a superset of
    those where a match of the pattern can start): the leftmost match at or after the end of the previous
    one. Without `starts` (or in the reference scan), the whole text."""
    if starts is None or WHOLE_TEXT:
        yield from pattern.finditer(text)
        return
    end = 0
    match = pattern.match
    for start in starts:
        if start >= end:
            found = match(text, start)
            if found is not None:
                yield found
                end = max(found.end(), start + 1)
