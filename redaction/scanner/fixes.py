"""One-click fixes: the words that replace a finding so the reply still reads well.

A finding's span is the value ("1234", "02) 9999 0000"); the fix also takes the words that only make sense
with it, English or German ("my card ending", "your number", "unter der Nummer", an opening bracket) and names
the right thing: a colleague's number is "their number", not "the number on your account". The words are
written in English here and put in the reply's language by the caller's `words` (the gate: Django's
translation, `redaction.fixwords`); every phrase this module may write is in `FIX_WORDS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .findings import SAFE_PHRASES, Finding
from .names import NAMED_IN_A_MESSAGE, NAMED_IN_A_NOTE

# What to say instead of someone else's detail, by (kind, owner); the customer's own (and any other) take
# SAFE_PHRASES[kind].
_PHRASES: dict[tuple[str, str], str] = {
    ("email", "contact"): "their email address",
    ("email", "agent"): "our support address",
    ("email", "unknown"): "that email address",
    ("phone", "contact"): "their number",
    ("phone", "internal"): "that number",
    ("phone", "unknown"): "that number",
    ("card", "unknown"): "the card",
    ("ip", "unknown"): "that address",
    ("account_id", "contact"): "that number",
    ("account_id", "internal"): "that number",
    ("gov_id", "contact"): "that number",
    ("gov_id", "internal"): "that number",
    ("address", "contact"): "that address",
    ("address", "internal"): "that address",
    ("person", "customer"): "you",
    ("person", "agent"): "a colleague",
}
# A person private text names may be a neighbour or a wife, not "your colleague".
_PRIVATE_PEOPLE = {NAMED_IN_A_MESSAGE: "the person you mentioned", NAMED_IN_A_NOTE: "that person"}
# Words before a value that belong to it, as one alternation each, ending where the value starts: English and
# German, by kind. German cue nouns are compounds ("Handynummer", "Kreditkartennummer", "E-Mail-Adresse"), so any
# word ending in the kind's noun counts (but a short or English-looking one, "Tel.", "Ticket", only whole or
# before "-nummer": "hotel" and "your ticket" stay); its article or possessive may be in any case ("Ihrer").
_DETERMINER = r"(?<![\w-])(?:(?:my|your|the|a|an|their|his|her|our)\s+)?"
_DETERMINER_DE = (
    r"(?<![\w-])(?:(?:d(?:er|ie|as|en|em|es)|(?:k?ein|mein|dein|sein|ihr|unser|eue?r)(?:e[mnrs]?)?|dies(?:e[mnrs]?)"
    r")\s+)?(?:(?:hinterlegt|angegeben|genannt|neu|alt|aktuell|bisherig|privat|geschäftlich|dienstlich)e[mnrs]?\s+)?"
)
# Words before a verb that name no value ("Your is", "Die ist"): the verb is not the value's.
_DETERMINER_ONLY = re.compile(_DETERMINER + r"\s*|" + _DETERMINER_DE + r"\s*", re.I)
_COMPOUND_DE = r"(?<![\w-])(?:[^\W\d_]+\.?-)*[^\W\d_]*"  # "E-Mail-", "Kreditkarten", "Handy" before the noun
_TITLES = r"(?:mrs|mr|ms|miss|mx|dr|prof|herrn?|frau)"
_BEFORE: dict[str, tuple[re.Pattern[str], ...]] = {
    "card": (
        re.compile(
            _DETERMINER + r"(?:(?:credit|debit|payment|bank)\s+)?(?:(?:card|visa|master\s?card|amex|american\s+express"
            r"|discover|maestro)\s+)?(?:(?:number|no\.?)\s*)?(?:(?:ending|ends)(?:\s+(?:in|with))?\s*|last\s+(?:4|four)"
            r"(?:\s+digits)?(?:\s+(?:of|are|is))?\s*)?[:#]?\s*$",
            re.I,
        ),
        re.compile(
            _DETERMINER_DE + r"(?:(?:" + _COMPOUND_DE + r"karte(?:n-?(?:nummer|nr\.?))?|visa|master\s?card|amex"
            r"|american\s+express|maestro)\s+)?(?:(?:nummer|nr\.?)\s*)?(?:(?:endend|endet)\s+(?:auf|mit)\s*"
            r"|mit\s+(?:der\s+|den\s+)?(?:end(?:ung|ziffern?|nummer)|letzten\s+(?:4|vier)\s+ziffern)\s*)?[:#]?\s*$",
            re.I,
        ),
        # The card before the finding's own cue ("die Karte mit der | Endung 4242") or before a relative clause
        # whose verb ends the finding ("Ihre Karte, die | auf 4242 endet,"): the clause goes, its comma with it.
        re.compile(
            _DETERMINER_DE + r"(?:" + _COMPOUND_DE + r"karte(?:n-?(?:nummer|nr\.?))?|visa|master\s?card|amex"
            r"|american\s+express|maestro)(?:\s*,\s*(?P<clause>die|welche)|\s+mit(?:\s+de[nr])?)\s+$",
            re.I,
        ),
    ),
    "phone": (
        re.compile(
            _DETERMINER
            + r"(?:(?:mobile|cell|phone|landline|telephone|work|home)\s+)?(?:number|no\.?|phone)\s*[:#]?\s*$",
            re.I,
        ),
        re.compile(
            _DETERMINER_DE
            + _COMPOUND_DE
            + r"(?:nummer|telefon|handy)\s*[:#]?\s*$|" + _DETERMINER_DE
            + r"(?:(?:tel\.?-?)?nr\.?|tel\.?|mobil|festnetz|durchwahl)\s*[:#]?\s*$",
            re.I,
        ),
    ),
    "email": (
        re.compile(_DETERMINER + r"(?:e-?mail(?:\s+address)?|address)\s*:?\s*$", re.I),
        re.compile(_DETERMINER_DE + _COMPOUND_DE + r"(?:mail|adresse)\s*:?\s*$", re.I),
    ),
    "address": (
        re.compile(
            _DETERMINER + r"(?:(?:home|postal|street|delivery|shipping|billing|mailing)\s+)?address\s*:?\s*$", re.I
        ),
        re.compile(_DETERMINER_DE + _COMPOUND_DE + r"(?:adresse|anschrift)\s*:?\s*$", re.I),
    ),
    "iban": (
        re.compile(_DETERMINER + r"(?:(?:bank\s+)?account(?:\s+number)?|iban)(?:\s+number)?\s*[:#]?\s*$", re.I),
        re.compile(
            _DETERMINER_DE
            + r"(?:iban(?:-?nummer)?|"
            + _COMPOUND_DE
            + r"(?:konto(?:nummer)?|bankverbindung))\s*[:#]?\s*$",
            re.I,
        ),
    ),
    "account_id": (
        re.compile(
            _DETERMINER
            + r"(?P<noun>account|order|invoice|booking|reference|ref|customer|subscription|policy|claim|contract)"
            r"(?:\s+(?:number|no\.?|id))?\s*[:#]?\s*#?$",
            re.I,
        ),
        # "Bestellung", "Bestellnummer", "Rechnungs-Nr.", "Kundennummer", "Abonnement": the stem names the thing.
        re.compile(
            _DETERMINER_DE + r"(?<![\w-])(?:(?:(?P<noun>bestell|auftrag|rechnung|buchung|abo)(?:ung|s|nnement)?|"
            + _COMPOUND_DE + r"(?:konto|vertrag|referenz|vorgang)s?)(?:-?(?:nummer|nr\.?|id))?|"
            + _COMPOUND_DE + r"(?:kunden|ticket|policen|schadens?|fall)-?(?:nummer|nr\.?))\s*[:#]?\s*#?$",
            re.I,
        ),
    ),
    "call_time": (re.compile(r"(?:\b(?:on|at|around|about|during)\s+)$", re.I),),
    "person": (
        re.compile(
            r"(?<![\w-])(?P<greeting>hi|hello|hey|dear|hallo|moin|servus|gr(?:ü|ue?)(?:ß|ss)\s+gott"
            r"|guten\s+(?:tag|morgen|abend)|lieber?|sehr\s+geehrter?)\s+(?:" + _TITLES + r"\.?\s+)*$",
            re.I,
        ),
    ),
}
# A title before a name goes with it ("Mrs Adeyemi" -> "that person", not "Mrs that person").
_TITLE = re.compile(r"(?<![\w-])" + _TITLES + r"\.?\s+$", re.I)
_NOUNS = {"order": "your order", "invoice": "your invoice", "booking": "your booking", "subscription": "your plan"}
_NOUNS_DE = {"bestell": "order", "auftrag": "order", "rechnung": "invoice", "buchung": "booking", "abo": "subscription"}
# A greeting goes with the name it greets, and is written again without it: "Hi Priya" -> "Hi there" ("Hi" in
# German, where "zusammen" greets a group), "Hallo Priya" -> "Hallo", "Guten Tag Herr Meier" -> "Guten Tag".
# "Dear" and "Liebe Frau Schmidt" need a name, so they become "Hello" ("Guten Tag"); "Sehr geehrte Frau Schmidt"
# becomes "Dear Sir or Madam" ("Sehr geehrte Damen und Herren").
_GREETED = "%(greeting)s there"
_GREETINGS = {
    "dear": "Hello", "liebe": "Hello", "lieber": "Hello",
    "sehr geehrte": "Dear Sir or Madam", "sehr geehrter": "Dear Sir or Madam",
}
# A customer's own value a verb separates from its noun ("Your order number is 5512093", "Ihre Bestellnummer
# lautet 5512093") goes with the verb, and the sentence says where they find it: the noun is not said twice.
_COPULA = re.compile(r"(?<![\w-])(?:is|was|lautet|lautete|ist|war)\s+$", re.I)
_COPULA_KINDS = frozenset({"account_id", "card", "phone", "email", "address", "iban"})
_WHERE = "is shown in your account"
FIX_WORDS: frozenset[str] = frozenset({
    *SAFE_PHRASES.values(), *_PHRASES.values(), *_PRIVATE_PEOPLE.values(), *_NOUNS.values(), _GREETED,
    *_GREETINGS.values(), _WHERE,
})
# What may separate two parts of one value found as two findings ("Hauptstraße 5, 10115 Berlin").
_JOINER = re.compile(r"[,\s]*")
_COMMA = re.compile(r"\s*,")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)$")
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Fix:
    start: int
    end: int
    replacement: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end :]


def suggest(
    text: str, finding: Finding, *, alias: str = "", own_names: tuple[str, ...] = (),
    words: Callable[[str, str], str] | None = None, others: Sequence[Finding] = (),
) -> Fix | None:
    """The fix for one finding in `text`, or None where only rewording helps (a quote from a note or message).

    `alias` and `own_names` are the author's: their own real name becomes their alias, a colleague's "a
    colleague". `words(phrase, before)` puts a phrase of `FIX_WORDS` in the reply's language, given the text
    before it (a German preposition decides the phrase's case), before a sentence's capital. `others` are the
    text's other findings: one of the same kind and owner that only a comma or spaces separate from this one is
    a part of the same value ("Hauptstraße 5, 10115 Berlin"), and the fix replaces both with the words once."""
    kind, owner = finding.kind, finding.owner
    if kind == "quote":
        return None
    phrase = _PHRASES.get((kind, owner)) or SAFE_PHRASES.get(kind)
    if kind == "person":
        phrase = _PRIVATE_PEOPLE.get(finding.explanation, phrase)
    if phrase is None:
        return None
    start, end = _balanced(text, *_joined(text, finding, others))
    if kind in _COPULA_KINDS and owner == "customer" and (verb := _COPULA.search(text, max(0, start - 12), start)):
        named = _words_before(text, kind, verb.start())
        if named is not None and not _DETERMINER_ONLY.fullmatch(named.group()):
            return Fix(verb.start(), end, words(_WHERE, text[: verb.start()]) if words is not None else _WHERE)
    match = _words_before(text, kind, start)
    greeting = " ".join(match["greeting"].split()) if match is not None and kind == "person" else ""
    if match is not None and not greeting:
        start = match.start()
        if kind == "account_id" and owner == "customer" and match["noun"]:
            noun = match["noun"].lower()
            phrase = _NOUNS.get(_NOUNS_DE.get(noun, noun), phrase)
        if match.groupdict().get("clause") and (comma := _COMMA.match(text, end)) is not None:
            end = comma.end()
    if kind == "person" and (title := _TITLE.search(text, max(0, start - 8), start)) is not None:
        start = title.start()
    if kind == "person" and owner == "agent" and alias and _is_own_name(text[start:end], own_names):
        phrase = alias
    else:
        if greeting and match is not None:
            start, phrase = match.start(), _GREETINGS.get(greeting.lower(), _GREETED)
        phrase = words(phrase, text[:start]) if words is not None else phrase
        if greeting:
            phrase = phrase % {"greeting": greeting}  # the agent's own "Hi" or "Guten Tag", where the phrase keeps it
    if phrase != alias and _SENTENCE_START.search(text, 0, start):
        phrase = phrase[0].upper() + phrase[1:]
    return Fix(start, end, phrase)


def _joined(text: str, finding: Finding, others: Sequence[Finding]) -> tuple[int, int]:
    """The span of `finding` and of the findings it runs into through commas and spaces that its fix would word
    alike: of its kind and owner (and a person, named by the same kind of text)."""
    def alike(f: Finding) -> tuple[str, str, str]:
        return f.kind, f.owner, f.explanation if f.kind == "person" else ""

    parts = sorted((f for f in others if alike(f) == alike(finding)), key=lambda f: f.start)
    start, end = finding.start, finding.end
    for part in reversed([f for f in parts if f.end <= start]):
        if not _JOINER.fullmatch(text, part.end, start):
            break
        start = part.start
    for part in (f for f in parts if f.start >= end):
        if not _JOINER.fullmatch(text, end, part.start):
            break
        end = part.end
    return start, end


def _words_before(text: str, kind: str, start: int) -> re.Match[str] | None:
    """The longest run of words before `start` that belongs to a value of `kind`, in English or German."""
    found = None
    for before in _BEFORE.get(kind, ()):
        match = before.search(text, max(0, start - 60), start)
        if match is not None and match.end() == start and match.group().strip():
            found = match if found is None or match.start() < found.start() else found
    return found


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span so it holds both brackets of a pair it holds one of: "(02) 9999 0000" whole."""
    inside = text[start:end]
    if inside.count(")") > inside.count("(") and text[start - 1 : start] == "(":
        start -= 1
    elif inside.count("(") > inside.count(")") and text[end : end + 1] == ")":
        end += 1
    return start, end


def _is_own_name(value: str, own_names: tuple[str, ...]) -> bool:
    words = {w.lower() for name in own_names for w in _WORDS.findall(name)}
    said = [w.lower() for w in _WORDS.findall(value)]
    return bool(said) and all(w in words for w in said)
