"""Phone numbers in any national or international format.

phonenumbers is accurate but slow (a PhoneNumberMatcher pass costs milliseconds), so a regex
finds digit runs that could be numbers, known numbers are compared by national significant
number without parsing, and only leftover candidates are parsed for the generic check.
Parsed results are kept per (string, region) in an LRU: an organization's contacts come back in
every context of its tickets, and parsing them afresh was most of a context's compile time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from . import candidates as starts
from .candidates import digit_runs, digits, matches
from .findings import Hit

_CANDIDATE = re.compile(r"(?<![\w+.])(?:\+|\b)\(?\d[\d \t().\-/]{5,22}\d(?![\w]|[.,]\d)")
_TRUNK_ZERO = re.compile(r"\(0\)")
_DATE_LIKE = re.compile(r"^(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})(?:\s|$)")
_IPV4_LIKE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_MIN_DIGITS = 7
# "order number is 5834539", "logged as case 39340062", "ref: 5512093", "build 2024.10.3": a number the
# reply itself names as a reference or a version. Read only before a number that is in neither the ticket
# nor the company's: a known number stays the customer's whatever word stands before it.
_NAMED_AS_REFERENCE = re.compile(
    r"\b(?:order|case|ticket|invoice|ref|reference|booking|tracking|confirmation|account|acct|customer|member"
    r"|membership|policy|contract|subscription|serial|claim|version|ver|build|release|firmware|patch|rev"
    r"|revision)(?:\s+(?:number|no\.?|id|#|code))?(?:\s+(?:is|was))?\s*[:#]?\s*#?$",
    re.IGNORECASE,
)
_CUE_REACH = 40
# "ED-2025-77810", "V-2025-10-3318": digits joined by a hyphen to the letters before them are an id's, not a number
# to call, unless the letters say it is one ("Tel-0171 ...", "Fax-030 ..."; "+49-30-..." starts with its plus).
_ID_PREFIX = re.compile(r"(?<![\w-])(?!(?:tel|fax|mobil?|handy|phone|ph|cell|call)-)[^\W\d_]{1,6}-$", re.I)


@dataclass(frozen=True, slots=True)
class Known:
    owner: str
    explanation: str
    country_code: str


_PARSE_CACHE_SIZE = 8192


def parse(value: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        return phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None


@lru_cache(maxsize=_PARSE_CACHE_SIZE)
def _stored(value: str, region: str) -> tuple[str, str, str]:
    """(country code, national significant number, region of the number) of a stored number.

    Unparsable: digits alone, no country code or region. Returns only immutable values, so the cache
    can be shared (a PhoneNumber is mutable).
    """
    number = parse(value, region)
    if number is None:
        return "", "".join(c for c in value if c.isdigit()), ""
    return (
        str(number.country_code),
        phonenumbers.national_significant_number(number),
        phonenumbers.region_code_for_number(number) or "",
    )


def stored_in(value: str, regions: tuple[str, ...]) -> tuple[str, str, str]:
    """`_stored` for a number read in the first of `regions` it is valid in (one without a country code may be
    valid in the desk's second region only), else in the first of them."""
    first = _stored(value, regions[0])
    if not first[2]:
        for region in regions[1:]:
            other = _stored(value, region)
            if other[2]:
                return other
    return first


@lru_cache(maxsize=_PARSE_CACHE_SIZE)
def possible(raw: str, region: str) -> bool:
    """Whether `raw` has a possible number's length read in `region`: what a customer writes as their own
    number need not be in a range phonenumbers knows to be allocated."""
    number = parse(raw, region)
    return number is not None and phonenumbers.is_possible_number(number)


@lru_cache(maxsize=_PARSE_CACHE_SIZE)
def valid_e164(raw: str, region: str) -> str | None:
    """E.164 form of `raw` if it is a valid number read in `region`, else None."""
    number = parse(raw, region)
    if number is not None and phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


@dataclass
class PhoneMatcher:
    """Known numbers keyed by national significant number, plus regions to try for strangers."""

    known: dict[str, Known]
    regions: tuple[str, ...]

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str, str]], regions: Iterable[str]) -> PhoneMatcher:
        """entries: (raw number, owner, explanation); the first owner of a number wins. A number without a
        country code is read in the first of `regions` it is valid in (`stored_in`); the regions of the numbers
        are tried after them."""
        known: dict[str, Known] = {}
        region_list = list(dict.fromkeys(regions))
        read_in = tuple(region_list)
        for raw, owner, explanation in entries:
            cc, nsn, region = stored_in(raw, read_in)
            if len(nsn) >= _MIN_DIGITS - 1 and nsn not in known:
                known[nsn] = Known(owner, explanation, cc)
            if region and region not in region_list:
                region_list.append(region)
        return cls(known, tuple(region_list))

    def lookup(self, raw: str) -> tuple[str, Known] | None:
        """The known number a written candidate denotes, as (key, Known), trying the usual prefixes."""
        digit_str = lookup_digits(raw)
        for candidate in (digit_str, digit_str.lstrip("0")):
            hit = self.known.get(candidate)
            if hit is not None:
                return candidate, hit
        for k in (1, 2, 3):
            hit = self.known.get(digit_str[k:])
            if hit is not None and digit_str[:k] == hit.country_code:
                return digit_str[k:], hit
        return None

    def e164(self, raw: str) -> str | None:
        """E.164 form of a valid number in one of the context's regions, else None."""
        for region in self.regions:
            e164 = valid_e164(raw, region)
            if e164 is not None:
                return e164
            if raw.lstrip().startswith("+"):
                return None
        return None


class PartialPhoneMatcher(PhoneMatcher):
    """A matcher that parses only the numbers a text could name: those that may end in one of `tails`, the
    last four digits of the text's candidates (see may_end). A number looked up by other digits is looked up
    among every number (`whole`). After `regions` (the context's and the desk's), the regions of every number
    are read one at a time, as far as `e164` needs them: most candidates are valid in the first region.
    `numbers` gives each number that may be one (raw, in the context's order) with a check of whether it is:
    asked only of a number of a region not seen yet, as validating a private text's numbers is most of the
    cost of reading their regions."""

    def __init__(
        self,
        entries: Iterable[tuple[str, str, str]],
        numbers: Iterator[tuple[str, Callable[[], bool]]],
        regions: tuple[str, ...],
        tails: frozenset[str],
        whole: Callable[[], PhoneMatcher],
    ) -> None:
        super().__init__(PhoneMatcher.build(entries, regions).known, regions)
        self._numbers = numbers
        self._read_in = tuple(dict.fromkeys(regions))
        self._regions = list(self._read_in)
        self._tails = tails
        self._whole = whole

    def lookup(self, raw: str) -> tuple[str, Known] | None:
        if lookup_digits(raw)[-4:] in self._tails:
            return super().lookup(raw)
        return self._whole().lookup(raw)

    def e164(self, raw: str) -> str | None:
        i = 0
        while i < len(self._regions) or self._next_region():
            e164 = valid_e164(raw, self._regions[i])
            i += 1
            if e164 is not None:
                return e164
            if raw.lstrip().startswith("+"):
                return None
        return None

    def _next_region(self) -> bool:
        """Read numbers until one adds a region (as `build` adds them); False when there are no more."""
        for raw, is_number in self._numbers:
            region = stored_in(raw, self._read_in)[2]
            if region and region not in self._regions and is_number():
                self._regions.append(region)
                return True
        return False


_PLAIN = re.compile(r"[\d \t().\-/+]*")


def lookup_digits(raw: str) -> str:
    """The digits a written number is looked up by: without a "(0)" trunk or a "00" international prefix.
    Every known number it can denote is a suffix of them."""
    digit_str = digits(_TRUNK_ZERO.sub("", raw))
    return digit_str[2:] if digit_str.startswith("00") else digit_str


def may_end(raw: str, tails: frozenset[str]) -> bool:
    """Whether a stored number may be looked up by a candidate ending in one of `tails` (four digits).

    A number written with digits and separators only has a national significant number that ends in its
    last four digits; any other (an extension, a "(0)", letters) is kept whatever the tails."""
    if "(0)" in raw or not _PLAIN.fullmatch(raw):
        return True
    return digits(raw)[-4:] in tails


def _starts(text: str) -> list[int]:
    """Where a candidate can start: a run of digits (after no word character), or the "+" or "+(" before it (a
    bracket alone cannot start one: its word boundary needs a word character before it, which may not be)."""
    starts = []
    for start, _ in digit_runs(text):
        if text[start - 2 : start] == "+(":
            starts.append(start - 2)
        elif start and text[start - 1] == "+":
            starts.append(start - 1)
        starts.append(start)
    return starts


def candidates(text: str) -> tuple[tuple[int, int, str], ...]:
    """Digit runs of phone length, minus dates and dotted quads.

    Cached by the text, as `digit_runs` is: a reply's are read for what it needs (needs.Needs) and again by
    `find`, on the same string (and kept apart for the reference scan, which tests compare them with)."""
    return _candidates(text, starts.WHOLE_TEXT)


@lru_cache(maxsize=64)
def _candidates(text: str, whole_text: bool) -> tuple[tuple[int, int, str], ...]:
    return tuple(_read_candidates(text))


def _read_candidates(text: str) -> Iterator[tuple[int, int, str]]:
    if sum(end - start for start, end in digit_runs(text)) < _MIN_DIGITS:
        return
    for match in matches(_CANDIDATE, text, _starts(text)):
        raw = match.group().rstrip(" \t(-/.")
        start = match.start()
        if raw.startswith("(") and ")" not in raw[1:5]:
            raw, start = raw[1:], start + 1
        elif start and text[start - 1] == "(" and ")" in raw[1:5] and "(" not in raw:
            raw, start = "(" + raw, start - 1  # "(02) 9999 0000": the area code's bracket is the number's
        if len(digits(raw)) < _MIN_DIGITS or _DATE_LIKE.match(raw) or _IPV4_LIKE.match(raw):
            continue
        yield start, start + len(raw), raw


def find(text: str, matcher: PhoneMatcher) -> Iterator[Hit]:
    """Known numbers under their owner, other valid numbers as "unknown"."""
    for start, end, raw in candidates(text):
        known = matcher.lookup(raw)
        if known is not None:
            key, who = known
            yield Hit(start, end, "phone", who.owner, key, who.explanation)
            continue
        if _NAMED_AS_REFERENCE.search(text, max(0, start - _CUE_REACH), start) or _ID_PREFIX.search(
            text, max(0, start - 8), start
        ):
            continue
        e164 = matcher.e164(raw)
        if e164 is not None and matcher.lookup(e164) is None:
            yield Hit(
                start,
                end,
                "phone",
                "unknown",
                e164,
                "a phone number that is in neither this ticket nor the company's",
            )
