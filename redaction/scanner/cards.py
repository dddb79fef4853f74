"""Payment card numbers: valid (Luhn) full numbers anywhere, and the last four digits of a known card
("ending 1234", "card 1234", "Visa ...1234"). Well-known test numbers quoted in help text are not a card
unless the context has them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .candidates import digit_runs, matches
from .findings import Hit

FULL = re.compile(r"(?<![\w.\-+])\d(?:[ \-]?\d){12,18}(?![\w]|[.\-]\d)")
# Issuer prefixes of the card networks (Mastercard 2-series, Amex 3, Visa 4, Mastercard 5, Discover 6):
# a Luhn-valid run starting otherwise is more likely a phone or reference number.
ISSUER_DIGITS = frozenset("23456")
# The card networks' and payment processors' published test numbers: documentation, not anybody's card.
TEST_NUMBERS = frozenset(
    """4242424242424242 4000056655665556 4111111111111111 4012888888881881 4222222222222 4000000000000002
    4000000000009995 4000000000000077 4000000000000341 4000002500003155 4000003800000446 4917610000000000
    4444333322221111 4988438843884305 5555555555554444 5200828282828210 5105105105105100 5454545454545454
    5431111111111111 2223003122003222 2223000048400011 378282246310005 371449635398431 378734493671000
    6011111111111117 6011000990139424 6011000400000000 3056930009020004 36227206271667 3566002020360505
    3530111333300000 6200000000000005 6759649826438453""".split()
)
# "ending 4242", "ending in 4242", "ends with 4242", "last four 4242", "**** 4242", "Visa ...4242",
# "card 4242", "Visa 4242", "card number: 4242", in brackets after it ("the card on file (4242)", "Visa (…4242)");
# in German the same cues: "mit den Endziffern 4242", "mit der Endung 4242", "endet auf 4242", "die letzten vier
# Ziffern lauten 4242", "Karte 4242", "Kartennummer ...4242", and the verb after the digits of a relative clause:
# "(Ihre Karte,) die auf 4242 endet" (group 2).
LAST4 = re.compile(
    r"(?:\b(?:end(?:ing|s)?(?:\s+(?:in|with))?|last\s+(?:4|four)(?:\s+digits)?(?:\s+(?:of|are|is))?"
    r"|endziffern?|endnummer|(?:karten-?)?endung(?:\s+auf)?|end(?:et|end|en)\s+(?:auf|mit)"
    r"|letzten?\s+(?:4|vier)\s+(?:ziffern|stellen)(?:\s+(?:lauten|sind))?)[:\s]+"
    r"|(?:[*xX•·]{2,}[ \-]?){1,3}"
    r"|\b(?:visa|master\s?card|amex|american\s+express|discover|maestro|card|(?:kredit|ec-|giro)?karten-?(?:nummer|nr\.?)"
    r"|(?:kredit|ec-|giro)?karte)(?:\s+(?:number|no\.?|nummer|nr\.?|#))?(?:\s+on\s+(?:file|record|your\s+account))?"
    r"\s*(?:\.{2,}|…|[:#]|\(\s*(?:\.{2,}|…|[*xX•·]{2,})?)?\s*)(\d{4})\b(?![ \-]?\d)"
    r"|\b(?:auf|mit)\s+(?:\.{2,}|…|[*xX•·]{2,})?(\d{4})\s+end(?:et|en|end(?:e[mnrs]?)?)\b",
    re.IGNORECASE,
)
# A full number the text names as a payment card ("with her card 5399 0112 4478 2231"): a card whatever its
# check digit. Not a gift, loyalty, membership, SIM or travel card's number ("loyalty card 6011...").
NAMED = re.compile(
    r"(?<!gift )(?<!loyalty )(?<!member )(?<!membership )(?<!sim )(?<!reward )(?<!rewards )(?<!store )"
    r"(?<!club )(?<!library )(?<!access )(?<!travel )(?<!bonus )(?<!id )(?<!kunden)(?<!mitglieds)(?<!geschenk)"
    r"\b(?:visa|master\s?card|amex|american\s+express|discover|maestro|card|(?:kredit|ec-|giro)?karte)"
    r"(?:\s+(?:number|no\.?|nummer|nr\.?|#))?(?:\s+(?:is|was|ist|lautet))?\s*[:#]?\s*$",
    re.IGNORECASE,
)


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


@dataclass
class CardMatcher:
    full: dict[str, tuple[str, str]]  # digits -> (owner, explanation)
    last4: dict[str, tuple[str, str]]

    def add(self, raw: str, owner: str, explanation: str) -> None:
        number = "".join(c for c in raw if c.isdigit())
        if len(number) >= 12:
            self.full.setdefault(number, (owner, explanation))
        if len(number) >= 4:
            self.last4.setdefault(number[-4:], (owner, explanation))


def has_four_digits(text: str) -> bool:
    """Whether `text` has four digits in a row: without them `find` finds nothing. From the digit runs `find`
    reads too (candidates.digit_runs), rather than a pass of its own."""
    return any(end - start >= 4 for start, end in digit_runs(text))


def full_numbers(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each match of FULL in `text`, with its digits: for a reply (`find`) and a private text alike."""
    # A full number starts a run of digits (after no word character, dot, hyphen or plus).
    for match in matches(FULL, text, [start for start, _ in digit_runs(text)]):
        yield match, "".join(c for c in match.group() if c.isdigit())


def last_fours(text: str) -> Iterator[tuple[re.Match[str], str]]:
    """Each match of LAST4 in `text`, with its four digits (before the cue's verb or after its words)."""
    for match in LAST4.finditer(text):
        yield match, match.group(1) or match.group(2)


def find(text: str, matcher: CardMatcher) -> Iterator[Hit]:
    if not has_four_digits(text):
        return
    for match, number in full_numbers(text):
        known = matcher.full.get(number)
        if known is not None:
            yield Hit(match.start(), match.end(), "card", known[0], number, known[1])
        elif number[0] in ISSUER_DIGITS and number not in TEST_NUMBERS and luhn_ok(number) and len(set(number)) > 1:
            yield Hit(match.start(), match.end(), "card", "unknown", number, "a valid payment card number")
    # The "ending 4242" regex is costly; run it only when a known last-4 occurs at all.
    if any(last4 in text for last4 in matcher.last4):
        for match, last4 in last_fours(text):
            known = matcher.last4.get(last4)
            if known is not None:
                yield Hit(match.start(), match.end(), "card", known[0], "last4:" + last4, known[1])
