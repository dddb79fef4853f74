"""Account and order ids, with or without their prefix ("ACC-88213", "acc88213", "#88213").

The bare number is only a value of its own when it is long enough to be specific: a short
one would match quantities and years all day.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .context import ScanContext
from .normalize import phrase
from .phrases import PhraseRule

MIN_BARE_DIGITS = 5
_DIGIT_RUN = re.compile(r"\d+")
_DIGITS = re.compile(r"\d")
_EXPLANATION = "the customer's account or order id, from their records"


def rules(ctx: ScanContext, windows: frozenset[str] | None = None) -> Iterator[PhraseRule]:
    """Every profile id's rules; with `windows` (a text's four digits in a row, needs.Needs), only those of ids
    that may match it: an id of four digits or more is found only by forms that have four of them in a row."""
    for raw in ctx.customer.account_ids:
        if windows is None or _may_match(raw, windows):
            yield from rules_for(raw, _EXPLANATION)


def _may_match(raw: str, windows: frozenset[str]) -> bool:
    """Whether a text of these windows may hold a form of the id: each form of an ASCII id with four digits or
    more has four of its digits in a row (a reply's digits are ASCII: a form in other digits never matches)."""
    words = phrase(raw)
    digits = "".join(_DIGITS.findall(words))
    if len(digits) < 4 or not words.isascii():
        return True
    return any(digits[i : i + 4] in windows for i in range(len(digits) - 3))


def rules_for(raw: str, explanation: str) -> Iterator[PhraseRule]:
    """The written forms of one id: with and without its prefix and separators, and its long digit run."""
    words = phrase(raw).split()
    if words:
        key = "account:" + "".join(words)
        variants = {" ".join(words), "".join(words)}
        core = words[next((i for i, w in enumerate(words) if not w.isalpha()), len(words)) :]
        if sum(c.isdigit() for c in "".join(core)) >= MIN_BARE_DIGITS:
            variants |= {" ".join(core), "".join(core)}
        runs = _DIGIT_RUN.findall(raw)
        if runs and len(runs[-1]) >= MIN_BARE_DIGITS:
            variants.add(runs[-1])  # "invoice 117912" for INV-2024-117912, "22689" for CUST22689
        elif len(words) == 1 and sum(c.isdigit() for c in words[0]) < MIN_BARE_DIGITS and words[0].isdigit():
            variants.clear()
        for variant in variants:
            yield PhraseRule(variant, "account_id", "customer", key, explanation)
