"""Detectors that need no context: IP addresses, IBANs and government ids.

They catch a detail pasted from another ticket. Each candidate is validated (octet ranges,
IBAN checksum, python-stdnum check digits) and the ambiguous shapes need a cue word nearby, so
version numbers, error codes and order numbers do not hold replies.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from stdnum import iban as std_iban
from stdnum.br import cpf
from stdnum.ca import sin
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.in_ import aadhaar
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.us import ssn

from . import candidates
from .candidates import digit_runs, matches
from .findings import Hit
from .normalize import phrase
from .phrases import PhraseRule

_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}:?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{1,4})*(?![\w:])")
# "version 10.2.0.1", "v1.2.3.4", "build 4.1.0.7": a dotted quad that is a version, not an address.
VERSION_CUE = re.compile(
    r"(?:\b(?:version|ver|build|release|firmware|fw|patch|update|upgrade|rev|revision|app|sdk|api|release)\s*[:#]?\s*|\bv)$",
    re.IGNORECASE,
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")


@dataclass
class IpMatcher:
    known: dict[str, tuple[str, str]]  # compressed address -> (owner, explanation)

    def add(self, raw: str, owner: str, explanation: str) -> None:
        address = _address(raw.strip())
        if address is not None:
            self.known.setdefault(address, (owner, explanation))


def _address(raw: str) -> str | None:
    parsed = _parsed(raw)
    return parsed[0] if parsed else None


@lru_cache(maxsize=4096)
def _parsed(raw: str) -> tuple[str, bool] | None:
    """(compressed form, whether it is loopback or unspecified), or None if not an address.

    Cached: ipaddress parses in Python, and the same addresses (the company's relay, the status
    page's) come back reply after reply."""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return None
    return address.compressed, address.is_loopback or address.is_unspecified


_HEX = frozenset("0123456789abcdefABCDEF")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _ipv4_starts(text: str) -> list[int]:
    """A dotted quad kept below starts a run of at most three digits followed by a dot (one starting inside a
    run, or after a dot, is skipped there)."""
    return [s for s, e in digit_runs(text) if e - s <= 3 and text[e : e + 1] == "."]


def _ipv6_starts(text: str) -> list[int]:
    """An IPv6 address starts with one to four hex digits (after no word character) and a colon, then another
    group and colon: where a run of hex digits ends at a colon, in a text with two colons."""
    if text.count(":") < 2:
        return []
    starts = []
    colon = text.find(":")
    while colon >= 0:
        start = colon
        while start and colon - start < 4 and text[start - 1] in _HEX:
            start -= 1
        if start < colon:
            starts.append(start)
        colon = text.find(":", colon + 1)
    return starts


def find_ips(text: str, matcher: IpMatcher) -> Iterator[Hit]:
    for pattern, starts in ((_IPV4, _ipv4_starts(text)), (_IPV6, _ipv6_starts(text))):
        for match in matches(pattern, text, starts):
            if match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] in "._"):
                continue
            parsed = _parsed(match.group())
            if parsed is None:
                continue
            address, local = parsed
            known = matcher.known.get(address)
            if known is not None:
                yield Hit(match.start(), match.end(), "ip", known[0], address, known[1])
                continue
            if local or address.startswith("255."):
                continue
            if pattern is _IPV4 and VERSION_CUE.search(text, max(0, match.start() - 16), match.start()):
                continue
            if pattern is _IPV6 and address.count(":") < 3:
                continue
            yield Hit(
                match.start(),
                match.end(),
                "ip",
                "unknown",
                address,
                "an IP address that is not the company's",
            )


def find_ibans(text: str, checked: bool = True) -> Iterator[Hit]:
    """IBANs in a text; unless `checked`, those whose check digits are wrong too (see `_iban_shaped`)."""
    # Its two check digits are a run of digits (at least two) right after the two capital letters it starts with.
    starts = [s - 2 for s, e in digit_runs(text) if e - s >= 2 and s >= 2 and {text[s - 2], text[s - 1]} <= _UPPER]
    for match in matches(_IBAN, text, starts):
        compact = match.group().replace(" ", "")
        if std_iban.is_valid(compact) or (not checked and _iban_shaped(compact)):
            yield Hit(match.start(), match.end(), "iban", "unknown", compact, "a bank account number (IBAN)")


def _iban_shaped(compact: str) -> bool:
    """Whether a number is a country's IBAN in length and structure, whatever its check digits. A customer who
    gives their account in a private message gives what they typed, a digit wrong or not, and that is what a
    reply must not repeat; a pattern in a reply needs the check digits, as a stranger's number would."""
    try:
        return std_iban.is_valid(compact[:2] + std_iban.calc_check_digits(compact) + compact[4:])
    except ValueError:
        return False


@dataclass(frozen=True)
class _GovId:
    name: str
    pattern: re.Pattern[str]
    valid: Callable[[str], bool]
    cue: re.Pattern[str] | None = None  # required nearby when the shape alone is too common


def _ssn_valid(value: str) -> bool:
    """stdnum's SSN check strips only hyphens, so a spaced SSN ("628 97 7014") never passed it."""
    return ssn.is_valid(value.replace(" ", "-"))


def _nino_valid(value: str) -> bool:
    """UK National Insurance number: no D F I Q U V letters, no BG GB KN NK NT TN ZZ prefixes."""
    compact = value.replace(" ", "").upper()
    prefix = compact[:2]
    return (
        not set(prefix) & set("DFIQUV")
        and prefix[1] != "O"
        and prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
        and compact[-1] in "ABCD"
    )


_GOV_IDS: tuple[_GovId, ...] = (
    _GovId(
        "a US Social Security number",
        re.compile(r"(?<![\d\-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d\-])"),
        _ssn_valid,
        re.compile(r"\b(?:ssn|social security|ss#|social)\b", re.I),
    ),
    _GovId(
        "a US Social Security number",
        re.compile(r"(?<![\d\-])\d{3}-\d{2}-\d{4}(?![\d\-])"),
        ssn.is_valid,
    ),
    _GovId(
        "a UK National Insurance number",
        re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"),
        _nino_valid,
    ),
    _GovId(
        "a Spanish DNI/NIE",
        re.compile(r"\b[XYZ]?\d{7,8}-?[A-Z]\b"),
        lambda v: dni.is_valid(v) or nie.is_valid(v),
    ),
    _GovId("an Aadhaar number", re.compile(r"\b\d{4} \d{4} \d{4}\b"), aadhaar.is_valid),
    _GovId(
        "a Canadian SIN",
        re.compile(r"\b\d{3}[ \-]?\d{3}[ \-]?\d{3}\b"),
        sin.is_valid,
        re.compile(r"\b(?:sin|social insurance)\b", re.I),
    ),
    _GovId(
        "a Dutch BSN",
        re.compile(r"\b\d{9}\b"),
        bsn.is_valid,
        re.compile(r"\b(?:bsn|burgerservicenummer)\b", re.I),
    ),
    _GovId(
        "a French social security number (NIR)",
        re.compile(r"\b[12] ?\d{2} ?\d{2} ?\d[\dAB] ?\d{3} ?\d{3} ?\d{2}\b"),
        nir.is_valid,
    ),
    _GovId(
        "a Brazilian CPF",
        re.compile(r"\b\d{3}\.\d{3}\.\d{3}-\d{2}\b"),
        cpf.is_valid,
    ),
)


# Every id has a run of digits: find those runs in one pass, then try the shapes around each.
_DIGIT_CLUSTER = re.compile(r"\d[\d .\-]{4,}\d")
# The Italian fiscal code has no digit cluster (runs of at most three digits between letters), so it is looked
# for on its own: 16 characters, letters and digits in fixed places, then its check letter (python-stdnum).
_FISCAL_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z](?![A-Za-z0-9])")


def rules_for(raw: str, explanation: str) -> Iterator[PhraseRule]:
    """The written forms of one government id from private text, its groups spaced, hyphenated or run together
    ("628-97-7014", "628 97 7014", "628977014"): known, it needs no cue word to be found."""
    words = phrase(raw).split()
    if words:
        variants = {" ".join(words), "".join(words)}
        # Without a country's letters before it ("9876543W" for "IE 9876543W"), if its digits are specific.
        core = words[next((i for i, w in enumerate(words) if not w.isalpha()), len(words)) :]
        if core != words and sum(c.isdigit() for c in "".join(core)) >= _MIN_CORE_DIGITS:
            variants |= {" ".join(core), "".join(core)}
        for variant in variants:
            yield PhraseRule(variant, "gov_id", "customer", "gov_id:" + "".join(words), explanation)


_MIN_CORE_DIGITS = 5


def iban_rules_for(raw: str, explanation: str) -> Iterator[PhraseRule]:
    """The written forms of an IBAN from private text, in any case, grouped in fours or run together: known, it is
    the customer's (their own bank account goes through a private channel), and "de44 5001 ..." is still it."""
    compact = raw.replace(" ", "").lower()
    grouped = " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    for variant in {compact, grouped}:
        yield PhraseRule(variant, "iban", "customer", "iban:" + compact, explanation)


def _clusters(text: str) -> Iterator[tuple[int, int]]:
    """The spans `_DIGIT_CLUSTER` matches, from the digit runs: runs joined by spaces, dots and hyphens, six
    characters or more from the first digit to the last."""
    if candidates.WHOLE_TEXT:
        yield from (m.span() for m in _DIGIT_CLUSTER.finditer(text))
        return
    runs = digit_runs(text)
    i = 0
    while i < len(runs):
        start, end = runs[i]
        while i + 1 < len(runs) and not text[end : runs[i + 1][0]].strip(" .-"):
            i += 1
            end = runs[i][1]
        if end - start >= 6:
            yield start, end
        i += 1


def find_gov_ids(text: str) -> Iterator[Hit]:
    """Each id shape is tried in a window around each digit cluster, where it could overlap it.

    A cluster runs from the first to the last digit of a run of digits, spaces, dots and hyphens. An id whose
    digits sit in such a run (all but the fiscal code, found by its own shape at the end) overlaps it; a cued
    id needs its cue in the 40 characters before it.
    """
    for cluster_start, cluster_end in _clusters(text):
        start, end = max(0, cluster_start - 10), min(len(text), cluster_end + 12)
        for gov in _GOV_IDS:
            for match in gov.pattern.finditer(text, start, end):
                if match.end() == end < len(text) or not (match.start() < cluster_end and cluster_start < match.end()):
                    continue
                if gov.cue is not None and not gov.cue.search(text, max(0, match.start() - 40), match.start()):
                    continue
                if gov.valid(match.group()):
                    compact = re.sub(r"[\s.\-]", "", match.group()).upper()
                    yield Hit(match.start(), match.end(), "gov_id", "unknown", compact, gov.name)
    # Six letters, then a run of exactly two digits.
    fiscal = [s - 6 for s, e in digit_runs(text) if e - s == 2 and s >= 6 and _letters(text[s - 6 : s])]
    for match in matches(_FISCAL_CODE, text, fiscal):
        if codicefiscale.is_valid(match.group().upper()):
            yield Hit(match.start(), match.end(), "gov_id", "unknown", match.group().upper(), "an Italian fiscal code")


def _letters(chars: str) -> bool:
    return chars.isascii() and chars.isalpha()
