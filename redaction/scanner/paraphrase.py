"""Rewordings of private text that carry one of its specific facts, not only verbatim stretches of it.

A fact is a sentence of a private message or internal note, or two in a row. A reply's sentence restates it
when they share its words (compared by stem, so "cancelled" is "cancel", "arrived" "arrive") and what makes
it specific:
  - on a public channel, an amount the fact names ("£49.99", "49,99 €") and one of its words that are not
    what every support reply says ("the duplicate £42.50 charge was refunded" for "Duplicate charge
    confirmed, refund of £42.50 approved"): said in public, the amount is as specific as a word, and counts
    as one of the fact's words on both sides. Told to the customer alone, an amount beside one word of a
    note ("your refund of €49.90 was approved") is the outcome of their own case. The word may be one the
    public post says too ("about $400 of freezer food" after a post about the freezer): the post says what
    happened, the private text how much. A percentage is not such an amount: "10 % off", "a 20 % credit" are
    what offers and policies say, or
  - a day of the month or a time of day the fact names ("the 2nd" for "2 March"; a version, "fixed in 4.2.3", names
    none; "8am" for "8am-12pm") and two of its words that are not what every support reply says ("you cancelled on
    the 2nd but were still billed"), or
  - three of its words that are not what every support reply says ("the refund was issued, waiting for you
    to confirm it arrived"),
and in each case at least 40 % of the fact's own such words: a reply on the same topic ("the import is limited to
250 rows per file") shares a few of them, not the fact. A sentence that names a time of day and a day (of the month,
or of the week if it names no date) of one sentence of private text restates it whatever its words: it says when
what the text arranges happens ("Feb 12 between 8 and noon" for "technician scheduled for Feb 12, 8-12 window"); a
range of days ("Mon-Fri 9am-5pm") is a desk's hours, and another Friday is another day. A sentence right after one
that restates a sentence of a text goes on restating it with two words of that sentence or of the next ("Stefan
thinks the reader transposed two digits. He's requested a correction." for "Meter misread (digit transposition).
Read correction requested."): what follows a restatement is read as its continuation. Words any reply uses (refund,
account, order, charge, day...) never make a fact specific. Nor, for a reply that names a person the fact names, do
the words that say who that person is: their name and the words right before it ("our site lead Lorcan Beattie" for
"Scaffold firm: Tallmast Access, site lead Lorcan Beattie") or a comma sets after it ("Marcus Elphick, practice
manager"): the reply is found for the name, and calling the
person what the note does restates nothing; they are left out of the fact's words on both sides. A German
reply may say a compound of private text by its last part ("Abrechnung" for "Heizkostenabrechnung"), or a word
of it as the last part of its own compound ("Ersatzkupplung" for "Kupplung"): that part is the compound's word
(five letters at least, after three). What the
customer's public post says is not private: its words and dates are taken out of every fact. A restatement is a
quote (kind "quote", owned like the text it restates), so the channel policy treats it as one.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from .findings import Hit
from .generic import VERSION_CUE
from .language import GERMAN_FILLER, language_of
from .normalize import ABBREVIATIONS, EXPANDED, Tokens, WordTable, fold, tokenize
from .private_text import without_addresses
from .quotes import FILLER

_DIGIT = re.compile(r"\d")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mär|maer|okt|dez"
# A German date's dots end no sentence: "am 2. März", "am 30.09. fotografiert". (The first look-ahead lets the
# pattern skip every other character at the cost of one test.)
_SENTENCE_BREAK = re.compile(
    rf"(?=[.!?;\n])(?!(?<=\b\d)\.\s+(?i:{_MONTHS}|mai\b)|(?<=\b\d\d)\.\s+(?i:{_MONTHS}|mai\b)"
    r"|(?<=\d\.\d)\.\s+[a-zäöüß\d]|(?<=\d\.\d\d)\.\s+[a-zäöüß\d])[.!?;\n]+(?:\s|$)|\n"
)
# Days of the month and amounts, the anchors that make a fact specific: ("day", "2") for "the 2nd", "2 March",
# "March 2", "02/03" (either way round); ("amount", "49.99") for "$49.99", "49.99 EUR", "49,99 €", "$49.99.00",
# and joined into a compound, "20-€-Gutschein", "a 20-pound voucher".
# A number of an id, card or phone is not one: it is found as itself, and the word beside it names it
# ("Visa", "passport"), not a fact.
_DAY = re.compile(
    rf"\b(?P<ord>\d\d?)(?:st|nd|rd|th)\b|\b(?P<dm>\d\d?)\.?\s+(?:of\s+)?(?:(?:{_MONTHS})[a-zä]*|mai)\b"
    rf"|\b(?:{_MONTHS})[a-z]*\.?\s+(?P<md>\d\d?)\b|\b(?P<a>\d\d?)[/.](?P<b>\d\d?)\b",
    re.I,
)
# A version's third part ("4.2.3") or fourth: one digit after a dot, or a dotted part that follows one.
_VERSION_PART = re.compile(r"\.\d(?!\d)|\.\d+\.\d")
_VERSION_PART_BEFORE = re.compile(r"\d\.$")
_AMOUNT = re.compile(
    r"[$€£¥]\s?(?P<pre>\d[\d,]*(?:\.\d\d)?)"
    r"|\b(?P<post>\d[\d,]*(?:\.\d\d)?)[\s-]?(?:[$€£¥]|(?:usd|eur|gbp|dollars?|euros?|pounds?)\b)",
    re.I,
)

# Times of day, compared on a twelve-hour clock ("17:00" is "5pm"; "8am-12pm", "1-5pm", "between 8 and noon", the
# first hour of a range taking the second's mark; "8-12 window"; German "14 Uhr", "14.30 Uhr"): ("hour", "5:00").
_HOUR_MARK = r"(?:[ap]\.?m\b|uhr\b)"
_HOUR_NUMBER = r"(?:[01]?\d|2[0-3])"
_HOUR = re.compile(
    rf"\b(?P<h>{_HOUR_NUMBER}):(?P<m>[0-5]\d)(?!\d)"
    rf"|\b(?P<hm>{_HOUR_NUMBER})(?:\.(?P<mm>[0-5]\d))?\s?{_HOUR_MARK}"
    r"|\b(?P<noon>noon|midday|mittags?)\b"
    rf"|\b(?P<r>{_HOUR_NUMBER})(?::(?P<rm>[0-5]\d))?\s?(?=(?:-|–|—|to|and|und|bis)\s?"
    rf"(?:{_HOUR_NUMBER}(?::[0-5]\d)?\s?{_HOUR_MARK}|noon\b|midday\b|mittag))"
    rf"|\b(?P<w1>{_HOUR_NUMBER})\s?[-–]\s?(?P<w2>{_HOUR_NUMBER})\s(?:window|slot|zeitfenster)\b",
    re.I,
)
# What every time of day `_HOUR` reads has (a range's first hour only beside its second): most texts have none, and
# looking costs a fraction of the pattern.
_HOUR_HINT = re.compile(  # each branch after the one character it starts with, which the pattern scans for
    r"[\dnNmM](?:(?<=\d)(?::[0-5]\d|\s?(?:[aApP]\.?[mM]|[uU][hH][rR])\b|\s(?i:window|slot|zeitfenster))"
    r"|(?<=[nN])(?i:oon)|(?<=[mM])(?i:idday|ittag))"
)
# The same, read off a text's words: those that are a time ("5pm", "40am" of "10.40am", "uhr"), and those that
# may be one beside a number ("8 am", "I am"; "8-12 window"), for which the pattern decides.
_TIME_WORDS = frozenset(("uhr", "noon", "midday", "mittag", "mittags")) | frozenset(
    f"{n:{pad}}{mark}" for n in range(60) for pad in ("", "02") for mark in ("am", "pm")
)
_TIME_WORDS_BESIDE = frozenset(("am", "pm", "window", "slot", "zeitfenster"))
_CLOCK = re.compile(r"\d:[0-5]\d")
# What every day `_DAY` and `_WEEKDAY` read has: an ordinal, a month's or a day's name, or two numbers a slash or dot
# joins ("11/8", "30.09.").
_DAY_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun montag
    dienstag mittwoch donnerstag freitag samstag sonnabend sonntag january february march april may june july august
    september october november december jan feb mar apr jun jul aug sep sept oct nov dec januar februar marz maerz
    mai juni juli oktober dezember okt dez""".split()
) | frozenset(f"{n}{end}" for n in range(1, 32) for end in ("st", "nd", "rd", "th"))
_NUMERIC_DATE = re.compile(r"\d[/.]\d")
# Days of the week, an appointment's day as surely as its date; an abbreviation only as a note writes it ("Fri 14
# Feb", not "the sun"), and never a range of them ("Mon-Fri 9am-5pm" are opening hours).
_WEEKDAY = re.compile(
    r"\b(?:(?P<day>mon|tues|wednes|thurs|fri|satur|sun)day|(?P<tag>montag|dienstag|mittwoch|donnerstag|freitag|"
    r"samstag|sonnabend|sonntag)|(?-i:(?P<short>Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)))\b",
    re.I,
)
_WEEKDAY_RANGE = re.compile(r"\s?(?:-|–|—|to|through|bis|and|und|&|/|,)\s?")
_TAGE = {"montag": "mon", "dienstag": "tue", "mittwoch": "wed", "donnerstag": "thu", "freitag": "fri"}
_TAGE |= {"samstag": "sat", "sonnabend": "sat", "sonntag": "sun"}

_CURRENCY_SIGNS = "$€£¥"
_CURRENCY_NAMES = ("usd", "eur", "gbp", "dollar", "pound")

# Words every support reply may use: they count towards a restated fact but do not make one specific.
_SUPPORT = frozenset(
    """refund refunded charge charged payment paid pay account order issue issued problem help team support email
    card bill billed invoice subscription plan day days week weeks month months time today tomorrow yesterday sorry
    thank thanks please customer service update check look fix fixed work working contact reply message ticket
    number process processed receive received send sent get make need want know see hope sure again back soon
    new asap now""".split()
)
_SUFFIXES = ("ations", "ation", "ments", "ment", "ingly", "ing", "edly", "ed", "ies", "es", "s", "ly", "e")
# A decision's noun in "-al" is said for its verb ("approval", "refusal", "reversal", "withdrawal" as "approve",
# "refuse", "reverse", "withdraw"): after "v", "s" or "w" only, where English has few other "-al" words ("interval").
_NOUN_AL = ("vals", "sals", "wals", "val", "sal", "wal")
# German nouns of a verb and its present participle are said for the verb ("Ablehnung", "Zahlungen" -> "ablehn",
# "zahl" as "ablehnen", "zahlen"; "fehlende" -> "fehl" as "fehlen"): left with four letters at least, so English
# "-ung" and "-ender" words keep theirs ("young", "offender").
_GERMAN_SUFFIXES = ("ungen", "ung", "enden", "endes", "endem", "ender", "ende")
# Then an ending German adjectives and nouns are declined with ("gezahlten", "gezahlter", "gezahltem" ->
# "gezahlt"; "-es" and "-e" are above), which English "-er"/"-en" words lose too, the same in all their forms
# ("answer", "answered" -> "answ"): left with four letters at least.
_ENDINGS = ("er", "en", "em")
# And a German verb's "-et" after "t" or "d", as its infinitive's "-en" ("erstattet" -> "erstatt" as "erstatten").
_DENTAL_ET = ("tet", "det")
_MIN_SPECIFIC = 3
_MIN_SPECIFIC_WITH_ANCHOR = 2
_SHARE_OF_FACT = 0.4


def stem(word: str) -> str:
    """A crude stem, the same for a word's usual forms ("cancelled", "cancels", "cancel" -> "cancel"; "approval",
    "approved" -> "approv"; German "gezahlten", "gezahlter" -> "gezahlt"; "erstattet", "Erstattung", "erstatten" ->
    "erstat")."""
    for suffix in _GERMAN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith(_NOUN_AL) and len(word) >= 7:
            word = word[: -3 if word.endswith("s") else -2] + "e"  # "approve", stemmed below as the verb
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        if word.endswith(_DENTAL_ET) and len(word) >= 6:
            word = word[:-2]
        else:
            for ending in _ENDINGS:
                if word.endswith(ending) and len(word) - len(ending) >= 4:
                    word = word[: -len(ending)]
                    break
    if len(word) >= 4 and word[-1] == word[-2]:
        word = word[:-1]  # "cancell", "bill": one consonant, as in "cancel", "bil"
    return word


# Months, as notes abbreviate them and replies write them out ("moving in Sept" for "in September", "the Feb
# invoice" for "February's invoice"), in English and German: one word each. Not "mar" and "may", which are words too.
_MONTH_NAMES = {
    name: short
    for short, names in {
        "jan": "jan january januar", "feb": "feb february februar", "apr": "apr april", "jun": "jun june juni",
        "jul": "jul july juli", "aug": "aug august", "sep": "sep sept september", "oct": "oct okt october oktober",
        "nov": "nov november", "dec": "dec dez december dezember",
    }.items()
    for name in names.split()
}


def _stem_or_blank(word: str) -> str:
    """A canonical word's stem, "" for filler (English or German), short or non-alphabetic words. A participle
    negated by "un-" is its verb's ("unmonitored" as "monitored"), as "not" is filler: "the inbox wasn't
    monitored" says what "inbox unmonitored" does. A month's name is its short form."""
    if word in FILLER or word in GERMAN_FILLER or len(word) < 3 or not word.isalpha():
        return ""
    if word.startswith("un") and word.endswith("ed") and len(word) >= 8:
        word = word[2:]
    return _MONTH_NAMES.get(word) or stem(word)


# Every private text's words are stemmed to see if a reply shares them: each word once (normalize.WordTable).
_STEMS = WordTable(_stem_or_blank)
_stem_of = _STEMS.__getitem__
_SUPPORT_STEMS = frozenset(stem(word) for word in _SUPPORT)


def _stems(words: tuple[str, ...]) -> list[str]:
    return list(map(_stem_of, words))


def _text_stems(tokens: Tokens) -> list[str]:
    """The stems of a text's words, blank for a letter or title that tokenizing reads as an address word: the
    "s" of a possessive or an initial ("J. S. Bach") as "south", "Dr" as "drive", "e.g." as "east". Every reply
    with a possessive, an initial or a doctor would share them with every fact that has one ("Aled's
    membership", "Dr Patel"), and a street they name is found as an address. So are the letters of an id."""
    stems = _stems(tokens.words)
    spans, text = tokens.spans, tokens.text
    if not EXPANDED.isdisjoint(tokens.words):
        for i, word in enumerate(tokens.words):
            if word in EXPANDED and fold(text[spans[i][0] : spans[i][1]]) in ABBREVIATIONS:
                stems[i] = ""
    if "-" in text:
        # The letters of an id ("WTY-5520183", "INC-4410"), which every id of its kind has: the id is found as
        # itself, if it is private.
        for m in _ID_LETTERS.finditer(text):
            for i in range(bisect_right(spans, (m.start(), -1)), len(spans)):
                if spans[i][0] >= m.end():
                    break
                stems[i] = ""
    return stems


# An id: capitals and digits that hyphens join, a digit among them.
_ID_LETTERS = re.compile(r"(?<![\w-])(?=[A-Z0-9-]*\d)[A-Z0-9]+(?:-[A-Z0-9]+)+(?![\w-])")


class _Fact:
    """A sentence of private text (or two in a row): its stems, and the days and amounts it names,
    found when first asked for. Only a fact that shares fewer than three specific words with a reply's sentence
    needs them, so most facts a context compiled for one reply builds never run the patterns."""

    __slots__ = (
        "_anchors", "_parts", "_public", "digits", "owner", "compounds", "specific", "stems", "told", "who"
    )

    def __init__(
        self,
        stems: frozenset[str],
        owner: str,
        specific: int,
        parts: tuple[str | _Fact, ...],
        public: _Fact | None,
        digits: bool,
        told: frozenset[str] = frozenset(),
        who: tuple[Who, ...] = (),
        compounds: dict[str, str] | None = None,
    ) -> None:
        self.stems = stems
        # The last parts of its German compounds, each with its word ("termin" of "kundentermin"), None if it is
        # not German: `_compounds`.
        self.compounds = compounds
        self.told = told  # its specific words the public post says too (not among `stems`)
        self.owner = owner
        self.specific = specific  # how many of its words are not what every support reply says
        self._parts = parts  # its sentence, or the facts it joins
        self._public = public  # what the public post names is not private
        self.digits = digits  # whether it has a digit: it may name an amount, which counts as one of its words
        self._anchors: frozenset[tuple[str, str]] | None = None
        # The people it names, each with the words that say who they are ("crew lead", "Techniker"): see `_who`.
        self.who = who

    def unnamed(self, said: frozenset[str]) -> int:
        """How many of its specific words are left for a reply of these words (`naming`)."""
        if not self.who:
            return self.specific
        return self.specific - len(self.naming(said) & self.stems - _SUPPORT_STEMS)

    def naming(self, said: frozenset[str]) -> frozenset[str]:
        """Its words that say who a person is whom a reply of these (canonical) words names too: they restate
        nobody's fact (see `_who`)."""
        if not self.who:
            return frozenset()
        return frozenset().union(*(words for name, words in self.who if not name.isdisjoint(said)))

    @property
    def sentences(self) -> tuple[str, ...]:
        """Its sentence (a fact of one sentence), or none (one that joins two)."""
        return tuple(part for part in self._parts if isinstance(part, str))

    @property
    def anchors(self) -> frozenset[tuple[str, str]]:
        if self._anchors is None:
            found = frozenset().union(*map(_anchors_of, self._parts))
            self._anchors = found - self._public.anchors if self._public is not None else found
        return self._anchors


def _anchors_of(part: str | _Fact) -> frozenset[tuple[str, str]]:
    return anchors(part) if isinstance(part, str) else part.anchors


def anchors(text: str) -> frozenset[tuple[str, str]]:
    """The days of the month, times of day and amounts a text names (every form has a digit), and the days of the
    week of a text that has a digit."""
    if _DIGIT.search(text) is None:
        return frozenset()
    return frozenset(anchor for anchor, _, _ in _dated(text, 0, len(text))) | amounts_in(text)


def _dated(text: str, start: int, end: int) -> Iterator[tuple[tuple[str, str], int, int]]:
    """Each day of the month, time of day and day of the week in text[start:end], with its span; the days of the
    week only beside a time, the one place they count (`_is_slot`)."""
    for m in _DAY.finditer(text, start, end):
        if m["a"] and _is_version(text, m.start(), m.end()):
            continue
        for group in ("ord", "dm", "md", "a", "b"):
            if m[group] and 1 <= int(m[group]) <= 31:
                yield ("day", str(int(m[group]))), m.start(), m.end()
    if _HOUR_HINT.search(text, start, end) is None:
        return
    timed = False
    for m in _HOUR.finditer(text, start, end):
        timed = True
        hours: list[tuple[str, str | None]]
        if m["noon"]:
            hours = [("12", None)]
        elif m["w1"]:
            hours = [(m["w1"], None), (m["w2"], None)]
        else:
            hours = [(m["h"] or m["hm"] or m["r"], m["m"] or m["mm"] or m["rm"])]
        for hour, minute in hours:
            yield ("hour", f"{int(hour) % 12}:{minute or '00'}"), m.start(), m.end()
    days = list(_WEEKDAY.finditer(text, start, end)) if timed else []
    for i, m in enumerate(days):
        # "Mon-Fri", "Monday to Friday": a range of days says when a desk is open, not when something happens.
        if (i and _WEEKDAY_RANGE.fullmatch(text, days[i - 1].end(), m.start())) or (
            i + 1 < len(days) and _WEEKDAY_RANGE.fullmatch(text, m.end(), days[i + 1].start())
        ):
            continue
        name = _TAGE[m["tag"].lower()] if m["tag"] else (m["day"] or m["short"]).lower()[:3]
        yield ("weekday", name), m.start(), m.end()


_MONTH_NUMBERS = {
    **{name: i + 1 for i, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())},
    **{"mär": 3, "mae": 3, "mai": 5, "okt": 10, "dez": 12},
}


def _days_in(text: str) -> frozenset[tuple[str, str]]:
    """The days of the month a text names (the day anchors of `anchors`, without its other patterns)."""
    return frozenset(("day", str(day)) for day, _, _, _ in _month_days(text) if 1 <= day <= 31)


def _month_days(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int | None, int, int]]:
    """Each day of the month in text[start:end] with its month, if it names one (a numeric date both ways round),
    and its span."""
    for m in _DAY.finditer(text, start, len(text) if end is None else end):
        if m["ord"]:
            yield int(m["ord"]), None, m.start(), m.end()
        elif m["dm"] or m["md"]:
            words = m.group().split()
            month = _MONTH_NUMBERS.get((words[-1] if m["dm"] else words[0]).lower()[:3])
            yield int(m["dm"] or m["md"]), month, m.start(), m.end()
        elif not _is_version(text, m.start(), m.end()):
            a, b = int(m["a"]), int(m["b"])
            yield a, b, m.start(), m.end()
            yield b, a, m.start(), m.end()


def _is_version(text: str, start: int, end: int) -> bool:
    """Whether two numbers with a dot between are part of a version ("4.2.3", "1.10.0.2", "version 4.2"), not a
    day and a month: a release that a note and a reply both name is no day of the customer's case. A date's third
    part is a year, of two digits or four, and a version's has one ("4.2.3") or a fourth after it."""
    if "." not in text[start:end]:
        return False
    return bool(
        _VERSION_PART.match(text, end)
        or _VERSION_PART_BEFORE.search(text, max(0, start - 2), start)
        or VERSION_CUE.search(text, max(0, start - 16), start)
    )


def amounts_in(text: str) -> frozenset[tuple[str, str]]:
    """The amounts a text names, as anchors: each is as specific as a word (see the module's docstring)."""
    if _DIGIT.search(text) is None:
        return frozenset()
    return frozenset(
        ("amount", (m["pre"] or m["post"]).replace(",", "").removesuffix(".00")) for m in _AMOUNT.finditer(text)
    )


def _may_name_amount(text: str, tokens: Tokens) -> bool:
    """Whether a text has a currency sign or the start of a currency's name, as every amount the pattern reads
    does: most replies have none, and looking costs a fraction of the pattern."""
    return any(sign in text for sign in _CURRENCY_SIGNS) or any(name in tokens.lowered for name in _CURRENCY_NAMES)


def _shares(amounts: frozenset[tuple[str, str]], text: str) -> bool:
    """Whether a text names one of these amounts (read only if there are any)."""
    return bool(amounts) and not amounts.isdisjoint(amounts_in(text))


def _amounts(found: frozenset[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset(anchor for anchor in found if anchor[0] == "amount")


def _fixed(found: frozenset[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    """Anchors without days of the week: one of seven makes no fact specific beside its words, only beside a time
    (`_is_slot`)."""
    return frozenset(anchor for anchor in found if anchor[0] != "weekday")


def _is_slot(found: Iterable[tuple[str, str]]) -> bool:
    """Whether anchors hold a time of day and a day (of the month or of the week): when something happens."""
    kinds = {kind for kind, _ in found}
    return "hour" in kinds and not kinds.isdisjoint(("day", "weekday"))


def _may_name_time(text: str, words: Sequence[str]) -> bool:
    """Whether a text of these (canonical) words may name a time of day, as `_HOUR_HINT` says, at the cost of a
    look-up per word: most replies and private texts name none."""
    if not _TIME_WORDS.isdisjoint(words) or (":" in text and _CLOCK.search(text) is not None):
        return True
    return (not _TIME_WORDS_BESIDE.isdisjoint(words) or "m." in text) and _HOUR_HINT.search(text) is not None

def _may_name_day(text: str, words: Sequence[str]) -> bool:
    """Whether a text of these (canonical) words may name a day of the month or of the week (`_DAY_WORDS`)."""
    return not _DAY_WORDS.isdisjoint(words) or _NUMERIC_DATE.search(text) is not None


def _slot(text: str) -> frozenset[tuple[str, str]]:
    """The days and times a text names, if it names both."""
    found = anchors(text)
    return found if _is_slot(found) else frozenset()


def _sentences(text: str) -> Iterator[str]:
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        yield text[start : m.start()]
        start = m.end()
    yield text[start:]


class _Reply(NamedTuple):
    """What a fact is compared with besides a sentence's words: the reply's canonical words (`_who`), the parts of
    a German reply's compounds (`_compounds`), by word, and whether it is German (only then are compounds read)."""

    words: frozenset[str]
    parts: dict[str, frozenset[str]]
    german: bool


def _shared(stems: set[str], fact: _Fact, reply: _Reply) -> tuple[set[str], int, int]:
    """The sentence's words that are the fact's (or, in German, the last part of one of its compounds, or a compound
    whose last part is one of its words), how many of the fact's specific words they are, and how many specific
    words the fact has: without those that say who a person is whom the reply names (`_who`)."""
    naming = fact.naming(reply.words)
    whole = fact.unnamed(reply.words)
    shared = stems & fact.stems
    if fact.compounds is not None and reply.german:
        # Each word of the sentence with the fact's word it says: itself, the compound whose last part it is, or
        # the word its own compound ends with. What counts (a role word before a name, a word every reply says)
        # is the fact's word, not the one the reply typed ("Monteur" for "Obermonteur", "Supportticket" for
        # "Ticket").
        compounds = fact.compounds
        said = [(s, compounds.get(s, s)) for s in shared]
        said += [(part, compounds[part]) for part in stems & compounds.keys()]
        said += [(word, part) for word in stems & reply.parts.keys() for part in reply.parts[word] & fact.stems]
        if any(typed != word for typed, word in said):  # a compound was read (most sentences read none)
            words = {word for _, word in said} - naming  # the fact's words, each once
            return {typed for typed, word in said if word not in naming}, len(words - _SUPPORT_STEMS), whole
    shared -= naming
    return shared, len(shared - _SUPPORT_STEMS), whole


def _restates(
    stems: set[str], found: frozenset[tuple[str, str]], fact: _Fact, amounts: bool, reply: _Reply
) -> set[str] | None:
    """The fact's words the sentence shares, if it restates the fact (see the module's docstring); `amounts`:
    whether an amount counts as a word."""
    shared, specific, whole = _shared(stems, fact, reply)
    if amounts and fact.told and found:
        # An amount only private text names, said in public beside a word of its sentence that the post says
        # ("about $400 of freezer food" after a post about the freezer): the words count as the fact's again.
        told = stems & fact.told
        if told and _amounts(found & fact.anchors):
            with_told = specific + len(told) + 1
            if with_told >= _SHARE_OF_FACT * (whole + len(fact.told) + 1):
                return shared | told
    if specific >= _MIN_SPECIFIC:
        # Sharing a topic ("import", "rows", "file") is not restating a fact: most of what is specific in it
        # must be there too.
        return shared if specific >= _SHARE_OF_FACT * whole else None
    if not specific or not found:
        return None
    named = _fixed(found & fact.anchors)
    if not named:
        return None
    if amounts and _amounts(named):  # the amount is one more specific word, of the sentence and of the fact
        return shared if specific + 1 >= _SHARE_OF_FACT * (whole + 1) else None
    if specific >= _MIN_SPECIFIC_WITH_ANCHOR and specific >= _SHARE_OF_FACT * whole:
        return shared
    return None


def _continues(stems: set[str], fact: _Fact, reply: _Reply) -> set[str] | None:
    """The fact's words the sentence shares, if it goes on restating its text: two of its specific words."""
    shared, specific, whole = _shared(stems, fact, reply)
    if specific >= _MIN_SPECIFIC_WITH_ANCHOR and specific >= _SHARE_OF_FACT * whole:
        return shared
    return None


Source = tuple[str, str, tuple[str, ...]]  # a private text, its owner, and its canonical words
FactId = tuple[int, int, int]  # (source, 0 for a sentence or 1 for two in a row, sentence): in the order of the text


class ParaphraseMatcher:
    """Facts are built from every private text at once, or (`lazy`) from a text only when a reply shares
    two of its words that are not what every support reply says, or one and an amount the text names: every
    fact it could restate needs that much, and a fact's words and amounts are among its text's."""

    def __init__(
        self,
        sources: Sequence[Source],
        published: str = "",
        lazy: bool = False,
        names: Callable[[], frozenset[str]] = frozenset,
        amounts: bool = True,
        people: Callable[[], frozenset[str]] = frozenset,
    ) -> None:
        self._sources = sources
        self._amount_is_word = amounts  # whether an amount counts as a word (on a public channel)
        self._published = published
        self._names = names
        self._people = people
        self._people_words: frozenset[str] = frozenset()  # every name's words: read with the public post's
        self._public_fact: _Fact | None = None
        # Each pending source's specific stems, read the first time a text is compared with it.
        self._specific: dict[int, frozenset[str]] = {}
        self.facts: dict[FactId, _Fact] = {}
        self.index: dict[str, list[FactId]] = {}  # stem -> the facts that have it
        self._pending = list(range(len(sources)))  # sources whose facts are not built yet
        self._german: dict[int, bool] = {}  # each source's language, once read
        self._timed: dict[FactId, _Fact] = {}  # the sentences with a digit: they may say when something happens
        self._clocks: list[bool] | None = None  # whether each text may name a time of day (`_clocked`)
        self._message_days: dict[FactId, frozenset[tuple[str, str]]] = {}  # each message sentence's days (`_days`)
        self._dated: bool | None = None  # whether a message may name a day of the month (`_dated_messages`)
        if not lazy:
            self._add_relevant(None, frozenset)

    @classmethod
    def build(
        cls,
        sources: Sequence[Source],
        published: str = "",
        lazy: bool = False,
        names: Callable[[], frozenset[str]] = frozenset,
        amounts: bool = True,
        people: Callable[[], frozenset[str]] = frozenset,
    ) -> ParaphraseMatcher:
        """sources: (private text, owner, its words). The public post's words and anchors, and the words of
        people's `names()` (canonical), are taken out of every fact; `amounts`: whether an amount counts as one
        of a fact's words (see the module's docstring); `people()`: the canonical words of the other names found
        as a person, those private text gives (`_who`)."""
        return cls(sources, published, lazy, names, amounts, people)

    @property
    def _public(self) -> _Fact:
        """The public post's words, and people's names: a name is found as itself (a person finding), so a
        sentence that names whom a note escalated to ("that's our escalations desk, Florentina") restates no
        fact unless it shares other specific words with it. Read when the first fact is built: most texts
        compiled for one reply share too few words with any private text to build one."""
        if self._public_fact is None:
            public = _sentence_facts(self._published, "")
            named = self._names()
            self._people_words = named | self._people()
            stems = public.stems | {_stem_of(name) for name in named}
            self._public_fact = _Fact(stems, "", 0, (self._published,), None, False, public.stems)
        return self._public_fact

    def _add_relevant(
        self,
        stems: set[str] | None,
        amounts: Callable[[], frozenset[tuple[str, str]]],
        german: bool = False,
        slot: frozenset[tuple[str, str]] = frozenset(),
        days: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        """Build the facts of every pending source that shares enough with a text of these `stems` and
        `amounts()`, or a time and a day of its `slot`; a `german` text may share the parts of a German source's
        compounds."""
        left = []
        for i in self._pending:
            text, owner, words = self._sources[i]
            # A text whose lower case changes length is tokenized word by word (normalize.tokenize), which can
            # spell a word differently than in its sentence alone: always built.
            if stems is not None and len(text.lower()) == len(text):
                specific = self._specific.get(i)
                if specific is None:
                    specific = self._specific[i] = frozenset(_stems(words)) - _SUPPORT_STEMS - {""}
                shared = len(specific.intersection(stems))
                if german and shared < _MIN_SPECIFIC_WITH_ANCHOR and self._is_german(i):
                    # A compound's last part may be what the text shares.
                    shared += len(_compounds(specific).keys() & stems)
                if (
                    shared < _MIN_SPECIFIC_WITH_ANCHOR
                    and not _shares(amounts(), text)
                    and not (slot and self._clocked[i] and _is_slot(slot & anchors(text)))
                    and not (
                        days and owner != "internal" and _DIGIT.search(text) and not days.isdisjoint(_days_in(text))
                    )
                ):
                    left.append(i)
                    continue
            public = self._public
            people = self._people_words
            german = self._is_german(i)
            singles = [_sentence_facts(s, owner, public, people, german) for s in _sentences(text) if s.strip()]
            # Notes are written in fragments ("Refund issued 14 Nov. Waiting for customer to confirm."): two
            # sentences in a row are one fact too.
            pairs = [_joined(a, b) for a, b in zip(singles, singles[1:], strict=False)]
            least = 1 if self._amount_is_word else _MIN_SPECIFIC_WITH_ANCHOR  # one word and an amount
            self._timed.update(((i, 0, n), fact) for n, fact in enumerate(singles) if fact.digits)
            for kind, facts in ((0, singles), (1, pairs)):
                for n, fact in enumerate(facts):
                    if fact.specific >= _MIN_SPECIFIC_WITH_ANCHOR or (fact.specific >= least and fact.digits):
                        self.facts[i, kind, n] = fact
                        for word in itertools.chain(fact.stems - _SUPPORT_STEMS, fact.compounds or ()):
                            self.index.setdefault(word, []).append((i, kind, n))
        self._pending = left

    @property
    def _dated_messages(self) -> bool:
        """Whether a private message may name a day of the month: a reply's days restate none if none does."""
        if self._dated is None:
            self._dated = any(
                owner != "internal" and _may_name_day(text, words) for text, owner, words in self._sources
            )
        return self._dated

    @property
    def _clocked(self) -> list[bool]:
        """Whether each private text may name a time of day: a reply's day and time restate none if no text does."""
        if self._clocks is None:
            self._clocks = [_may_name_time(text, words) for text, _, words in self._sources]
        return self._clocks

    def _slots(self, text: str, slot: frozenset[tuple[str, str]]) -> Iterator[Hit]:
        """A reply's sentence that names a time of day and a day (of the month or of the week) of one sentence of
        private text says when what that text arranges happens ("Feb 12 between 8 and noon" for "technician
        scheduled for Feb 12, 8-12 window"), whatever its words: a visit's, a delivery's or a booking's slot."""
        timed = [(f, fact) for f, fact in self._timed.items() if _is_slot(fact.anchors & slot)]
        start = 0
        for end in [m.end() for m in _SENTENCE_BREAK.finditer(text)] + [len(text)] if timed else ():
            said = list(_dated(text, start, end))
            # A sentence that names a day of the month is matched by it, not by its day of the week: "Friday the
            # 21st" is another Friday than the note's "Fri 14 Feb".
            day = "day" if any(anchor[0] == "day" for anchor, _, _ in said) else "weekday"
            for f, fact in timed:
                common = fact.anchors.intersection(anchor for anchor, _, _ in said if anchor[0] in ("hour", day))
                if not _is_slot(common):
                    continue
                used = sorted({(s, e) for anchor, s, e in said if anchor in common})
                explained = "gives a day and time from {where}"
                yield _fact_hit(f, fact, used[0][0], max(e for _, e in used), explained, tuple(used))
            start = end

    def _days(self, text: str, days: frozenset[tuple[str, str]]) -> Iterator[Hit]:
        """Said in public, a day of the month that a sentence of a private message names, and the public post does
        not, says when what the customer told happens ("before the 2nd of April" for "My test is on the 2nd of
        April", "fine for the 28th" for "The wedding is on June 28"); not a day of another month ("the outage on 9
        September" for "you took the payment on the 9th"). A note's day is when we do something ("your visit is on the
        14th"), the outcome of the customer's own case: it needs a time (`_slots`) or words of the note."""
        if len(self._message_days) < len(self._timed):  # read once for each sentence built since
            for f, fact in self._timed.items():
                if f not in self._message_days:
                    self._message_days[f] = _days_in(fact.sentences[0]) if fact.owner != "internal" else frozenset()
        dated = [
            (f, self._timed[f])
            for f, said in self._message_days.items()
            if not days.isdisjoint(said) and not days.isdisjoint(self._timed[f].anchors)
        ]
        start = 0
        for end in [m.end() for m in _SENTENCE_BREAK.finditer(text)] + [len(text)] if dated else ():
            said = list(_month_days(text, start, end))
            for f, fact in dated:
                named = {(day, month) for part in fact.sentences for day, month, _, _ in _month_days(part)}
                used = sorted(
                    {
                        (s, e)
                        for day, month, s, e in said
                        if ("day", str(day)) in fact.anchors and (day, month) in named | {(d, None) for d, _ in named}
                    }
                )
                if not used:
                    continue
                yield _fact_hit(f, fact, used[0][0], max(e for _, e in used), "gives a day from {where}", tuple(used))
            start = end

    def _is_german(self, source: int) -> bool:
        german = self._german.get(source)
        if german is None:
            german = self._german[source] = _is_german(self._sources[source][2])
        return german

    def find(self, text: str, tokens: Tokens) -> Iterator[Hit]:
        if not self.index and not self._pending and not self._timed:
            return
        stems = _text_stems(tokens)
        # A German reply may say a word of private text as the last part of a compound ("Leihgerät" for "Gerät").
        german = _is_german(tokens.words)
        parts = _reply_compounds(stems) if german else {}
        read = set(stems).union(*parts.values())
        named: frozenset[tuple[str, str]] | None = None
        said: frozenset[tuple[str, str]] | None = None

        def amounts() -> frozenset[tuple[str, str]]:
            nonlocal said
            if said is None:
                said = amounts_in(text) if self._amount_is_word and _may_name_amount(text, tokens) else frozenset()
            return said

        # A day and a time of day (`_slots`): read if the reply and a private text may name a time.
        slot: frozenset[tuple[str, str]] = frozenset()
        if _may_name_time(text, tokens.words) and _may_name_day(text, tokens.words) and any(self._clocked):
            slot = _slot(text)
        # On a public channel, a day of the month only private text names (`_days`).
        days: frozenset[tuple[str, str]] = frozenset()
        if self._amount_is_word and _may_name_day(text, tokens.words) and self._dated_messages:
            days = _days_in(text)
        if self._pending:
            self._add_relevant(read, amounts, german, slot, days)
        if slot:
            yield from self._slots(text, slot)
        if days:
            yield from self._days(text, days)
        if not self.index:
            return
        index = self.index
        present = index.keys() & read
        if len(present) < _MIN_SPECIFIC_WITH_ANCHOR and not amounts():
            return  # every restatement shares two specific words with its fact, or an amount
        # Over the whole reply, which facts could a sentence restate (enough of their words are there)? Those
        # with fewer than three need a day or amount of theirs in the reply.
        viable = set()
        follow = set()  # sentences sharing two words with the reply: each may continue a restatement of its text
        reply_words = frozenset(tokens.words)
        for f, n in Counter(f for word in present for f in index[word]).items():
            fact = self.facts[f]
            least = fact.unnamed(reply_words)  # its specific words, without those that say who the reply names
            if f[1] == 0 and n >= _MIN_SPECIFIC_WITH_ANCHOR and n >= _SHARE_OF_FACT * least:
                follow.add(f)
            if n >= _MIN_SPECIFIC:
                if n >= _SHARE_OF_FACT * least:
                    viable.add(f)
                continue
            if not fact.digits or (n < _MIN_SPECIFIC_WITH_ANCHOR and not amounts()):
                continue  # a fact without a digit names no day or amount; one word needs an amount
            if named is None:
                named = _fixed(anchors(text))
            common = named & fact.anchors if named else named
            if not common:
                continue
            if self._amount_is_word and _amounts(common):
                if n + 1 >= _SHARE_OF_FACT * (least + 1):
                    viable.add(f)
            elif n >= _MIN_SPECIFIC_WITH_ANCHOR and n >= _SHARE_OF_FACT * least:
                viable.add(f)
        told = set()  # facts whose amount the reply names beside a word of theirs the public post says
        if amounts():
            reply = set(stems)
            told = {f for f, fact in self.facts.items() if fact.told & reply and _amounts(amounts() & fact.anchors)}
            viable |= told
        if not viable:
            return
        spans = tokens.spans
        breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text)]
        sentences: dict[int, list[int]] = {}
        wanted = frozenset().union(
            *(self.facts[f].stems for f in viable | follow), *(self.facts[f].told for f in told)
        )
        if german:  # the parts of the facts' compounds, and the reply's compounds that end with the facts' words
            wanted = wanted.union(*(self.facts[f].compounds or () for f in viable | follow))
            wanted = wanted.union(word for word, ends in parts.items() if not wanted.isdisjoint(ends))
        for i, s in enumerate(stems):
            if s in wanted:  # only the facts' words decide, and bound the span
                sentences.setdefault(bisect_right(breaks, spans[i][0]), []).append(i)
        restated: set[FactId] = set()  # what the sentence before restated
        compared: _Reply | None = None  # read when a sentence is first compared with a fact
        for k in sorted(sentences):
            members = sentences[k]
            before, restated = restated if k - 1 in sentences else set(), set()
            # A sentence that follows a restatement and shares two words with the next sentence of its text (or
            # the same one) goes on restating it ("... transposed two digits. He's requested a correction.").
            near = {(i, 0, m) for i, kind, n in before for m in range(n, n + kind + 2)} if before else set()
            near &= follow
            candidates = {f for i in members for f in index.get(stems[i], ()) if f in viable or f in near}
            if parts:
                for i in members:
                    for part in parts.get(stems[i], ()):
                        candidates.update(f for f in index.get(part, ()) if f in viable or f in near)
            candidates |= {f for f in told if any(stems[i] in self.facts[f].told for i in members)}
            if not candidates:
                continue
            words = {stems[i] for i in members}
            compared = compared or _Reply(reply_words, parts, german)
            start, end = breaks[k - 1] if k else 0, breaks[k] if k < len(breaks) else len(text)
            found = anchors(text[start:end]) if any(self.facts[f].anchors for f in candidates) else frozenset()
            # Every fact the sentence restates is reported, not only the first: one of them may be cut away by a
            # detail whose words it shares ("ending" of "card ending 4471"), or be the customer's own message,
            # which a private channel lets through while a note's decision is held.
            for f in sorted(candidates):
                fact = self.facts[f]
                shared = _restates(words, found, fact, self._amount_is_word, compared)
                if shared is None and f in near:
                    shared = _continues(words, fact, compared)
                if shared is None:
                    continue
                restated.add(f)
                used = [i for i in members if stems[i] in shared]
                first, last = spans[used[0]][0], spans[used[-1]][1]
                if f in told:  # the amount is what it restates: the span holds it
                    for m in _AMOUNT.finditer(text, start, end):
                        if _amounts(amounts_in(m[0])) & fact.anchors:
                            first, last = min(first, m.start()), max(last, m.end())
                kept = tuple(spans[i] for i in used if stems[i] not in _SUPPORT_STEMS)
                yield _fact_hit(f, fact, first, last, "restates a fact from {where} in other words", kept)
            if restated and k - 1 in sentences:
                begun = {(i, 0, m) for i, _, n in restated for m in (n - 1, n)} & follow
                yield from self._begun(sentences[k - 1], words, begun - before, stems, spans, compared)

    def _begun(
        self,
        members: list[int],
        after: set[str],
        facts: set[FactId],
        stems: list[str],
        spans: Sequence[tuple[int, int]],
        reply: _Reply,
    ) -> Iterator[Hit]:
        """The sentence before a restatement may have begun it ("Good news: the pressure sensor was the culprit.
        We've ordered a replacement valve from the supplier." for "Pressure sensor faulty on the boiler. Replacement
        valve ordered from the supplier."): it restates the same sentence of the text as the restatement, or the one
        before, with two words of it that the restatement does not say (the sentence `after` it says the rest), if
        the two sentences together say most of the fact's words."""
        said = {stems[i] for i in members}
        for f in sorted(facts):
            fact = self.facts[f]
            shared, _, whole = _shared(said, fact, reply)
            own = _shared(said - after, fact, reply)[1]
            if own < _MIN_SPECIFIC_WITH_ANCHOR or _shared(said | after, fact, reply)[1] < _SHARE_OF_FACT * whole:
                continue
            used = [i for i in members if stems[i] in shared]
            kept = tuple(spans[i] for i in used if stems[i] not in _SUPPORT_STEMS)
            first, last = spans[used[0]][0], spans[used[-1]][1]
            yield _fact_hit(f, fact, first, last, "restates a fact from {where} in other words", kept)


def _fact_hit(f: FactId, fact: _Fact, start: int, end: int, explained: str, spans: tuple[tuple[int, int], ...]) -> Hit:
    """A finding that the reply says one of private text's facts; `explained` names where it is from as {where}."""
    where = "an internal note" if fact.owner == "internal" else "the customer's private message"
    return Hit(start, end, "quote", fact.owner, "paraphrase:{}.{}.{}".format(*f), explained.format(where=where), spans)


# An instruction to staff that ends a note's sentence after a dash: "— do not mention to the customer yet".
_INSTRUCTION = re.compile(r"\s[—–-]+\s*(?:do\s+not|don'?t)\b[^—–]*$", re.I)


def _sentence_facts(
    sentence: str,
    owner: str,
    public: _Fact | None = None,
    people: frozenset[str] = frozenset(),
    german: bool = False,
) -> _Fact:
    # An address's parts ("priya", "home", "upper", "north") are not words of the fact: it is found as itself. Nor
    # are an instruction's to staff: how to handle the fact, which a reply that restates the fact does not say.
    tokens = tokenize(without_addresses(_INSTRUCTION.sub("", sentence)))
    text_stems = _text_stems(tokens)
    stems = frozenset(s for s in text_stems if s)
    who = () if people.isdisjoint(tokens.words) else _who(tokens, text_stems, people)
    told: frozenset[str] = frozenset()
    if public is not None:
        told = (stems & public.told) - _SUPPORT_STEMS
        stems = stems - public.stems
    digits = _DIGIT.search(sentence) is not None
    told = told if digits else frozenset()  # without a digit it names no amount
    compounds = _compounds(stems - _SUPPORT_STEMS) if german else None
    if compounds and public is not None:  # a part the public post says is no more private than its other words
        compounds = {part: word for part, word in compounds.items() if part not in public.stems}
    return _Fact(stems, owner, len(stems - _SUPPORT_STEMS), (sentence,), public, digits, told, who, compounds)


def _joined(a: _Fact, b: _Fact) -> _Fact:
    stems = a.stems | b.stems
    digits, told = a.digits or b.digits, a.told | b.told
    compounds = None
    if a.compounds is not None and b.compounds is not None:
        compounds = {part: word for part, word in (a.compounds | b.compounds).items() if part not in stems}
    return _Fact(stems, a.owner, len(stems - _SUPPORT_STEMS), (a, b), None, digits, told, a.who + b.who, compounds)


# A German word this long may be a compound, and a reply may say its last part alone ("Termin" for "Kundentermin",
# "Erhöhung" for "Abschlagserhöhung"): a part has five letters at least, and three come before it.
_COMPOUND = 8
_PART = 5


def _compounds(stems: frozenset[str]) -> dict[str, str]:
    """The endings of a German fact's long words that may be their last part, each with its word; an ending that is
    itself one of the fact's words stays that word."""
    return {
        word[k:]: word
        for word in stems
        if len(word) >= _COMPOUND
        for k in range(3, len(word) - _PART + 1)
        if word[k:] not in stems
    }


def _reply_compounds(stems: list[str]) -> dict[str, frozenset[str]]:
    """Each long word of a German reply with its endings that may be its last part (as `_compounds`)."""
    return {
        word: frozenset(word[k:] for k in range(3, len(word) - _PART + 1))
        for word in set(stems)
        if len(word) >= _COMPOUND
    }


def _is_german(words: Sequence[str]) -> bool:
    """Whether more of a text's (canonical) words are German function words than English ones."""
    return language_of(words) == "de"


Who = tuple[frozenset[str], frozenset[str]]  # a name's canonical words, and the stems that say who that person is
# At most this many words right before a name say who the person is ("hygiene review team (Ines Marchetti)").
_ROLE_REACH = 3
_NOT_ROLES = frozenset(("via", "per"))  # "approved a hire van via Ines Marchetti": what was done, then by whom


def _who(tokens: Tokens, stems: list[str], people: frozenset[str]) -> tuple[Who, ...]:
    """The people a sentence of private text names (words of `people`, every name found as a person), each with
    the words that say who they are: their name's, and the few words right before it with only a space (or the
    opening bracket) between, "site lead Lorcan Beattie", "Monteur Jan Weber", "claims desk (Ines Marchetti)", and
    those a comma sets after it (`_apposition`). A
    reply that names the person is found for the name; that it calls them what the note does ("their site lead
    Lorcan Beattie", "Ines on our claims desk") restates no fact of the note. Without the name, those words count
    as the fact's own, as before."""
    words = tokens.words
    found: list[Who] = []
    named = [i for i, word in enumerate(words) if word in people]
    for n, i in enumerate(named):
        if n and named[n - 1] == i - 1:
            continue  # inside a name already read
        end = i + 1
        while end < len(words) and words[end] in people:
            end += 1
        own = {stems[k] for k in range(i, end) if stems[k]}
        k = i - 1
        while k >= 0 and i - k <= _ROLE_REACH and stems[k] and words[k] not in _NOT_ROLES:
            spans, text = tokens.spans, tokens.text  # read only for a word right before a name
            gap = text[spans[k][1] : spans[k + 1][0]]
            if not (gap.isspace() or (k == i - 1 and gap.strip() == "(")):
                break
            own.add(stems[k])
            k -= 1
        own.update(_apposition(tokens, stems, end))
        found.append((frozenset(words[i:end]), frozenset(own)))
    return tuple(found)


# What a name's apposition may start after ("Marcus Elphick, practice manager", "Amira Haddad (ahaddad), Year 12
# specialist,") and end before: a comma, a sentence's or a bracket's end, or the text's.
_APPOSITION_OPEN = re.compile(r"\)?\s*,\s*")
_APPOSITION_CLOSE = re.compile(r"\s*(?:[,;.!?)]|—|–|$)")
_APPOSITION_WORDS = 5  # at most, of which `_ROLE_REACH` have a stem ("Year 12 Advanced specialist")
# The only words without a stem it may have besides numbers: a noun phrase's ("our billing lead", "head of claims"),
# not a clause's ("Called Priya Raman, she will refund it").
_APPOSITION_FILLER = frozenset(("a", "an", "the", "our", "their", "his", "her", "of", "for", "at", "in", "on"))


def _apposition(tokens: Tokens, stems: list[str], start: int) -> set[str]:
    """The stems of the few words a comma sets after a name, up to the next comma or the sentence's end: they say
    who the person is ("Complaint logged by Marcus Elphick, practice manager."), as the words before it do."""
    words, spans, text = tokens.words, tokens.spans, tokens.text
    if start >= len(words) or not _APPOSITION_OPEN.fullmatch(text, spans[start - 1][1], spans[start][0]):
        return set()
    end = start + 1
    while end < len(words) and end - start < _APPOSITION_WORDS and text[spans[end - 1][1] : spans[end][0]].isspace():
        end += 1
    if any(not stems[k] and words[k] not in _APPOSITION_FILLER and words[k].isalpha() for k in range(start, end)):
        return set()
    own = {stems[k] for k in range(start, end) if stems[k]}
    after = spans[end][0] if end < len(words) else len(text)
    if len(own) > _ROLE_REACH or not _APPOSITION_CLOSE.match(text, spans[end - 1][1], after):
        return set()
    return own
