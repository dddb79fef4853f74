"""People's names: the customer's real name behind a handle, their staff, the agent's real name.

A full name is specific enough to match on its own. A first name alone ("I spoke with Priya") or
a surname ("Ms Raman") only counts when it is capitalized and the words around it read as a
person; names that are also ordinary words (Will, May, Grace, Friday...) need a strong cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .context import ScanContext
from .normalize import fold, phrase
from .phrases import PhraseRule

_TITLES = r"(?:mr|mrs|ms|miss|mx|dr|prof)\.?"
_STRONG_BEFORE = re.compile(
    rf"(?:\b(?:hi|hello|hey|dear|thanks|thank you|cheers|best|regards|best wishes|sincerely|yours"
    rf"|spoke (?:to|with)|talked (?:to|with)"
    rf"|speaking (?:to|with)"
    rf"|colleague|manager|coworker|co-worker|contact|cc|ask|asked|told|per|ping|call|email|message)|\b{_TITLES})[\s,:]*$",
    re.I,
)
_WEAK_BEFORE = re.compile(r"\b(?:with|to|from|by|and|for)\s+$", re.I)
_STRONG_AFTER = re.compile(
    r"^(?:'s\b|’s\b|\s+(?:said|says|mentioned|told|asked|confirmed|wrote|emailed|called|rang|phoned|explained"
    r"|noted|agreed|reported|raised|here|from your|at your|on your team|in your))",
    re.I,
)
_TITLE_BEFORE = re.compile(rf"\b{_TITLES}\s*$", re.I)
_COMMON_WORDS = frozenset(
    """will may june april august grace hope joy faith rose summer sky art pat sue max chase drew jack frank
    ray dawn amber ivy lily iris crystal penny ruby jade mark bill rich bob dean earl gene guy hunter mason
    miles victor young king page case sunny autumn winter holly heather olive pearl ginger sage river
    stone
    monday tuesday wednesday thursday friday saturday sunday january february march""".split()
)


def has_cue(text: str, start: int, end: int, cue: str) -> bool:
    """Whether the name at text[start:end] reads as a person ("first") or titled surname ("title")."""
    if not text[start].isupper():
        return False
    before = text[max(0, start - 24) : start]
    if cue == "title":
        return bool(_TITLE_BEFORE.search(before))
    after = text[end : end + 20]
    if _STRONG_BEFORE.search(before) or _STRONG_AFTER.match(after):
        return True
    return fold(text[start:end]) not in _COMMON_WORDS and bool(_WEAK_BEFORE.search(before))


def rules(ctx: ScanContext) -> Iterator[PhraseRule]:
    public_words = set(phrase(ctx.customer.handle).split()) | set(phrase(ctx.agent.alias).split())
    company_names = {phrase(name) for name in ctx.company.names}
    customer = ctx.customer
    if customer.name and customer.handle and phrase(customer.name) != phrase(customer.handle):
        yield from _person(
            customer.name,
            "customer",
            "the customer's real name (they post under a handle)",
            public_words,
            company_names,
        )
    for contact in ctx.contacts:
        if contact.name:
            yield from _person(
                contact.name,
                "contact",
                "the name of a person at the customer's organization",
                public_words,
                company_names,
            )
    if ctx.agent.real_name:
        yield from _person(
            ctx.agent.real_name,
            "agent",
            "the agent's real name (replies go out under an alias)",
            public_words,
            company_names,
        )


def _person(name: str, owner: str, explanation: str, public: set[str], company: set[str]) -> Iterator[PhraseRule]:
    words = phrase(name).split()
    if not words or " ".join(words) in company:
        return
    key = "person:" + " ".join(words)
    if len(words) > 1:
        yield PhraseRule(" ".join(words), "person", owner, key, explanation)
    first, last = words[0], words[-1]
    if first not in public and len(first) > 1:
        yield PhraseRule(first, "person", owner, key + ":first", explanation, cue="first")
    if len(words) > 1 and last not in public and len(last) > 1:
        yield PhraseRule(last, "person", owner, key + ":last", explanation, cue="title")
