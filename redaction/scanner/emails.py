"""Email addresses, in any case, and obfuscated forms of the known ones."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .candidates import matches
from .findings import Hit
from .normalize import phrase

EMAIL = re.compile(r"(?<![\w.+\-])[A-Za-z0-9][\w.+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b")


@dataclass
class EmailMatcher:
    known: dict[str, tuple[str, str]]  # lower-cased address -> (owner, explanation)
    company_domains: tuple[str, ...]

    def add(self, address: str, owner: str, explanation: str) -> None:
        self.known.setdefault(address.strip().lower(), (owner, explanation))


@lru_cache(maxsize=8192)
def obfuscated_phrases(address: str) -> tuple[str, ...]:
    """Token runs of "priya.raman at acme dot com" and its variants, for the phrase automaton.

    Cached like the phone numbers: an organization's contact addresses recur in every context compiled."""
    local, _, domain = address.strip().lower().partition("@")
    if not domain:
        return ()
    local_parts = [phrase(part) for part in local.split(".")]
    domain_parts = [phrase(part) for part in domain.split(".")]
    variants = []
    for local_sep in (" ", " dot "):
        for domain_sep in (" ", " dot "):
            variants.append(f"{local_sep.join(local_parts)} at {domain_sep.join(domain_parts)}")
    return tuple(dict.fromkeys(variants))


def _starts(text: str) -> list[int]:
    """Where an address can start: the first of the word characters, dots, pluses and hyphens before an "@"
    (EMAIL's lookbehind allows no other)."""
    starts = []
    at = text.find("@")
    while at >= 0:
        start = at
        while start and (text[start - 1].isalnum() or text[start - 1] in "_.+-"):
            start -= 1
        starts.append(start)
        at = text.find("@", at + 1)
    return starts


def find(text: str, matcher: EmailMatcher) -> Iterator[Hit]:
    if "@" not in text:
        return
    for match in matches(EMAIL, text, _starts(text)):
        address = match.group().lower()
        known = matcher.known.get(address)
        if known is not None:
            yield Hit(match.start(), match.end(), "email", known[0], address, known[1])
            continue
        domain = address.rpartition("@")[2]
        company = any(domain == d or domain.endswith("." + d) for d in matcher.company_domains)
        yield Hit(
            match.start(),
            match.end(),
            "email",
            "company" if company else "unknown",
            address,
            "an email address from outside the company",
        )
