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

from .findings import Hit
from .normalize import phrase
from .phrases import PhraseRule
from .regex import ascii_twin

# Character-class first (see dates.py): "\d{1,3}" as "\d\d{0,2}", the first IPv6 group unrolled.
_IPV4 = re.compile(r"\d\d{0,2}(?:\.\d{1,3}){3}(?![\w]|\.\d)")
_IPV6 = re.compile(
    r"[0-9A-Fa-f](?<![\w:][0-9A-Fa-f])[0-9A-Fa-f]{0,3}:(?:[0-9A-Fa-f]{1,4}:){1,6}"
    r":?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{1,4})*(?![\w:])"
)
# "version 10.2.0.1", "v1.2.3.4", "build 4.1.0.7": a dotted quad that is a version, not an address.
_VERSION_CUE = re.compile(
    r"(?:\b(?:version|ver|build|release|firmware|fw|patch|update|upgrade|rev|revision|app|sdk|api|release)\s*[:#]?\s*|\bv)$",
    re.IGNORECASE,
)
# Every IPv6 match has ":" 1-4 hex digits ":" in it; a literal-led regex finds that fast (a time like
# "13:30" has one colon, not that).
_IPV6_HINT = re.compile(r":[0-9A-Fa-f]{1,4}:")
_IBAN = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_IPV4_ASCII, _IBAN_ASCII = ascii_twin(_IPV4), ascii_twin(_IBAN)


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


def find_ips(text: str, matcher: IpMatcher) -> Iterator[Hit]:
    ipv4 = _IPV4_ASCII if text.isascii() else _IPV4
    for pattern in (_IPV4, _IPV6) if _IPV6_HINT.search(text) else (_IPV4,):
        for match in (ipv4 if pattern is _IPV4 else pattern).finditer(text):
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
            if pattern is _IPV4 and _VERSION_CUE.search(text, max(0, match.start() - 16), match.start()):
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


def find_ibans(text: str) -> Iterator[Hit]:
    for match in (_IBAN_ASCII if text.isascii() else _IBAN).finditer(text):
        compact = match.group().replace(" ", "")
        if std_iban.is_valid(compact):
            yield Hit(match.start(), match.end(), "iban", "unknown", compact, "a bank account number (IBAN)")


@dataclass(frozen=True)
class _GovId:
    name: str
    pattern: re.Pattern[str]
    valid: Callable[[str], bool]
    cue: re.Pattern[str] | None = None  # required nearby when the shape alone is too common
    # What the digit cluster under a match must have (see find_gov_ids): at least this many digits,
    # these characters, and for the NINO exactly six digits.
    min_digits: int = 0
    needs: str = ""
    exact_digits: bool = False
    beside: Callable[[str, int, int], bool] | None = None  # other test of (text, cluster start, end)


def _letter_after(text: str, start: int, end: int) -> bool:
    """A DNI/NIE's digits end its cluster, and its letter follows them (after an optional "-")."""
    first, second = text[end : end + 1], text[end + 1 : end + 2]
    return first in _CAPITALS or (first == "-" and second in _CAPITALS)


_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _nir_beside(text: str, start: int, end: int) -> bool:
    """A NIR has 13 digits in one cluster, or (Corsica, "2A"/"2B") is split by its letter: the
    cluster then ends just before it, or starts just after it and an optional space."""
    return (
        len(_NOT_DIGIT.sub("", text[start:end])) >= 13
        or text[end : end + 1] in ("A", "B")
        or text[start - 1 : start] in ("A", "B")
        or (text[start - 1 : start] == " " and text[start - 2 : start - 1] in ("A", "B"))
    )


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
        min_digits=9,
    ),
    _GovId(
        "a US Social Security number",
        re.compile(r"(?<![\d\-])\d{3}-\d{2}-\d{4}(?![\d\-])"),
        ssn.is_valid,
        min_digits=9,
        needs="-",
    ),
    _GovId(
        "a UK National Insurance number",
        re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"),
        _nino_valid,
        min_digits=6,
        exact_digits=True,
    ),
    _GovId(
        "a Spanish DNI/NIE",
        re.compile(r"\b[XYZ]?\d{7,8}-?[A-Z]\b"),
        lambda v: dni.is_valid(v) or nie.is_valid(v),
        min_digits=7,
        beside=_letter_after,
    ),
    _GovId("an Aadhaar number", re.compile(r"\b\d{4} \d{4} \d{4}\b"), aadhaar.is_valid, min_digits=12, needs=" "),
    _GovId(
        "a Canadian SIN",
        re.compile(r"\b\d{3}[ \-]?\d{3}[ \-]?\d{3}\b"),
        sin.is_valid,
        re.compile(r"\b(?:sin|social insurance)\b", re.I),
        min_digits=9,
    ),
    _GovId(
        "a Dutch BSN",
        re.compile(r"\b\d{9}\b"),
        bsn.is_valid,
        re.compile(r"\b(?:bsn|burgerservicenummer)\b", re.I),
        min_digits=9,
    ),
    _GovId(
        "a French social security number (NIR)",
        re.compile(r"\b[12] ?\d{2} ?\d{2} ?\d[\dAB] ?\d{3} ?\d{3} ?\d{2}\b"),
        nir.is_valid,
        min_digits=6,
        beside=_nir_beside,
    ),
    _GovId(
        "a Brazilian CPF",
        re.compile(r"\b\d{3}\.\d{3}\.\d{3}-\d{2}\b"),
        cpf.is_valid,
        min_digits=11,
        needs=".-",
    ),
)


_NOT_DIGIT = re.compile(r"\D+")
# Every id has a run of digits: find those runs in one pass, then try the shapes around each.
_DIGIT_CLUSTER = re.compile(r"\d[\d .\-]{4,}\d")
_DIGIT_CLUSTER_ASCII = ascii_twin(_DIGIT_CLUSTER)
# The Italian fiscal code has no digit cluster (runs of at most three digits between letters), so it is looked
# for on its own: 16 characters, letters and digits in fixed places, then its check letter (python-stdnum). Its
# middle (two digits, a letter, two digits, at offset 6) is rare in replies, so that is searched for first.
_FISCAL_CORE = re.compile(r"\d\d[A-Za-z]\d\d")
_FISCAL_CODE = re.compile(
    r"[A-Za-z](?<![A-Za-z0-9]{2})[A-Za-z]{5}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z](?![A-Za-z0-9])"
)
# Every cue above contains one of these: without one near a cluster, no cued id can be there.
_ANY_CUE = re.compile(r"ssn|ss#|social|sin|bsn|burgerservicenummer", re.I)


def rules_for(raw: str, explanation: str) -> Iterator[PhraseRule]:
    """The written forms of one government id from private text, its groups spaced, hyphenated or run together
    ("628-97-7014", "628 97 7014", "628977014"): known, it needs no cue word to be found."""
    words = phrase(raw).split()
    if words:
        for variant in {" ".join(words), "".join(words)}:
            yield PhraseRule(variant, "gov_id", "customer", "gov_id:" + "".join(words), explanation)


def find_gov_ids(text: str) -> Iterator[Hit]:
    """Each id shape is tried in a window around each digit cluster, where it could overlap it.

    A cluster runs from the first to the last digit of a run of digits, spaces, dots and hyphens.
    An id whose digits sit in such a run (all but the fiscal code, found by its own shape at the end)
    has them all inside the cluster it overlaps, so a cluster with too few digits, or without the
    id's separators, is skipped without running its regex; so are the cued shapes when no cue word
    is within reach (the cue must stand in the 40 characters before the match).
    """
    for cluster in (_DIGIT_CLUSTER_ASCII if text.isascii() else _DIGIT_CLUSTER).finditer(text):
        start, end = max(0, cluster.start() - 10), min(len(text), cluster.end() + 12)
        digits_str = cluster.group()
        digits = len(digits_str) - digits_str.count(" ") - digits_str.count(".") - digits_str.count("-")
        cued: bool | None = None
        for gov in _GOV_IDS:
            if digits < gov.min_digits or (gov.exact_digits and digits != gov.min_digits):
                continue
            if gov.needs and not all(char in digits_str for char in gov.needs):
                continue
            if gov.beside is not None and not gov.beside(text, cluster.start(), cluster.end()):
                continue
            if gov.cue is not None:
                if cued is None:
                    cued = _ANY_CUE.search(text, max(0, cluster.start() - 50), cluster.end()) is not None
                if not cued:
                    continue
            for match in gov.pattern.finditer(text, start, end):
                if match.end() == end < len(text) or not (
                    match.start() < cluster.end() and cluster.start() < match.end()
                ):
                    continue
                if gov.cue is not None and not gov.cue.search(text, max(0, match.start() - 40), match.start()):
                    continue
                if gov.valid(match.group()):
                    compact = re.sub(r"[\s.\-]", "", match.group()).upper()
                    yield Hit(match.start(), match.end(), "gov_id", "unknown", compact, gov.name)
    for core in _FISCAL_CORE.finditer(text):
        match = _FISCAL_CODE.match(text, core.start() - 6) if core.start() >= 6 else None
        if match and codicefiscale.is_valid(match.group().upper()):
            yield Hit(match.start(), match.end(), "gov_id", "unknown", match.group().upper(), "an Italian fiscal code")
