"""Compile a context into matchers, then scan replies against them.

A context is compiled only as far as its reply needs (needs.py) until the compiles for its replies would
have cost as much as compiling it whole; that reply compiles it whole and keeps it in a small LRU keyed by
the context's digest, so later replies on the ticket are only scanned (`_goes_whole`: rent or buy).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import marshal
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from . import accounts, addresses, cards, emails, generic, names, phones, private_text
from .context import ScanContext, parse_now, shared_clear
from .dates import CallMatcher
from .findings import Finding, Hit
from .needs import EVERYTHING, Needs
from .normalize import Tokens, fold_digits, phrase, tokenize
from .paraphrase import ParaphraseMatcher
from .phrases import PhraseMatcher, PhraseRule, to_hit
from .policy import DEFAULT_POLICY, Policy
from .private_text import PrivateText
from .quotes import FILLER, QuoteMatcher

SCANNER_VERSION = "1.5.73"
CACHE_SIZE = 1024  # entries: a context passed as a dict takes two (its repr digest and its fingerprint)

# Which finding wins an overlap: anything before a quote (quotes contain other details), then
# context before pattern (the customer's order number is not "some phone number"), then the most
# specific kind, then the longer span.
_KIND_RANK = {
    "card": 10,
    "iban": 10,
    "gov_id": 9,
    "email": 9,
    "phone": 8,
    "ip": 8,
    "account_id": 7,
    "call_time": 6,
    "address": 5,
    "person": 4,
    "quote": 1,
}


@dataclass(frozen=True)
class CompiledContext:
    context: ScanContext
    phrases: PhraseMatcher
    emails: emails.EmailMatcher
    phones: phones.PhoneMatcher
    cards: cards.CardMatcher
    ips: generic.IpMatcher
    quotes: QuoteMatcher
    paraphrases: ParaphraseMatcher
    calls: CallMatcher
    # Keys of every value the customer's public post already shows; None until a hit asks (a context compiled
    # for one reply reads its post only if the reply has a hit that is not the company's).
    published: frozenset[str] | None


# What compiling a context costs, estimated from its size: for one reply ("rent") and whole ("buy"), in µs of
# CPU on the machine they were fitted on (only their ratio matters). Least squares without an intercept over
# 2,072 contexts (the three evaluation sets, each context as it is, without private text and with another
# context's private text added), each cost the median of 5 scans less the warm scan: whole ≈ 1.0 µs a
# character of private text + 26 µs a value (R² 0.97), for one reply ≈ 0.22 µs + 12 µs (R² 0.75; the
# rest is the reply's own needs). A held-out context (1,100 characters, 22 values) estimates 1,680 and 510
# (measured 1,780 and 546).
_WHOLE_PER_CHAR, _WHOLE_PER_VALUE = 1.0, 26.0
_REPLY_PER_CHAR, _REPLY_PER_VALUE = 0.22, 12.0

_cache: OrderedDict[str, CompiledContext] = OrderedDict()
# Keys of contexts compiled for their replies only, with the estimated cost of those compiles so far.
_rented: OrderedDict[str, float] = OrderedDict()
_cache_lock = threading.Lock()


def compile_context(context: CompiledContext | ScanContext | Mapping[str, Any]) -> CompiledContext:
    """Matchers for a context, from the LRU cache when the same context was seen before.

    A dict is also cached under a digest of its contents, so the worker's per-reply dict skips
    validation and parsing on a hit; the parsed context is cached under its fingerprint. A
    CompiledContext (from an earlier call) is returned as it is.
    """
    if isinstance(context, CompiledContext):
        return context
    raw_key = ""
    if isinstance(context, ScanContext):
        ctx = context
        compiled = _cached(ctx.fingerprint)
        if compiled is not None:
            # The fingerprint leaves "now" out: the matchers are shared, the moment is this context's.
            return compiled if compiled.context.now == ctx.now else replace(compiled, context=ctx)
    else:
        raw_key = _raw_key(context)
        compiled = _cached(raw_key)
        if compiled is not None:
            return compiled
        ctx = ScanContext.from_dict(context)
    return _compile_whole(ctx, raw_key)


def _compile_whole(ctx: ScanContext, raw_key: str) -> CompiledContext:
    """Every matcher of the context, cached under its fingerprint and (for a dict) the dict's digest."""
    compiled = _cached(ctx.fingerprint) or _compile(ctx)
    with _cache_lock:
        for key in (ctx.fingerprint, raw_key):
            if key:
                _cache[key] = compiled
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


def _raw_key(context: Mapping[str, Any]) -> str:
    """A digest of a context dict's contents (key order counts, as in its repr).

    marshal serializes the plain JSON types 2-3 times faster than repr, and unambiguously: equal
    bytes load back to equal values, so two different contexts never share a key. Format version 2
    writes no back-references, whose use depends on how many other references an object has, so
    the same values give the same key from one call to the next. Other types fall back to repr.
    "now" is left out: it changes with every reply and nothing compiled depends on it.
    """
    if "now" in context:
        context = {key: value for key, value in context.items() if key != "now"}
    try:
        if not isinstance(context, dict):
            raise ValueError  # marshal writes builtin types only; on a dict subclass it raises this itself
        data = b"m" + marshal.dumps(context, 2)
    except ValueError:
        data = b"r" + repr(context).encode()
    return "raw:" + hashlib.blake2b(data, digest_size=16).hexdigest()


def _cached(key: str) -> CompiledContext | None:
    with _cache_lock:
        compiled = _cache.get(key)
        if compiled is not None:
            _cache.move_to_end(key)
        return compiled


def cache_clear() -> None:
    with _cache_lock:
        _cache.clear()
        _rented.clear()


def value_caches_clear() -> None:
    """Empty the process-wide caches of single values (parsed phone numbers, staff directories, companies and
    contacts, tokenized names and addresses, streets' names, spelled-out emails, IP addresses) as well: for a
    benchmark of contexts that share nothing. The tables of words (canonical spellings, stems) stay: they hold the
    language, which every ticket shares."""
    for cached in (
        phones._stored,
        phones.possible,
        phones.valid_e164,
        emails.obfuscated_phrases,
        generic._parsed,
        addresses.street_names,
        phrase,
    ):
        cached.cache_clear()
    shared_clear()


def cache_size() -> int:
    return len(_cache)


def scan(
    text: str, context: CompiledContext | ScanContext | Mapping[str, Any], policy: Policy | None = None
) -> list[Finding]:
    """Leaks in `text` for the context's channel: sorted, non-overlapping findings.

    `context` is the JSON dict, a parsed ScanContext or the CompiledContext `compile_context` gave
    for it; the last two skip hashing the dict to find its matchers in the cache.
    """
    return scan_parts([text], context, policy)[0]


def scan_parts(
    texts: Sequence[str], context: CompiledContext | ScanContext | Mapping[str, Any], policy: Policy | None = None
) -> list[list[Finding]]:
    """The findings of each part of one reply (body, subject, signature, file texts), as `scan` gives them.

    The parts share one compile: a context seen for the first time is compiled for what any of them needs,
    once, instead of once per part (and its second part would otherwise compile it whole).
    """
    if not texts:
        return []
    compiled, folded = _for_reply(context, texts)
    policy = policy or DEFAULT_POLICY
    channel = compiled.context.channel
    now = parse_now(context.get("now")) if isinstance(context, Mapping) else compiled.context.now
    published = compiled.published
    results = []
    for text, tokens in folded:
        leaks: list[Hit] = []
        shields: list[Hit] = []
        # Every hit of the text is read before the public post is scanned (`_published`): that scan goes through
        # the same matchers, and a compile for one reply builds their parts as texts ask (paraphrase facts, the
        # numbers of a phone ending), which must not change under a scan still reading them.
        for hit in list(_hits(compiled, text, now, tokens)):
            if hit.owner == "company":
                shielded = True
            else:
                if published is None:
                    published = _published(compiled)
                shielded = hit.key in published
            if shielded or not policy.is_leak(channel, hit.owner, hit.kind):
                shields.append(hit)
            else:
                leaks.append(hit)
        if shields:
            leaks = [h for h in leaks if h.owner != "unknown" or not any(_overlaps(h, s) for s in shields)]
        results.append(_resolve(text, leaks))
    return results


def _for_reply(
    context: CompiledContext | ScanContext | Mapping[str, Any], texts: Sequence[str]
) -> tuple[CompiledContext, list[tuple[str, Tokens]]]:
    """The matchers to scan a reply's `texts` with, and each text (its digits folded) with its tokens.

    From the cache if the context was compiled whole before. Otherwise compiled only as far as these texts
    need (needs.py), and not cached, until `_goes_whole` says this reply compiles it whole and caches it.
    """
    # "４２４２" is 4242; every character keeps its place, so offsets hold.
    folded = [(text, tokenize(text)) for text in map(fold_digits, texts)]
    if isinstance(context, CompiledContext):
        return context, folded
    key = context.fingerprint if isinstance(context, ScanContext) else _raw_key(context)
    cached = _cached(key)
    if cached is not None:
        # The fingerprint leaves "now" out: the matchers are shared, the moment is this context's.
        if isinstance(context, ScanContext) and cached.context.now != context.now:
            return replace(cached, context=context), folded
        return cached, folded
    ctx = context if isinstance(context, ScanContext) else ScanContext.from_dict(context)
    if _goes_whole(key, ctx):
        return _compile_whole(ctx, "" if isinstance(context, ScanContext) else key), folded
    read = list(folded)
    if ctx.public_post:
        post = fold_digits(ctx.public_post)
        read.append((post, tokenize(post)))
    return _compile(ctx, Needs.of(*read)), folded


def _compile_costs(ctx: ScanContext) -> tuple[float, float]:
    """Estimated CPU µs of compiling the context for one reply and whole, from its size (the fit is above)."""
    chars = sum(map(len, ctx.private_messages)) + sum(map(len, ctx.internal_notes))
    customer = ctx.customer
    values = len(ctx.contacts) + len(ctx.staff) + len(ctx.calls)
    values += sum(map(len, (customer.emails, customer.phones, customer.addresses, customer.account_ids)))
    values += len(customer.cards) + len(customer.ips)
    reply = _REPLY_PER_CHAR * chars + _REPLY_PER_VALUE * values
    return reply, _WHOLE_PER_CHAR * chars + _WHOLE_PER_VALUE * values


def _goes_whole(key: str, ctx: ScanContext) -> bool:
    """Whether this reply compiles the context whole (and caches it) rather than for itself; counts the cost if not.

    Rent or buy: a compile for one reply ("rent") costs a fraction of a whole compile ("buy"), which then
    serves every later reply on the ticket; how many replies a ticket will get is not known. A context is
    compiled for its replies while their estimated costs, this reply's included, stay below that of the
    whole compile; the reply that would reach it compiles it whole. Whatever the number of replies, that
    costs less than twice what the better choice in hindsight would have (compile whole at once, or never):
    with n replies and k compiles for a reply, k·rent < whole, and once it goes whole the best choice costs
    whole. A held-out context goes whole at its 4th reply, one without private text at its 3rd.
    """
    rent, whole = _compile_costs(ctx)
    with _cache_lock:
        spent = _rented.pop(key, 0.0)
        if spent + rent >= whole:
            return True
        _rented[key] = spent + rent
        while len(_rented) > CACHE_SIZE:
            _rented.popitem(last=False)
        return False


def _hits(
    compiled: CompiledContext, text: str, now: datetime | None = None, tokens: Tokens | None = None
) -> Iterator[Hit]:
    tokens = tokenize(text) if tokens is None else tokens
    yield from emails.find(text, compiled.emails)
    yield from phones.find(text, compiled.phones)
    yield from cards.find(text, compiled.cards)
    yield from generic.find_ips(text, compiled.ips)
    yield from generic.find_ibans(text)
    yield from generic.find_gov_ids(text)
    yield from compiled.calls.find(text, tokens.words, tokens.lowered, now)
    yield from compiled.quotes.find(tokens)
    yield from compiled.paraphrases.find(text, tokens)
    for first, last, rule in compiled.phrases.find(tokens):
        start, end = tokens.spans[first][0], tokens.spans[last][1]
        if rule.cue and not names.has_cue(text, start, end, rule.cue):
            continue
        # Another person's name that is also the customer's, said to the customer: theirs (names.reader_span).
        span = names.reader_span(text, tokens, first, last, rule) if rule.reader else None
        if span is not None:
            yield Hit(*span, "person", "customer", rule.reader, names.reader_name(rule))
            continue
        yield to_hit(tokens, first, last, rule)


def _compile(ctx: ScanContext, needs: Needs = EVERYTHING) -> CompiledContext:
    """Every matcher of the context, or (with `needs`) those that could find something in the texts it was
    read from: a reply and the public post. See needs.py for why that leaves the findings as they are."""
    customer, company = ctx.customer, ctx.company
    email_matcher = emails.EmailMatcher({}, tuple(d.lower().lstrip("@.") for d in company.domains))
    phone_entries: list[tuple[str, str, str]] = []
    card_matcher = cards.CardMatcher({}, {})
    ip_matcher = generic.IpMatcher({})
    for value in company.emails:
        email_matcher.add(value, "company", "the company's own address")
    phone_entries += [(p, "company", "the company's own number") for p in company.phones]
    for value in company.ips:
        ip_matcher.add(value, "company", "the company's own address")
    for value in customer.emails:
        email_matcher.add(value, "customer", "the customer's email address, from their profile")
    phone_entries += [(p, "customer", "the customer's phone number, from their profile") for p in customer.phones]
    for value in customer.cards:
        card_matcher.add(value, "customer", "the customer's payment card, from their profile")
    for value in customer.ips:
        ip_matcher.add(value, "customer", "the customer's IP address, from their sessions")
    for member in ctx.staff:
        if member.email:
            email_matcher.add(member.email, "agent", "a staff member's own email address (customers see aliases)")
    for contact in ctx.contacts:
        if contact.email:
            email_matcher.add(contact.email, "contact", "the email of a person at the customer's organization")
        if contact.phone:
            phone_entries.append(
                (contact.phone, "contact", "the phone number of a person at the customer's organization")
            )

    sources = [(m, "customer", tokenize(m).words) for m in ctx.private_messages]
    sources += [(n, "internal", tokenize(n).words) for n in ctx.internal_notes]
    people = names.private_people(ctx, needs.words, [w for _, _, w in sources])
    rules: list[PhraseRule] = [
        *names.rules(ctx, needs.words, people),
        *addresses.rules(ctx, needs.numbered_words),
        *accounts.rules(ctx, needs.digit_windows),
    ]
    # Read once for every detail looked for in them (the details, then the phones a stranger's number needs).
    texts = [PrivateText(m, "from the customer's private message") for m in ctx.private_messages]
    texts += [PrivateText(n, "from an internal note") for n in ctx.internal_notes]
    private_phones: list[tuple[str, str, str]] = []
    _private_details(ctx, texts, sources, email_matcher, private_phones, card_matcher, rules, needs)
    if needs.emails:  # every spelled-out form has the word "at"
        for address, (owner, explanation) in email_matcher.known.items():
            spelled = emails.obfuscated_phrases(address) if owner != "company" else ()
            # Every spelled-out form has the words of the first one's local part.
            if spelled and needs.has_all(spelled[0].partition(" at ")[0]):
                rules += [PhraseRule(p, "email", owner, address, explanation + ", spelled out") for p in spelled]
    if needs.words is not None:
        rules = [rule for rule in rules if needs.has_all(rule.phrase)]
    lazy = needs is not EVERYTHING
    compiled = CompiledContext(
        context=ctx,
        phrases=PhraseMatcher(rules),
        emails=email_matcher,
        phones=_phones(ctx, phone_entries, private_phones, needs, texts),
        cards=card_matcher,
        ips=ip_matcher,
        quotes=QuoteMatcher.build(sources, published=ctx.public_post, lazy=lazy),
        paraphrases=ParaphraseMatcher.build(
            sources,
            published=ctx.public_post,
            lazy=lazy,
            names=functools.partial(names.name_words, ctx),
            people=functools.partial(names.people_words, people),
            amounts=ctx.channel != "private",
        ),
        calls=CallMatcher.build(ctx.calls if needs.calls else (), ctx.tz),
        published=None if ctx.public_post else frozenset(),
    )
    if needs is EVERYTHING and ctx.public_post:
        return replace(compiled, published=_published(compiled))
    return compiled


def _published(compiled: CompiledContext) -> frozenset[str]:
    """The keys of what the customer's public post shows: never a leak, on any channel."""
    return frozenset(hit.key for hit in _hits(compiled, fold_digits(compiled.context.public_post)))


def _private_details(
    ctx: ScanContext,
    texts: list[PrivateText],
    sources: list[tuple[str, str, tuple[str, ...]]],
    email_matcher: emails.EmailMatcher,
    phone_entries: list[tuple[str, str, str]],
    card_matcher: cards.CardMatcher,
    rules: list[PhraseRule],
    needs: Needs = EVERYTHING,
) -> None:
    """Add what the customer wrote in private messages and agents in notes, after the profile's values (whose
    owners and explanations win where both have one): as private as the profile, on every channel. Only the
    kinds `needs` allows are looked for."""
    kinds = frozenset(
        kind
        for kind, wanted in (
            ("email", needs.emails),
            ("phone", needs.phones),
            ("card", needs.cards),
            ("account_id", needs.numbered),
            ("address", needs.numbered),
            ("gov_id", needs.numbered),
            ("iban", needs.numbered),
        )
        if wanted
    )
    if not kinds:
        return
    windows, tails = needs.digit_windows, needs.phone_tails
    if windows or tails:
        # The reply's four digits in a row (and phone endings) are looked up once in all the texts' digits: one
        # that no text has rules nothing in, and each text is then compared with the few that are left. Every
        # use of them in `details` is of four digits of the text it reads, so the findings are the same.
        digits = "|".join(text.digits for text in texts)
        if windows is not None:
            windows = frozenset(window for window in windows if window in digits)
        if tails is not None:
            tails = frozenset(tail for tail in tails if tail in digits)
    # A reference with fewer than four digits ("QX7P4L") has a word with one to three digits in each written form.
    numbered = needs.numbered_words
    short_refs = numbered is None or any(sum(c.isdigit() for c in word) < 4 for word in numbered)
    # The keys of the customer's own values (the profile's, then their messages'): a note's id or street line that
    # is one of them stays the customer's; any other is what only the note says, held on every channel.
    own = {rule.key for rule in rules if rule.owner == "customer"}
    for text, (raw, source, words) in zip(texts, sources, strict=True):
        # Every street line's rules have a word of the text with a digit in it (its number, its postcode),
        # which the reply must have; an ASCII text's words are those of its street lines.
        found = kinds
        numbered = needs.numbered_words
        if "address" in kinds and numbered is not None and raw.isascii() and numbered.isdisjoint(words):
            found = kinds - {"address"}
        for kind, value in private_text.details(
            text, ctx.phone_regions, email_matcher.company_domains, found, tails, windows, short_refs
        ):
            explanation = f"{_PRIVATE_KINDS[kind]}, {text.where}"
            if kind == "email":
                email_matcher.add(value, *_private_owner(text, value, kind))
            elif kind == "phone":
                phone_entries.append((value, *_private_owner(text, value, kind)))
            elif kind == "card":
                card_matcher.add(value, "customer", explanation)
            else:
                rules_for = _RULES_FOR.get(kind, addresses.rules_for)
                rules.extend(_owned(text, value, kind, source, rules_for(value, explanation), own))


_RULES_FOR = {"account_id": accounts.rules_for, "gov_id": generic.rules_for, "iban": generic.iban_rules_for}


def _owned(
    text: PrivateText, value: str, kind: str, source: str, found: Iterable[PhraseRule], own: set[str]
) -> Iterator[PhraseRule]:
    """The rules of an id or a street line of private text, with its owner: another person's when the text gives
    it as theirs ("His name was Farhad Karimi, account MDR-0077340", private_text.someone_elses), the note's when
    only a note gives it, else the customer's (whose keys `own` collects)."""
    if private_text.someone_elses(text.text, value, lambda: text.people):
        what = _PRIVATE_KINDS[kind].removeprefix("a ").removeprefix("an ")
        owner, explanation = "contact", f"another person's {what}, {text.where}"
    elif source == "internal":
        owner, explanation = "internal", ""
    else:
        owner, explanation = "customer", ""
    for rule in found:
        if owner == "customer" or (owner == "internal" and rule.key in own):
            own.add(rule.key)
            yield rule
        else:
            yield replace(rule, owner=owner, explanation=explanation or rule.explanation)


def _phones(
    ctx: ScanContext,
    profile: list[tuple[str, str, str]],
    private: list[tuple[str, str, str]],
    needs: Needs,
    texts: list[PrivateText],
) -> phones.PhoneMatcher:
    """The matcher of the known numbers (the profile's, then private text's): all of them, or a partial one
    that parses only those `needs` allows (phones.PartialPhoneMatcher)."""
    if not needs.phones:
        return phones.PhoneMatcher({}, ctx.phone_regions)  # no candidate in the texts: never consulted
    if needs.phone_tails is None:
        return phones.PhoneMatcher.build(profile + private, ctx.phone_regions)

    def private_numbers() -> Iterator[tuple[str, Callable[[], bool], PrivateText]]:
        for text in texts:
            for raw, is_phone in private_text.phone_candidates(text, ctx.phone_regions):
                yield raw, is_phone, text

    @functools.cache
    def every_number() -> phones.PhoneMatcher:
        numbers = [(raw, text) for raw, is_phone, text in private_numbers() if is_phone()]
        found = [(raw, *_private_owner(text, raw, "phone")) for raw, text in numbers]
        return phones.PhoneMatcher.build(profile + found, ctx.phone_regions)

    tails = needs.phone_tails
    return phones.PartialPhoneMatcher(
        [e for e in profile + private if phones.may_end(e[0], tails)],
        itertools.chain(((raw, _listed) for raw, _, _ in profile), ((raw, ok) for raw, ok, _ in private_numbers())),
        ctx.phone_regions,
        tails,
        every_number,
    )


def _private_owner(text: PrivateText, value: str, kind: str) -> tuple[str, str]:
    """Owner and explanation of a phone or email from private text: the customer's, or (given as someone
    else's: private_text.someone_elses) that person's, held on every channel like a colleague's."""
    if private_text.someone_elses(text.text, value, lambda: text.people):
        what = _PRIVATE_KINDS[kind].removeprefix("a ").removeprefix("an ")
        return "contact", f"another person's {what}, {text.where}"
    return "customer", f"{_PRIVATE_KINDS[kind]}, {text.where}"


def _listed() -> bool:
    """A profile's number is one whatever its shape."""
    return True


_PRIVATE_KINDS = {
    "email": "an email address",
    "phone": "a phone number",
    "card": "a payment card",
    "account_id": "an account or order id",
    "address": "a postal address",
    "gov_id": "a government id number",
    "iban": "a bank account number (IBAN)",
}


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _resolve(text: str, hits: list[Hit]) -> list[Finding]:
    """Merge overlapping hits of one kind and owner, then let the most specific hit keep each span.
    A hit that loses part of its span is dropped, except a quote, which keeps what is left of it
    (a quote around an email keeps its two ends)."""
    if not hits:
        return []
    merged: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (h.kind, h.owner, h.start)):
        last = merged[-1] if merged else None
        if last is not None and (last.kind, last.owner) == (hit.kind, hit.owner) and hit.start < last.end:
            # The words that made either hit a restatement are what a piece of the two must hold
            # (`_restates_alone`), each once; a verbatim quote (no evidence) needs none unless the other extends it.
            evidence = last.evidence
            if evidence or hit.end > last.end:
                evidence = tuple(sorted(set(evidence + hit.evidence)))
            end = max(last.end, hit.end)
            merged[-1] = Hit(last.start, end, last.kind, last.owner, last.key, last.explanation, evidence)
            continue
        merged.append(hit)
    merged.sort(key=_precedence, reverse=True)
    taken: list[tuple[int, int]] = []
    findings: list[Finding] = []
    for hit in merged:
        if hit.kind != "quote" and any(t[0] < hit.end and hit.start < t[1] for t in taken):
            continue
        pieces = list(_remainder(hit.start, hit.end, taken)) if hit.kind == "quote" else [(hit.start, hit.end)]
        for start, end in pieces:
            start, end = _trim(text, start, end)
            # What a quote keeps around a detail that took part of it restates nothing without a word of its
            # own: the "s" of "Jayden Pike's", the "(" before a name are that detail's, held by it. Nor does a
            # piece of a paraphrase without two of the words that made it one ("can send", "from our legal
            # team" beside the colleague's name): words every reply uses are left.
            if pieces != [(hit.start, hit.end)] and not _restates_alone(text, start, end, hit):
                continue
            if end > start:
                taken.append((start, end))
                findings.append(Finding(start, end, hit.kind, hit.source, hit.explanation, hit.owner))
    findings.sort(key=lambda f: f.start)
    return findings


def _restates_alone(text: str, start: int, end: int, hit: Hit) -> bool:
    """Whether a piece of a quote says something of its own: a word that is not filler ("to" before an address
    says nothing), and for a paraphrase two of the words that made it one."""
    if not any(m[0].lower() not in FILLER for m in _WORD.finditer(text, start, end)):
        return False
    if not hit.evidence:
        return True
    inside = sum(start <= s and e <= end for s, e in hit.evidence)
    return inside >= min(2, len(hit.evidence))


def _precedence(hit: Hit) -> tuple[bool, bool, int, int]:
    return hit.kind != "quote", hit.owner != "unknown", _KIND_RANK[hit.kind], hit.end - hit.start


def _remainder(start: int, end: int, taken: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for t_start, t_end in sorted(t for t in taken if t[0] < end and start < t[1]):
        if t_start > start:
            yield start, t_start
        start = max(start, t_end)
    if start < end:
        yield start, end


_WORD = re.compile(r"[^\W\d_]{2,}")
_EDGE = frozenset(" \t\r\n,.;:!?'\"")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end
