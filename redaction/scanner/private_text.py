"""Details that live only in private text: what the customer wrote in a private message, or an agent in a note.

A phone number, email, card, account id or street address there is as private as the profile's fields, so
each is taken out at compile time and looked for in replies like a profile value, in all the forms that one
is found in. A value is kept only when its shape is specific: a phone number, a Luhn-valid card or
the last four digits named as a card's, an id with its prefix or its cue word ("order 5512093"), a street
line with its number.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator

from . import candidates, cards, emails, generic, names, phones
from .dates import plain_case
from .findings import Hit
from .normalize import fold_digits

_STREET_WORDS = (
    "street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|court|ct|place|pl|square|sq|terrace|way|close"
    "|crescent|gardens|row|hill|walk|parkway|pkwy|highway|hwy"
)
# Each regex starts with a character class (see dates.py), so `re` skips to candidate characters.
# "42 Elm Road", "7b Upper North St." (a number, one to four capitalized words, a street word), and
# "Hauptstraße 5" (the German order).
_STREET_LINE = re.compile(
    rf"\d(?<!\w\d)\d{{0,4}}[A-Za-z]?,?(?:[ \t]+[A-Z][\w'’.-]*){{1,4}}[ \t]+(?i:{_STREET_WORDS})\b"
)
# "my neighbour Gwen at number 19", "she lives at No. 7": a house named by its number on the street the text is
# about, after a name or a word of where one lives (not "I was at number 3 in the queue").
_AT_NUMBER = re.compile(
    r"(?:\b[A-Z][^\W\d_]+|\b(?i:lives?|living|stays?|staying|house|home|door|flat|neighbou?rs?))"
    r"\s+(?P<at>(?i:at)\s+(?:number|Number|No\.?|no\.)\s*\d{1,4}[a-z]?\b)"
)
_STRASSE_LINE = re.compile(r"[A-Z](?<!\w[A-Z])\w+(?:straße|strasse|str\.|weg|gasse|platz)[ \t]+\d{1,4}[a-z]?\b")
# "ACC-88213", "CUST22689", "INV-2024-117912", "GL-449-3308-12", "LMB-REF-7781": a capital prefix (or two),
# then five digits, or a hyphen and four, or groups of two digits or more.
_ID_SHAPE = re.compile(
    r"[A-Z](?<![\w-][A-Z])[A-Z]{1,5}(?:-[A-Z]{1,5})?(?:-?\d{5,}|-\d{4,}|(?:-\d{2,}){2,})(?:-[A-Z0-9]+)*\b"
)
# "order 5512093", "account no. 88213-A", "reference: 99812", "booking ref QX7P4L", "Bestellung 60218834",
# "Schadensnr. 2024-AT-771203", "Aktenzeichen 1187/24/530912": a cue
# word, then a run of digits (and letters).
_ID_CUE_WORDS = (
    "account",
    "acct",
    "order",
    "invoice",
    "ref",
    "booking",
    "customer",
    "member",
    "policy",
    "contract",
    "subscription",
    "serial",
    "case",
    "confirmation",
    "reservation",
    "tracking",
    "claim",
    "loan",
    "bestell",
    "kunden",
    "auftrag",
    "rechnung",
    "vertrag",
    "buchung",
    "referenz",
    "sendung",
    "vorgang",
    "schaden",
    "akten",
    "versicherung",
    "mitglied",
    "ticket",
    "sort",
    "bsb",
    "routing",
    "transit",
)
_CUE_WORD = re.compile("|".join(_ID_CUE_WORDS))
_ID_CUED = re.compile(
    r"\b(?:account|acct|order|invoice|ref|reference|booking|customer|member(?:ship)?|policy|contract"
    r"|subscription|serial|case|confirmation|reservation|tracking|claim|loan|ticket"
    r"|bestellung|(?:bestell|kunden|auftrags?|rechnungs?|vertrags?|buchungs?|sendungs?|vorgangs?|schadens?"
    r"|versicherungs(?:schein)?|mitglieds?|ticket)(?:nummer|nr\.?)|aktenzeichen|auftrag"
    r"|rechnung|vertrag|buchung|referenz|sort\s*code|bsb|routing|transit)"
    r"(?:\s+(?:number|no\.?|id|#|ref|code|nr\.?))?(?:\s+(?:is|was|ist|lautet))?"
    # A bank account's number may come in groups of digits ("account 1234 5678"); a file's with slashes
    # ("Aktenzeichen 1187/24/530912").
    r"\s*[:#]?\s*#?(?P<id>(?:[A-Za-z]+-)?[A-Za-z0-9]*\d[A-Za-z0-9-]*(?:/\d[A-Za-z0-9-]*)*(?: \d{3,}\b)*)\b",
    re.I,
)
# "passport number is LA482913", "Reisepassnummer C01X00T47", "my tax file number is 123 456 782", "Steuer-ID für
# die Rechnung ist 47 036 892 815", "VAT number IE 9876543W", "pilot certificate number is 4471903", "her NHI is
# QRT5521", "Versichertennummer A123456780": a government document's, a tax number or a health service's number,
# whatever its shape (the gov_id detector knows the shapes of some tax and social security numbers, not of
# passports, licences, health numbers or every country's tax ids).
_GOV_CUED = re.compile(
    r"\b(?:passport|driv(?:er'?s|ing)\s+licen[cs]e|licen[cs]e|national\s+id|id\s+card|reisepass|personalausweis"
    r"|führerschein|certificate|permit|tax\s+(?:id|file\s+number|number|reference|code)|(?-i:TFN|TIN|IRD|PPSN?|NHI)\b"
    r"|vat\b|ust-?id(?:nr)?|steuer-?id|steuer(?:identifikations)?nummer|social\s+(?:security|insurance)"
    r"|national\s+insurance|ni\s+number|nhs\s+number|medicare|health\s+(?:card|number|insurance\s+number)"
    r"|(?:kranken)?versicherten-?nummer)"
    r"(?:\s*(?:number|no\.?|nummer|nr\.?|#))?(?:(?:\s+[^\W\d]+){0,3}?\s+(?:is|was|ist|lautet))?\s*[:#]?\s*"
    r"(?P<id>(?:(?-i:[A-Z]{2})\s?)?[A-Z0-9]*\d[A-Z0-9]*(?:[ -]\d[A-Z0-9]*)*)\b",
    re.I,
)
# What every _GOV_CUED match has, in the lower case or as written: a text with none of them has none.
_GOV_STARTS = (
    *("passport", "licen", "national", "id card", "reisepass", "ausweis", "führerschein", "certificate", "permit"),
    *("tax", "steuer", "social", "ni number", "nhs", "medicare", "health card", "vat", "ust-id", "ustid"),
    *("health number", "health insurance", "versicherten"),
)
_GOV_ACRONYMS = ("TFN", "TIN", "IRD", "PPS", "NHI")
_ID_WORD = re.compile(r"\bid\b")
_GOV_CUE_WORDS = (
    *("passport", "licen", "national id", "id card", "reisepass", "ausweis", "führerschein", "certificate", "permit"),
    *("tax", "tfn", "tin", "ird", "pps", "vat", "ust", "steuer", "social", "insurance", "ni number", "nhs"),
    *("medicare", "health card", "health number", "health insurance", "versicherten", "nhi"),
)
# "Driver ID D-4471", "Terminal TID 88214077", "staff id: 20931": a number the text labels as an id, by the word
# "ID" or an acronym ending in it (TID, UID, MID), whatever the thing it identifies; four digits in a row at least.
# Not after a comma: "Boise, ID 83702" is Idaho and a ZIP code.
_LABEL = r"(?<![\w-])(?<!, )(?:[A-Z]{1,3}ID|[Ii][Dd])(?:\s*(?:no\.?|number|#))?(?:\s+(?:is|was))?\s*[:#]?\s*"
_ID_LABEL = re.compile(_LABEL + "$")
_ID_LABELLED = re.compile(_LABEL + r"(?P<id>(?:[A-Za-z]+-)?[A-Za-z0-9]*\d{4}[A-Za-z0-9-]*)\b")
# A reference with letters and digits mixed ("QX7P4L", "7Q3X-22J9"), in capitals, after its cue word.
_MIXED_REF = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})(?=(?:\D*\d){2})[A-Z0-9][A-Z0-9-]{4,}[A-Z0-9]")
_MIN_ID_DIGITS = 5
_YEAR = re.compile(r"(?:19|20)\d\d")  # "the permit 2024 was late"
_MIN_GOV_DIGITS = 4  # every id from private text has four digits (see needs.Needs.digit_windows)
_MIN_PHONE_DIGITS = 9


def _written_as_phone(raw: str, regions: tuple[str, ...]) -> bool:
    """A number written the way phones are (a "+" or a trunk 0, nine digits or more) and of a possible length:
    a customer's own number need not be in a range phonenumbers knows to be allocated."""
    return (
        raw.lstrip("(").startswith(("+", "0"))
        and sum(c.isdigit() for c in raw) >= _MIN_PHONE_DIGITS
        and any(phones.possible(raw, region) for region in regions)
    )


# Whose a number or an email in private text is: the customer's own, unless the text gives it as someone
# else's, right after that person's name ("the other driver: Gary Sutcliffe, 07700 900388", "(Steve Mancini,
# 0491 571 266)") or after "his/her/their number" with nothing of the writer's ("me", "my", "mich"...)
# between ("my neighbour Gwen has a key, her number is...").
_FIRST_PERSON = re.compile(r"\b(?:I|(?i:me|my|mine|we|us|our|ours)|ich|mich|mir|mein\w*|wir|uns|unser\w*)\b")
# An id is someone else's in the same ways: "His name was Farhad Karimi, account MDR-0077340", "her policy number
# is 55120934", "my husband's account ACC-20931".
_ID_NOUN = r"(?:account|acct|order|policy|membership|member|customer|booking|contract|subscription|claim|loan)"
_THEIRS = re.compile(
    r"\b(?:(?i:his|her|their)\s+(?i:(?:mobile\s+|phone\s+|cell\s+)?number|phone|mobile|cell|e-?mail)"
    rf"|(?i:(?:his|her|their|(?:{names.RELATIONS})['’]s)\s+{_ID_NOUN})"
    r"|(?:seine|ihre)\s+(?:Nummer|Handynummer|Telefonnummer|Mobilnummer|E-Mail(?:-Adresse)?))"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
# A bare label of a phone or an email right before the value: "mobile 07700 900 947", "Tel.: 030 ...", "email: ...".
_LABELLED = re.compile(
    r"\b(?i:mobile|cell|phone|tel|telefon|handy|mobil|e-?mail)\.?(?:\s*(?i:number|no\.?|nr\.?))?\s*[:#]?\s*$"
)
_CUSTOMER = re.compile(r"\b(?i:customer|client|kunde|kundin)\w*")
# After the name: where they work ("Ms Bevan at Hollis & Crane, 01223 555 714"), a comma, a bracket or "on", and
# an id's noun ("Farhad Karimi, account MDR-0077340"), or where they live ("Hanne lives at No. 23").
_NAME_TO_VALUE = (
    r"(?:\s+at(?:\s+(?:[A-Z][\w'’.-]*|&)){1,4}(?=\s*[,(]))?"
    rf"\s*(?:[,(]|\s+on)?\s*\(?(?:(?i:{_ID_NOUN})(?:\s+(?i:number|no\.?|id))?\s*[:#]?\s*"
    r"|(?i:lives|is\s+living|stays|is\s+staying)\s+)?$"
)
_AFTER_NAME = re.compile(_NAME_TO_VALUE)
_CAPITALIZED_BEFORE = re.compile(r"[A-Z][^\W\d_]+" + _NAME_TO_VALUE)


def someone_elses(text: str, value: str, people: Callable[[], Iterable[str]]) -> bool:
    """Whether `value`, where `text` first has it, is given as the detail of another person: right after one of
    `people()` (names the text gives, names.named_in; read only when a capitalized word stands right before the
    value), or after "his/her/their number" in its sentence with no word of the writer's own between."""
    start = text.find(value)
    if start < 0:
        return False
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    before = text[begin:start]
    if _CAPITALIZED_BEFORE.search(before):
        for name in people():
            at = before.rfind(name)
            if at >= 0 and _AFTER_NAME.fullmatch(before, at + len(name)):
                return True
    theirs = [m.start() for m in _THEIRS.finditer(before)]
    mine = max((m.end() for m in _FIRST_PERSON.finditer(before)), default=-1)
    if not theirs and _LABELLED.search(before) and mine < 0 and not _CUSTOMER.search(before):
        # "Assessor Niall Brogan (loss adjuster) to attend; mobile 07700 900 947": a number labelled as a phone in
        # a sentence that names someone, with nothing of the writer's nor the customer's, is that person's.
        named = list(people())
        return any(name in before for name in named)
    if not theirs:
        return False
    return theirs[-1] > mine


_IBAN_START = re.compile(r"[A-Z]{2}\d\d")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_DIGIT = re.compile(r"\d")


def without_addresses(text: str) -> str:
    """`text` with its email, web and street addresses blanked: words that are parts of one are found as it.

    Each pattern runs only on a text with what every match of it has (an "@", a "://" or "www.", a digit): most
    sentences of private text have no email or web address, and many no digit."""
    if "@" in text:
        text = emails.EMAIL.sub(" ", text)
    if "://" in text or "www." in text.lower():
        text = _URL.sub(" ", text)
    if _DIGIT.search(text):
        text = _STREET_LINE.sub(" ", text)
        text = _STRASSE_LINE.sub(" ", text)
    return text


class PrivateText:
    """A private message or note as the compile reads it: its digits folded to ASCII once, and what several
    readers ask of it (its digits in a row, its government ids) found once, when first asked for."""

    # Not functools.cached_property: on Python 3.11 it holds one lock per property for every instance, so
    # compiles in the web process's threads would wait on each other's first reads.
    __slots__ = ("_cued", "_digits", "_gov_ids", "_ids", "_people", "text", "where")

    def __init__(self, text: str, where: str = "") -> None:
        self.text = fold_digits(text)
        self.where = where  # where a detail found in it comes from, for its explanation
        self._digits: str | None = None
        self._gov_ids: tuple[Hit, ...] | None = None
        self._ids: tuple[tuple[int, int, str], ...] | None = None
        self._cued: tuple[tuple[int, int], ...] | None = None
        self._people: tuple[str, ...] | None = None

    @property
    def digits(self) -> str:
        if self._digits is None:
            self._digits = candidates.digits(self.text)
        return self._digits

    @property
    def gov_ids(self) -> tuple[Hit, ...]:
        if self._gov_ids is None:
            self._gov_ids = tuple(generic.find_gov_ids(self.text))
        return self._gov_ids

    @property
    def ids(self) -> tuple[tuple[int, int, str], ...]:
        """(start, end, kind) of each id the text gives: an account or order id, or a document's number after
        its cue (kind gov_id)."""
        if self._ids is None:
            self._ids = tuple(_ids(self.text, self.cued))
        return self._ids

    @property
    def cued(self) -> tuple[tuple[int, int], ...]:
        """(start, end) of each id the text gives after a cue word ("booking ref QX7P4L")."""
        if self._cued is None:
            self._cued = tuple(_cued(self.text))
        return self._cued

    @property
    def people(self) -> tuple[str, ...]:
        """The names of the people the text names (names.named_in), whose numbers and emails are theirs."""
        if self._people is None:
            self._people = tuple(name for name, _ in names.named_in(self.text))
        return self._people


def _cued(text: str) -> Iterator[tuple[int, int]]:
    lowered = text.lower()
    # The cue regex is tried only where a cue word starts (as the dates' patterns are, candidates.matches).
    starts = [m.start() for m in _CUE_WORD.finditer(lowered)]
    if starts:
        for match in candidates.matches(_ID_CUED, text, starts if plain_case(text) else None):
            value = match["id"].rstrip("-")
            if sum(c.isdigit() for c in value) >= _MIN_ID_DIGITS or _MIXED_REF.fullmatch(value):
                yield match.start("id"), match.start("id") + len(value)
    if "ID" in text or _ID_WORD.search(lowered):
        for match in _ID_LABELLED.finditer(text):
            value = match["id"].rstrip("-")
            yield match.start("id"), match.start("id") + len(value)


def _ids(text: str, cued: tuple[tuple[int, int], ...]) -> Iterator[tuple[int, int, str]]:
    documents: list[tuple[int, int]] = []
    lowered = text.lower()
    if any(word in lowered for word in _GOV_STARTS) or any(word in text for word in _GOV_ACRONYMS):
        for match in _GOV_CUED.finditer(text):
            value = match["id"]
            if sum(c.isdigit() for c in value) >= _MIN_GOV_DIGITS and not _YEAR.fullmatch(value):
                documents.append(match.span("id"))
                yield *match.span("id"), "gov_id"

    def free(start: int, end: int) -> bool:
        return not any(start < d_end and d_start < end for d_start, d_end in documents)

    for match in _ID_SHAPE.finditer(text):
        if free(*match.span()):
            yield *match.span(), "account_id"
    for start, end in cued:
        if free(start, end):
            yield start, end, "account_id"


def _may_be_id(text: str, start: int) -> bool:
    """Whether a number at `start` may be part of an id the text gives: after a letter or a hyphen (the id's
    prefix, "GL-449-3308-12"), or with a cue word of an id or a document a few words before it."""
    if start and (text[start - 1] == "-" or text[start - 1].isalpha()):
        return True
    before = text[max(0, start - _CUE_REACH) : start]
    if _ID_LABEL.search(before):
        return True
    before = before.lower()
    return any(word in before for word in _ID_CUE_WORDS) or any(word in before for word in _GOV_CUE_WORDS)


_CUE_REACH = 50


def phone_candidates(source: PrivateText, regions: Iterable[str]) -> Iterator[tuple[str, Callable[[], bool]]]:
    """Each run of a private text written like a phone number, with a check of whether `details` gives it as one:
    parsing and validating it is most of the cost, and a caller that needs only some of them (the ones of a
    region not seen yet) asks only for those. In the order `details` gives the phones."""
    return _phone_candidates(source, tuple(regions), None)


def _phone_candidates(
    source: PrivateText, regions: tuple[str, ...], phone_tails: frozenset[str] | None
) -> Iterator[tuple[str, Callable[[], bool]]]:
    def is_phone(start: int, end: int, raw: str) -> bool:
        if not (any(phones.valid_e164(raw, region) for region in regions) or _written_as_phone(raw, regions)):
            return False
        # Only for a number that would be a phone (most candidates are not) are the text's ids read: a number
        # the text gives as an id ("Bestellung 60218834", "account GL-449-3308-12") is that id.
        if any(start < hit.end and hit.start < end for hit in source.gov_ids):
            return False
        # A number written with a "+" or a bracket is written as a phone, never as an id.
        if raw.startswith(("+", "(")) or not _may_be_id(source.text, start):
            return True
        return not any(start < i_end and i_start < end for i_start, i_end, _ in source.ids)

    for start, end, raw in phones.candidates(source.text):
        if phone_tails is None or phones.may_end(raw, phone_tails):
            yield raw, functools.partial(is_phone, start, end, raw)


KINDS = frozenset({"email", "phone", "card", "account_id", "address", "gov_id", "iban"})
_BY_DIGITS = frozenset({"card", "account_id", "gov_id", "iban"})


def details(
    source: PrivateText,
    regions: Iterable[str],
    company_domains: tuple[str, ...] = (),
    kinds: frozenset[str] = KINDS,
    phone_tails: frozenset[str] | None = None,
    card_windows: frozenset[str] | None = None,
    short_refs: bool = True,
) -> Iterator[tuple[str, str]]:
    """(kind, value) of every specific detail in one private text, of the `kinds` asked for (all by default:
    email phone iban card account_id address gov_id), in that order of kinds. With `phone_tails`, only numbers that
    may end in one of them (phones.may_end) are checked and given; with `card_windows`, only cards whose last four
    digits are one of them, and ids (account and government) only from a text with one of them (see needs.Needs),
    but for references with fewer than four digits, found by their words: those unless `short_refs` is false
    (the reply has no word with fewer than four digits, which each of their written forms has)."""
    text = source.text
    regions = tuple(regions)
    # The reply's digits are looked up in this text's (a substring search each), rather than every four digits
    # in a row of the text put in a set: a text that has none of them is not searched for what they rule out.
    by_digits = card_windows is not None and bool(kinds & _BY_DIGITS)
    short_ids = short_refs and by_digits and "account_id" in kinds
    by_tail = phone_tails is not None and "phone" in kinds and "(0)" not in text
    digits = source.digits if (by_digits and card_windows) or (by_tail and phone_tails) else ""
    # A card is found by its last four digits, an id (account or government: every one has four digits or more,
    # the fiscal code's seven among letters) by all its digits in a row (accounts.rules_for, generic.rules_for):
    # a text that shares no four digits in a row with `card_windows` has none for the texts they are from.
    if by_digits and not any(window in digits for window in card_windows or ()):
        kinds = kinds - _BY_DIGITS
    # A candidate's digits are digits of the text in a row, and every candidate is written with digits and
    # separators only: it may end in one of `phone_tails` (phones.may_end) only if the text's digits have that
    # tail in them, or it has a "(0)".
    if by_tail and not any(tail in digits for tail in phone_tails or ()):
        kinds = kinds - {"phone"}
    if "email" in kinds and "@" in text:
        for match in emails.EMAIL.finditer(text):
            domain = match.group().rpartition("@")[2].lower()
            if not any(domain == d or domain.endswith("." + d) for d in company_domains):
                yield "email", match.group()
    if "phone" in kinds:
        # "my SSN, it is 628-97-7014": a number the text writes as a government id is that id (found by its own
        # detector in the reply), not a phone of the customer's that every later reply must not repeat.
        for raw, is_phone in _phone_candidates(source, regions, phone_tails):
            if is_phone():
                yield "phone", raw
    ibans: list[Hit] = []
    if kinds & {"card", "iban"} and _IBAN_START.search(text):
        ibans = list(generic.find_ibans(text, checked=False))  # as the customer typed it, check digits and all
    if "iban" in kinds:
        for hit in ibans:
            yield "iban", text[hit.start : hit.end]
    if "card" in kinds:
        for match, number in cards.full_numbers(text):
            if any(hit.start <= match.start() < hit.end for hit in ibans):
                continue  # an IBAN's digits are no card's
            if number[0] in cards.ISSUER_DIGITS and (
                cards.luhn_ok(number) or cards.NAMED.search(text, max(0, match.start() - 40), match.start())
            ):
                if card_windows is None or number[-4:] in card_windows:
                    yield "card", number
        if cards.has_four_digits(text):
            for _, last4 in cards.last_fours(text):
                if card_windows is None or last4 in card_windows:
                    yield "card", last4
    if "account_id" in kinds or "gov_id" in kinds:
        for start, end, kind in source.ids:
            if kind in kinds:
                yield kind, text[start:end]
    elif short_ids:
        # An id is found by all its digits in a row: one with fewer than four ("QX7P4L", only ever after its cue
        # word) by its words only, so it is looked for whatever the reply's digits (`card_windows`).
        for start, end in source.cued:
            if len(_DIGIT.findall(text, start, end)) < 4:
                yield "account_id", text[start:end]
    if "address" in kinds:
        for pattern in (_STREET_LINE, _STRASSE_LINE):
            for match in pattern.finditer(text):
                yield "address", match.group()
        if "at n" in text.lower():  # every match has "at number" or "at no"
            for match in _AT_NUMBER.finditer(text):
                yield "address", text[match.start("at") : match.end()]
    if "gov_id" in kinds:  # the gov_id detector's ids; a document's number after its cue is one of `source.ids`
        for hit in source.gov_ids:
            yield "gov_id", text[hit.start : hit.end]
