"""What a text can match, so that a context seen once compiles only the matchers that text could use.

A ~500-byte reply has ~80 words; its ticket's context holds hundreds of values. Compiling every value
(phone numbers parsed, name and address variants, shingle tables, paraphrase facts) costs ten times the
scan, and nearly all of it can never match: a name none of whose words the reply has, a phone number
when the reply has no run of phone digits. `Needs.of(reply, public_post)` reads those cheap facts off
the texts, and `engine.compile_context(..., needs=...)` leaves out whatever they rule out. Each test
here only ever rules out a matcher that could not find anything in these texts (the reasons are next to
each field), so the findings are those of the full compile; `EVERYTHING` is the full compile itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import candidates, cards, phones
from .dates import NAMES, PARTS, plain_case
from .normalize import Tokens

_ASCII_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True, slots=True)
class Needs:
    # The texts' canonical words (None: any word). A phrase (a name, an address line, an id, a spelled-out
    # email) matches only where each of its words is one of the text's.
    words: frozenset[str] | None = None
    # "@" for an email; or the word "at", which every spelled-out form ("priya at acme dot com") has.
    emails: bool = True
    # A run of digits of phone length (phones.candidates): known numbers are only ever compared with those.
    phones: bool = True
    # The last four digits of each such run, as PhoneMatcher.lookup reads it (None: any). A known number is
    # found by its national significant number, a suffix of the run's digits, so it ends in those four; a
    # run no known number ends is looked up in the matcher of every number (PhoneMatcher.whole).
    phone_tails: frozenset[str] | None = None
    # Four digits in a row: cards.find looks for nothing without them.
    cards: bool = True
    # Every four digits in a row of the texts' digits (None: any): a known card is found by its number or
    # its last four digits, which are such a window of the text it is in; an id from private text (account or
    # government) by its words, all its digits in a row (ACC-77120, acc77120, 77120; 628 97 7014), likewise.
    digit_windows: frozenset[str] | None = None
    # An ASCII digit (texts are scanned with their digits folded to ASCII): every id and street line taken
    # from private text has one in one of its words.
    numbered: bool = True
    # The texts' words with a digit in them (None: any): a street line's number or postcode is one.
    numbered_words: frozenset[str] | None = None
    # A digit, a month, weekday or relative day's name, a part of the day, or a case-folding character
    # (see dates.plain_case): without them no date or time pattern of CallMatcher.find can match.
    calls: bool = True

    def has_all(self, phrase: str) -> bool:
        """Whether every word of a canonical phrase is among the texts' words."""
        return self.words is None or self.words.issuperset(phrase.split())

    @classmethod
    def of(cls, *texts: tuple[str, Tokens]) -> Needs:
        """What these (digit-folded text, its tokens) can match: a reply, and the public post scanned with it."""
        words = frozenset().union(*(tokens.words for _, tokens in texts))
        # Digits of the texts and of their words: folding a word's compatibility digits ("6²8" is the word "628")
        # puts digits in it that the text's decimal digits do not have, and ids are matched by their words.
        read = [part for text, tokens in texts for part in (text, " ".join(tokens.words))]
        digits = any(_ASCII_DIGIT.search(part) for part in read)
        runs = [phones.lookup_digits(raw) for text, _ in texts for _, _, raw in phones.candidates(text)]
        return cls(
            words=words,
            emails="at" in words or any("@" in text for text, _ in texts),
            phones=bool(runs),
            phone_tails=frozenset(run[-4:] for run in runs),
            cards=any(cards.has_four_digits(text) for text, _ in texts),
            digit_windows=frozenset().union(*map(windows, read)) if digits else frozenset(),
            numbered=digits,
            numbered_words=frozenset(word for word in words if not word.isalpha()) if digits else frozenset(),
            calls=digits
            or not NAMES.isdisjoint(words)
            or not PARTS.keys().isdisjoint(words)
            or not all(plain_case(text) for text, _ in texts),
        )


EVERYTHING = Needs()


def windows(text: str) -> frozenset[str]:
    """Every four digits in a row of `text`'s digits, whatever stands between them."""
    found = candidates.digits(text)
    return frozenset(found[i : i + 4] for i in range(len(found) - 3))
