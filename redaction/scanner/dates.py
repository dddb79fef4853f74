"""Mentions of the customer's logged calls, however the date and time are worded.

A date ("4 March", "Mar 4th", "the fourth of March", "04/03", "2024-03-04", "Tuesday", "the 4th", and with
the reply's "now": "yesterday", "last Tuesday", "this morning", "gestern", "letzten Dienstag") next to a time
("3:02pm", "15:02", "around 3pm", "at 3", "around two", "morning", "late on") is a leak when both fit a logged
call, read in the agents' timezone or in the call's own local time (the offset it was logged with). A date or a
time alone is only a leak beside a word that points at a call ("when we spoke", "our call"), so "by Friday" and
"9am-5pm" stay clean. Numeric dates are read both dd/mm and mm/dd.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date as calendar_date
from datetime import datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from .candidates import digit_runs, matches, occurrences
from .context import Call
from .findings import Hit

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "january", "januar"),
            ("feb", "february", "februar"),
            ("mar", "march", "märz", "marz", "maerz"),
            ("apr", "april"),
            ("may", "mai"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october", "okt", "oktober"),
            ("nov", "november"),
            ("dec", "december", "dez", "dezember"),
        ]
    )
    for name in names
}
_WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("mon", "monday", "montag"),
            ("tue", "tues", "tuesday", "dienstag"),
            ("wed", "wednesday", "mittwoch"),
            ("thu", "thur", "thurs", "thursday", "donnerstag"),
            ("fri", "friday", "freitag"),
            ("sat", "saturday", "samstag", "sonnabend"),
            ("sun", "sunday", "sonntag"),
        ]
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
# A reply's words are canonical, which drops the umlaut of "März": the lower case it is found in spells it so.
_LOWER_CASE = {"marz": ("marz", "märz")}
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"

_DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:{_ORD}|\.)(?:\s+of)?\s+(?P<mon>{_MONTH_RE})\b\.?(?:,?\s+(?P<y>\d{{4}}))?", re.I
)
_MONTH_DAY = re.compile(
    rf"\b(?P<mon>{_MONTH_RE})\b\.?\s+(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y>\d{{4}}))?", re.I
)
# A day of the month in words, beside its month ("the fourth of August", "August twenty-first", "am vierten
# Oktober"): as "4 August" is. English ordinals and German ones with their endings ("vierte", "vierten", "vierter").
_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORDINAL_WORDS = {
    **{word: i + 1 for i, word in enumerate(_UNITS)},
    **{
        word: i + 10
        for i, word in enumerate(
            "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
        )
    },
    "twentieth": 20,
    "thirtieth": 30,
    **{f"twenty{gap}{word}": 21 + i for i, word in enumerate(_UNITS) for gap in ("-", " ", "")},
    **{f"thirty{gap}first": 31 for gap in ("-", " ", "")},
}
_GERMAN_TENS_UNITS = "ein zwei drei vier fünf sechs sieben acht neun".split()  # "einundzwanzigsten"
_GERMAN_UNITS = "erst zweit dritt viert fünft sechst siebt acht neunt".split()
_GERMAN_ORDINALS = {
    **{word: i + 1 for i, word in enumerate(_GERMAN_UNITS)},
    **{
        word: i + 10
        for i, word in enumerate(
            "zehnt elft zwölft dreizehnt vierzehnt fünfzehnt sechzehnt siebzehnt achtzehnt neunzehnt".split()
        )
    },
    "zwanzigst": 20,
    "dreißigst": 30,
    **{f"{unit}undzwanzigst": 21 + i for i, unit in enumerate(_GERMAN_TENS_UNITS)},
    "einunddreißigst": 31,
}
_ORDINAL_RE = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
_GERMAN_ORDINAL_RE = "|".join(sorted(_GERMAN_ORDINALS, key=len, reverse=True))
_DAY_WORD = rf"(?:(?P<dw>{_ORDINAL_RE})|(?P<gw>{_GERMAN_ORDINAL_RE})(?:e[nr]?))"
_WORD_DAY_MONTH = re.compile(
    rf"\b{_DAY_WORD}(?:\s+of)?\s+(?P<mon>{_MONTH_RE})\b\.?(?:,?\s+(?P<y>\d{{4}}))?", re.I
)
_MONTH_WORD_DAY = re.compile(
    rf"\b(?P<mon>{_MONTH_RE})\b\.?\s+(?:the\s+)?{_DAY_WORD}\b(?:,?\s+(?P<y>\d{{4}}))?", re.I
)
# A word or separator before a date is checked in Python.
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})(?:[/.\-](?P<y>\d{4}|\d{2}))?(?:\.(?=\s))?(?![\w/]|[.:\-]\d)")
_ISO = re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?=\b|T)")
_WEEKDAY = re.compile(rf"\b(?P<wd>{_WEEKDAY_RE})\b\.?", re.I)
_ORDINAL_DAY = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)\b", re.I)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)

_TIME = re.compile(
    r"(?P<h>[01]?\d|2[0-3])(?:(?:[:.]|h(?=\d))(?P<m>[0-5]\d))?"
    r"(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?(?P<ish>\s*-?ish\b)?(?!\w|[.:]\d|:(?!\s|$))",
    re.I,
)
# Checked on the few characters before a time rather than as a regex prefix, which would make the
# time regex try every position of the reply.
_APPROX = re.compile(
    r"(?:\b(?:around|about|approx(?:\.|imately)?|roughly|circa|just\s+(?:after|before)|shortly\s+(?:after|before)"
    r"|a\s+(?:little|bit)\s+(?:after|before|past)|just\s+gone|not\s+long\s+(?:after|before)"
    r"|gegen|etwa|ungefähr|ca\.|kurz\s+(?:nach|vor))\s+"
    r"|~\s*)$",
    re.I,
)
# A half or quarter hour said in words: "half three", "half past 3" (3:30), "quarter to ten" (9:45), "quarter
# past 3" (3:15), and in German "halb sechs" (5:30), "Viertel nach drei" (3:15), "Viertel vor zehn" (9:45).
# Minutes past or to the hour likewise ("five past two", "ten to three", "zehn nach zwei"), with nothing after them
# that makes them a count ("five to ten minutes").
_HOUR_WORDS = {
    **{w: i + 1 for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split())},
    **{w: i + 1 for i, w in enumerate("eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split())},
}
_MINUTE_WORDS = {"five": 5, "ten": 10, "twenty": 20, "twenty-five": 25, "fünf": 5, "zehn": 10, "zwanzig": 20}
_HALF = re.compile(
    r"\b(?P<w>half(?:\s+past)?|halb|quarter\s+(?:past|after|to|before)|viertel\s+(?:nach|vor)"
    r"|(?P<min>" + "|".join(_MINUTE_WORDS) + r")\s+(?:past|after|to|before|nach|vor))"
    r"\s+(?P<h>1[0-2]|[1-9]|" + "|".join(_HOUR_WORDS) + r")\b(?![:.]\d)",
    re.I,
)
# An hour said as a word ("around two", "at three o'clock", "just after two", "um drei Uhr"): as loose as "around 3",
# and a time only after "around" or "at" (with nothing after it that makes it a count: "at two stores", "about two
# weeks") or before "o'clock".
_WORD_HOUR = re.compile(
    r"\b(?P<h>" + "|".join(_HOUR_WORDS) + r")\b(?P<clock>\s*(?:o['’]?clock|uhr)\b)?"
    r"(?:\s*(?P<ap>[ap])\.?m\b\.?)?(?:\s*-?ish\b)?",
    re.I,
)
# Each word's canonical spelling (the reply's words are canonical), and the word as the lower case spells it.
_HOUR_WORD_NAMES = {word.replace("ü", "u").replace("ö", "o"): word for word in _HOUR_WORDS}
# Minutes from the hour named: "halb sechs" and "quarter to six" count back from six.
_PAST_HOUR = {"half": 30, "halb": -30, "past": 15, "after": 15, "nach": 15, "to": -15, "before": -15, "vor": -15}
_NOON = re.compile(r"(?P<approx>\b(?:around|about)\s+)?\b(?:noon|midday)\b", re.I)
_CALL_CUE = re.compile(
    r"\b(?:spoke|spoken|speaking|talked|called|rang|phoned|call(?:ed)?\s+(?:earlier|yesterday|today|this)"
    r"|(?:on|over)\s+the\s+phone"
    r"|(?:our|your|the|last|earlier|recent|that|previous|\w+['’]s)\s+(?:phone\s+)?(?:call|conversation|chat)"
    r"|telefoniert|telefonat|gespräch|angerufen|am\s+telefon|besprochen)\b",
    re.I,
)
# A weekday or "the 4th" alone names a call only right beside a cue of a call that took place ("on the phone on
# Wednesday", "when we spoke on the 3rd", "when I rang you on Tuesday", "Tuesday's call", "am Mittwoch
# telefoniert"), in a sentence that plans nothing ("our call on Wednesday is booked", "I'll ring you on the phone on
# Friday"), and within the week (the month) before the reply.
_CUE_BEFORE_DAY = re.compile(
    r"\b(?:spoke|spoken|talked|called|rang|phoned|(?:on|over)\s+the\s+phone|(?:phone\s+)?(?:call|conversation|chat)"
    r"|telefonat|gespräch)\s+"
    # whom, or "in"/"back": "rang you Tuesday", "called in on Tuesday", "your call with us on Monday"
    r"(?:(?:to|with)\s+(?:you|us|me|him|her|them)\s+|(?:you|us|me|in|back)\s+(?:back\s+)?)?"
    r"(?:on\s+|am\s+|vom\s+)?(?:the\s+)?$",
    re.I,
)
_CUE_AFTER_DAY = re.compile(
    r"(?:['’]s\s+(?:phone\s+)?(?:call|conversation|chat)|\s+(?:telefoniert|angerufen|gesprochen))\b", re.I
)
_PLANNED = re.compile(
    r"\b(?:will|won['’]t|shall|going\s+to|next|upcoming|ahead|before|booked|scheduled|arrange\w*|tomorrow|can|could"
    r"|wird|werden|morgen|nächste\w*)\b|['’]ll\b",
    re.I,
)
_RECENT_DAYS = (1, 6)
_RECENT_MONTH = (1, 30)
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|until|till|through|and)\s*$", re.I)
_HOUR_NAMES = frozenset({"noon", "midday"})
# Parts of the day, in minutes after midnight; "early"/"late" before a date ("late on the 14th") too. A night
# begins with the evening: "Monday night", "last night" say so of a call at 7pm.
_PARTS = {
    "morning": (300, 720),
    "afternoon": (720, 1080),
    "evening": (1020, 1380),
    "night": (1080, 1440),
    "lunchtime": (690, 840),
    "late": (960, 1440),
    "early": (0, 600),
    "arvo": (720, 1080),
    "vormittag": (480, 720),
    "vormittags": (480, 720),
    "mittag": (690, 840),
    "mittags": (690, 840),
    "nachmittag": (720, 1080),
    "nachmittags": (720, 1080),
    "abend": (1020, 1380),
    "abends": (1020, 1380),
    "nachts": (1200, 1440),
}
# A German weekday and part of the day in one word ("Dienstagabend", "Montagmorgen"): the day and its time.
_DAY_PART_WINDOWS = {
    "morgen": (300, 720),
    "vormittag": (480, 720),
    "mittag": (690, 840),
    "nachmittag": (720, 1080),
    "abend": (1020, 1380),
    "nacht": (1200, 1440),
}
_GERMAN_WEEKDAYS = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag")
_WEEKDAY_PARTS = frozenset(
    day + part + ending for day in _GERMAN_WEEKDAYS for part in _DAY_PART_WINDOWS for ending in ("", "s")
)
_DAY_PART_RE = "|".join(sorted(_DAY_PART_WINDOWS, key=len, reverse=True))
_WEEKDAY_PART = re.compile(rf"\b(?P<wd>{'|'.join(_GERMAN_WEEKDAYS)})(?P<part>{_DAY_PART_RE})s?\b", re.I)
_PART = re.compile(
    r"\b(?:(?P<q>early|late|mid)[\s-]*)?(?P<part>morning|afternoon|evening|night|lunchtime|arvo|vormittags?"
    r"|mittags?|nachmittags?|abends?|nachts)\b"
    rf"|\b(?P<edge>early|late)\b(?=\s+(?:on\s+)?(?:the\s+\d|\d|(?:{_WEEKDAY_RE})\b|yesterday|today))",
    re.I,
)
# Dates said relative to the reply's "now": (first, last) days before it, and a weekday if one is named.
_RELATIVE = re.compile(
    rf"\b(?:(?P<dby>the\s+day\s+before\s+yesterday|vorgestern\b)|(?P<yday>yesterday|gestern\b)"
    rf"|(?P<today>today|tonight|heute\b)"
    rf"|(?P<this>this)(?=\s+(?:morning|afternoon|evening)\b)|(?P<lastn>last)(?=\s+night\b)"
    rf"|(?:last|this\s+past|letzte[nr]?|vergangene[nr]?)\s+(?P<wd>{_WEEKDAY_RE})\b\.?)",
    re.I,
)
_RELATIVE_DAYS = frozenset({"yesterday", "today", "tonight", "vorgestern", "gestern", "heute"})
# Days or weeks before the reply counted back ("three days ago", "2 days ago", "a couple of days ago", "a week ago",
# "vor drei Tagen"): (first, last) days back, a few being two to five. Read only where "ago", "Tagen" or "Woche(n)"
# is a word of the reply.
_AGO = re.compile(
    r"\b(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few)"
    r"\s+(?P<unit>days?|weeks?)\s+ago\b"
    r"|\bvor\s+(?P<vn>\d{1,2}|einem|einer|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|ein\s+paar|wenigen)"
    r"\s+(?P<vunit>tag(?:en)?|wochen?)\b",
    re.I,
)
_AGO_WORDS = frozenset({"ago", "tagen", "woche", "wochen"})
_COUNTS = {
    **{w: i + 1 for i, w in enumerate("one two three four five six seven eight nine ten".split())},
    **{w: i + 1 for i, w in enumerate("einem zwei drei vier fünf sechs sieben acht neun zehn".split())},
    "a": 1,
    "einer": 1,
}
# The words a pattern can start with (beside the month or weekday names it is run for): see _Starts.
_LEADS: dict[re.Pattern[str], tuple[str, ...]] = {
    _RELATIVE: (
        *("the", "yesterday", "today", "tonight", "this", "last"),
        *("vorgestern", "gestern", "heute", "letzte", "vergangene"),
    ),
    _NOON: ("around", "about", "noon", "midday"),
    _PART: (
        *("early", "late", "mid", "morning", "afternoon", "evening", "night", "lunchtime"),
        *("arvo", "vormittag", "mittag", "nachmittag", "abend", "nacht"),
    ),
    _HALF: ("half", "halb", "quarter", "viertel", *(word for word in _MINUTE_WORDS if "-" not in word)),
    _WORD_DAY_MONTH: tuple(
        {word.split()[0].split("-")[0][:5] for word in [*_ORDINAL_WORDS, *_GERMAN_ORDINALS]}
    ),
}
_HALVES = frozenset(word.replace("ü", "u") for word in _LEADS[_HALF])  # as the reply's canonical words spell them
_NAMES = frozenset(_MONTHS) | frozenset(_WEEKDAYS) | _HOUR_NAMES | _RELATIVE_DAYS | _HALVES | _WEEKDAY_PARTS
_NAMES = _NAMES | frozenset(_HOUR_WORD_NAMES) | _AGO_WORDS
NAMES, PARTS = _NAMES, _PARTS  # what needs.Needs reads: a reply with neither, nor a digit, fits no call
# "at 3" is a time only where nothing follows that makes the number a count ("at 3 stores"); before "o'clock" or
# "Uhr" it is one whatever follows (a German verb comes last: "um 17 Uhr besprochen").
_AT_BEFORE = re.compile(r"\b(?:at|um)\s+$", re.I)
_AT_HOUR_AFTER = re.compile(
    r"\s*(?:o['’]?clock|uhr)\b|(?:\s*$|\s*[,.;:!?)\-–—]|\s+(?:on|yesterday|today|this|last|when|that|in|with|and|or"
    r"|we|you|i|your|our|the)\b)",
    re.I,
)
_BREAK = re.compile(r"[!?;\n]|\.\s")
_PAIR_GAP = 24
_CUE_WINDOW = 60
_EXACT_TOLERANCE = timedelta(minutes=3)
_LOOSE_TOLERANCE = timedelta(minutes=35)


@dataclass(frozen=True, slots=True)
class _Date:
    start: int
    end: int
    month: int | None  # None: any month ("the 4th")
    day: int | None
    year: int | None
    weekday: int | None = None
    ago: tuple[int, int] | None = None  # days before the reply's "now": "yesterday" is (1, 1)

    def fits(self, when: datetime, today: calendar_date | None = None) -> bool:
        if self.ago is not None:
            if today is None:
                return False
            if not self.ago[0] <= (today - when.date()).days <= self.ago[1]:
                return False
        if self.weekday is not None:
            return when.weekday() == self.weekday
        return (
            (self.day is None or self.day == when.day)
            and (self.month is None or self.month == when.month)
            and (self.year is None or self.year == when.year)
        )


@dataclass(frozen=True, slots=True)
class _Time:
    start: int
    end: int
    minutes: tuple[int, ...]  # candidate minutes after midnight (3:02 without am/pm: 3:02 and 15:02)
    tolerance: timedelta
    window: tuple[int, int] | None = None  # a part of the day ("morning"): minutes after midnight
    needs_cue: bool = False  # "late"/"early" alone ("late on the 14th") is a time only beside a call cue

    def fits(self, start: datetime, end: datetime) -> bool:
        midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
        if self.window is not None:
            return _window_fits(self.window, start, end)
        for minute in self.minutes:
            said = midnight + timedelta(minutes=minute)
            if start - self.tolerance <= said <= end + self.tolerance:
                return True
        return False


def _window_fits(window: tuple[int, int], start: datetime, end: datetime) -> bool:
    """Whether a call from `start` to `end` overlaps a part of its day, in minutes after midnight."""
    midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(minutes=window[0]) <= end and start <= midnight + timedelta(minutes=window[1])


_D = TypeVar("_D", _Date, _Time)


class CallMatcher:
    """The logged calls a reply's dates and times are matched to, each read in its timezones only when a reply
    names a date, a time or a part of the day: most replies compiled for once name none."""

    def __init__(self, logged: tuple[Call, ...], tz: str) -> None:
        self.logged = logged
        self.tz = tz
        self._spans_and_parts: tuple[tuple[tuple[int, datetime, datetime], ...], frozenset[str]] | None = None

    @classmethod
    def build(cls, calls: tuple[Call, ...], tz: str) -> CallMatcher:
        return cls(calls, tz)

    def _read(self) -> tuple[tuple[tuple[int, datetime, datetime], ...], frozenset[str]]:
        """The calls' frames and parts of the day, read once. A compiled context is shared by the web process's
        threads: two reading at once compute equal values, and either is kept (no lock, unlike
        functools.cached_property on Python 3.11, whose one lock per property serves every instance)."""
        if self._spans_and_parts is None:
            zone = ZoneInfo(self.tz)
            spans = []
            parts: set[str] = set()
            for index, call in enumerate(self.logged):
                for local, end in _frames(call, zone):
                    spans.append((index, local, end))
                    first = local.hour * 60 + local.minute
                    last = first + (end - local).total_seconds() / 60
                    parts.update(part for part, (low, high) in _PARTS.items() if low <= last and first <= high)
            self._spans_and_parts = tuple(spans), frozenset(parts)
        return self._spans_and_parts

    @property
    def calls(self) -> tuple[tuple[int, datetime, datetime], ...]:
        """(call's index, start, end): each call in the agents' timezone and, when it was logged with another
        offset, in its own local time as well (the customer's "Friday at 14:05" is the call's wall clock)."""
        return self._read()[0]

    @property
    def parts(self) -> frozenset[str]:
        """The parts of the day ("morning", "late") that overlap a call: only those are read as times, so that
        another part of the day does not make a range of a call's time ("morning to 3pm")."""
        return self._read()[1]

    def find(
        self, text: str, words: tuple[str, ...], lowered: str | None = None, now: datetime | None = None
    ) -> Iterator[Hit]:
        """`words` are the reply's canonical tokens (and `lowered` its lower case, if the caller has
        it): month and weekday patterns only run when one of their names is among them, digit
        patterns only when there is a digit, and each only where it can start (_Starts).

        A hit needs a date or a time that fits a call: a date beside a time that fits the same call,
        or either alone beside a call cue.
        """
        if not self.logged:
            return
        names = _NAMES.intersection(words)
        parts = frozenset() if _PARTS.keys().isdisjoint(words) else self.parts.intersection(words)
        if now is None:
            names -= _RELATIVE_DAYS
        spans = digit_runs(text)
        has_digit = bool(spans)
        at: _Starts | None = None  # where each pattern can start; None: anywhere (run over the whole text)
        if plain_case(text):
            at = _Starts(text, text.lower() if lowered is None else lowered, spans)
        dates = _without_ranges(text, list(_dates(text, names, has_digit, now is not None, at)))
        times = _without_ranges(text, list(_times(text, names, has_digit, parts, at)))
        if not dates and not times:
            return
        calls = [(index, start, end, _today(now, start)) for index, start, end in self.calls]
        used_dates: set[int] = set()
        used_times: set[int] = set()
        for di, day_said in enumerate(dates):
            for ti, time in enumerate(times):
                if not _adjacent(text, day_said, time) or (time.needs_cue and not _cued(text, time)):
                    continue
                for index, start, end, today in calls:
                    if day_said.fits(start, today) and time.fits(start, end):
                        used_dates.add(di)
                        used_times.add(ti)
                        yield _hit(text, min(day_said.start, time.start), max(day_said.end, time.end), index)
                        break
        for di, day_said in enumerate(dates):
            if di in used_dates or not _cued(text, day_said):
                continue
            if day_said.ago is None and day_said.month is None and now is not None:
                # "on the phone on Wednesday": the last Wednesday; "when we spoke on the 3rd": the last 3rd
                if _beside_past_call(text, day_said):
                    day_said = replace(day_said, ago=_RECENT_DAYS if day_said.weekday is not None else _RECENT_MONTH)
            if day_said.ago is None and (day_said.weekday is not None or day_said.month is None):
                continue  # "Tuesday" or "the 4th" alone says too little; "last Tuesday" names one day
            for index, start, _end, today in calls:
                if day_said.fits(start, today):
                    yield _hit(text, day_said.start, day_said.end, index)
                    break
        for ti, time in enumerate(times):
            if ti in used_times or time.window is not None or not _cued(text, time):
                continue
            for index, start, end, _ in calls:
                if time.fits(start, end):
                    yield _hit(text, time.start, time.end, index)
                    break


class _Starts:
    """Where each date and time pattern can start in a plain-case reply (see candidates.matches), from its digit
    runs and the offsets of the words the patterns start with. Every such pattern starts with a word of
    `_LEADS` (found in the lower case, where plain case keeps the offsets), or at the first digit of a run: of
    one or two digits for a day or an hour (a longer run has no day or hour starting it), followed by one of
    "/.-" for a numeric date; of four digits and a hyphen for an ISO date. A match starting inside a run, or
    after a word character, is one the checks of _dates and _times skip."""

    __slots__ = ("iso", "lowered", "numeric", "short")

    def __init__(self, text: str, lowered: str, spans: tuple[tuple[int, int], ...]) -> None:
        self.lowered = lowered
        short = [(start, end) for start, end in spans if end - start <= 2]
        self.short = [start for start, _ in short]
        self.numeric = [start for start, end in short if end < len(text) and text[end] in "/.-"]
        self.iso = [start for start, end in spans if end - start == 4 and text[end : end + 1] == "-"]

    def words(self, pattern: re.Pattern[str], names: Iterable[str] = ()) -> list[int]:
        return occurrences(self.lowered, [*_LEADS.get(pattern, ()), *names])


_DAY = timedelta(days=1)


def _frames(call: Call, zone: ZoneInfo) -> Iterator[tuple[datetime, datetime]]:
    """The call's (start, end) in the agents' timezone, then in its own offset if that reads differently.
    A time too near the ends of the calendar to convert is no time a reply can name: it is left out."""
    seen = set()
    for convert in (lambda at: at.astimezone(zone), lambda at: at):
        try:
            local = convert(call.at)
            end = local + timedelta(seconds=call.duration_s)
            # Matching steps back to midnight and adds tolerances: keep a day's room at both ends of the calendar.
            _ = local - _DAY, end + _DAY
        except (OverflowError, ValueError):
            continue
        if local.replace(tzinfo=None) not in seen:
            seen.add(local.replace(tzinfo=None))
            yield local, end


def _today(now: datetime | None, start: datetime) -> calendar_date | None:
    """The reply's date in the timezone a call's start is read in (for "yesterday")."""
    if now is None:
        return None
    try:
        return now.astimezone(start.tzinfo).date()
    except (OverflowError, ValueError):
        return None


def _without_ranges(text: str, spans: list[_D]) -> list[_D]:
    """Drop both ends of "Monday to Friday", "9am-5pm", "between 2pm and 4pm": hours, not a call."""
    spans.sort(key=lambda span: span.start)
    in_range: set[int] = set()
    for i in range(len(spans) - 1):
        if _RANGE_GAP.match(text, spans[i].end, spans[i + 1].start) and spans[i + 1].start >= spans[i].end:
            in_range |= {i, i + 1}
    return [span for i, span in enumerate(spans) if i not in in_range]


def _hit(text: str, start: int, end: int, index: int) -> Hit:
    return Hit(start, end, "call_time", "customer", f"call:{index}", f'points at a logged call: "{text[start:end]}"')


def _adjacent(text: str, a: _Date | _Time, b: _Date | _Time) -> bool:
    first, second = (a, b) if a.start <= b.start else (b, a)
    if second.start < first.end:
        return False
    gap = text[first.end : second.start]
    return len(gap) <= _PAIR_GAP and not _BREAK.search(gap)


def _beside_past_call(text: str, day: _Date) -> bool:
    """Whether a weekday is said right beside a cue of a call that took place, in a sentence that plans nothing."""
    if not (
        _CUE_BEFORE_DAY.search(text, max(0, day.start - 40), day.start) or _CUE_AFTER_DAY.match(text, day.end)
    ):
        return False
    begin = max((m.end() for m in _BREAK.finditer(text, 0, day.start)), default=0)
    end = next((m.start() for m in _BREAK.finditer(text, day.end)), len(text))
    return not _PLANNED.search(text, begin, end)


def _cued(text: str, span: _Date | _Time) -> bool:
    return bool(_CALL_CUE.search(text, max(0, span.start - _CUE_WINDOW), min(len(text), span.end + 30)))


def _year(raw: str | None) -> int | None:
    if not raw:
        return None
    year = int(raw)
    return year + 2000 if year < 100 else year


# The only characters outside ASCII that re.IGNORECASE matches to an ASCII letter (İ ı to i, ſ to s,
# the Kelvin sign to k); İ is also the only character whose lower case is longer than itself.
# tests/redaction/test_scanner_fast_paths.py checks this against every code point.
CASE_EXOTIC = re.compile("[\u0130\u0131\u017f\u212a]")


_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _name(matched: str) -> str:
    """The month or weekday a case-insensitive match spells: "ſept" and "frıday" match too."""
    return matched.lower() if matched.isascii() else matched.translate(_TO_ASCII).lower()


def plain_case(text: str) -> bool:
    """Whether a case-insensitive regex of ASCII words matches `text` exactly where its lower case
    contains them (at the same offsets): true of ASCII, and of any text without CASE_EXOTIC."""
    return text.isascii() or CASE_EXOTIC.search(text) is None


def _dates(
    text: str, names: frozenset[str] | set[str], has_digit: bool, relative: bool = False, at: _Starts | None = None
) -> Iterator[_Date]:
    if relative:
        for m in matches(_RELATIVE, text, None if at is None else at.words(_RELATIVE)):
            if m["wd"]:
                yield _Date(m.start(), m.end(), None, None, None, _WEEKDAYS[_name(m["wd"])], ago=(1, 13))
            else:
                ago = 2 if m["dby"] else 1 if (m["yday"] or m["lastn"]) else 0
                yield _Date(m.start(), m.end(), None, None, None, ago=(ago, ago))
    if relative and not _AGO_WORDS.isdisjoint(names):
        for m in _AGO.finditer(text):
            yield _Date(m.start(), m.end(), None, None, None, ago=_days_back(m))
    months = names.intersection(_MONTHS)
    spelled = [spelling for month in months for spelling in _LOWER_CASE.get(month, (month,))]
    if has_digit and months:
        for m in matches(_DAY_MONTH, text, None if at is None else at.short):
            day = int(m["d"])
            if 1 <= day <= 31:
                yield _Date(m.start(), m.end(), _MONTHS[_name(m["mon"])], day, _year(m["y"]))
        for m in matches(_MONTH_DAY, text, None if at is None else at.words(_MONTH_DAY, spelled)):
            day = int(m["d"])
            if 1 <= day <= 31:
                yield _Date(m.start(), m.end(), _MONTHS[_name(m["mon"])], day, _year(m["y"]))
    if months:
        for pattern, month_names in ((_WORD_DAY_MONTH, ()), (_MONTH_WORD_DAY, spelled)):
            for m in matches(pattern, text, None if at is None else at.words(pattern, month_names)):
                if m["mon"].lower() == "may" and m["mon"] != "May":
                    continue  # "the first may need": the verb, not the month
                yield _Date(m.start(), m.end(), _MONTHS[_name(m["mon"])], _day_in_words(m), _year(m["y"]))
    weekdays = names.intersection(_WEEKDAYS)
    if weekdays:
        for m in matches(_WEEKDAY, text, None if at is None else at.words(_WEEKDAY, weekdays)):
            yield _Date(m.start(), m.end(), None, None, None, _WEEKDAYS[_name(m["wd"])])
    for m in _weekday_parts(text, names, at):
        yield _Date(m.start(), m.end("wd"), None, None, None, _WEEKDAYS[_name(m["wd"])])
    if not has_digit:
        return
    for m in matches(_NUMERIC, text, None if at is None else at.numeric):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "/.:-_"):
            continue
        a, b, year = int(m["a"]), int(m["b"]), _year(m["y"])
        if 1 <= a <= 31 and 1 <= b <= 12:
            yield _Date(m.start(), m.end(), b, a, year)  # dd/mm
        if 1 <= a <= 12 and 1 <= b <= 31 and a != b:
            yield _Date(m.start(), m.end(), a, b, year)  # mm/dd
    for m in matches(_ISO, text, None if at is None else at.iso):
        yield _Date(m.start(), m.end(), int(m["mo"]), int(m["d"]), int(m["y"]))
    for m in matches(_ORDINAL_DAY, text, None if at is None else at.short):
        if not _THE_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            continue
        yield _Date(m.start(), m.end(), None, int(m["d"]), None)


def _days_back(m: re.Match[str]) -> tuple[int, int]:
    """The (first, last) days before the reply that "three days ago" or "vor zwei Wochen" names."""
    said = " ".join(_name(m["n"] or m["vn"]).split())
    week = (m["unit"] or m["vunit"]).lower().startswith(("week", "woche"))
    if said.isdigit() or said in _COUNTS:
        n = int(said) if said.isdigit() else _COUNTS[said]
        return (7 * n - 1, 7 * n + 1) if week else (n, n)
    low, high = (2, 3) if "couple" in said else (2, 5)  # a couple, a few, ein paar, wenigen
    return (7 * low - 1, 7 * high + 1) if week else (low, high)


def _weekday_parts(
    text: str, names: frozenset[str] | set[str], at: _Starts | None
) -> Iterator[re.Match[str]]:
    """Each German weekday said with its part of the day in one word ("Dienstagabend")."""
    said = names.intersection(_WEEKDAY_PARTS)
    if said:
        yield from matches(_WEEKDAY_PART, text, None if at is None else at.words(_WEEKDAY_PART, said))


def _day_in_words(m: re.Match[str]) -> int:
    if m["dw"]:
        return _ORDINAL_WORDS[" ".join(_name(m["dw"]).split())]
    return _GERMAN_ORDINALS[_name(m["gw"])]


def _times(
    text: str,
    names: frozenset[str] | set[str],
    has_digit: bool,
    parts: frozenset[str] | set[str] = frozenset(),
    at: _Starts | None = None,
) -> Iterator[_Time]:
    if "noon" in names or "midday" in names:
        for m in matches(_NOON, text, None if at is None else at.words(_NOON)):
            yield _Time(m.start(), m.end(), (720,), _LOOSE_TOLERANCE)
    if not _HALVES.isdisjoint(names):
        for m in matches(_HALF, text, None if at is None else at.words(_HALF)):
            hour = int(m["h"]) if m["h"].isdigit() else _HOUR_WORDS[_name(m["h"])]
            words = m["w"].lower().split()
            past = _PAST_HOUR["half" if words[0] == "half" else words[-1]]
            if m["min"]:
                if not _AT_HOUR_AFTER.match(text, m.end()):
                    continue
                past = _MINUTE_WORDS[_name(m["min"])] * (1 if past > 0 else -1)
            approx = _APPROX.search(text, max(0, m.start() - 24), m.start())
            # Said in words, a time is as loose as "around 3" whether or not "around" is said.
            minutes = tuple((h * 60 + past) % 1440 for h in (hour % 12, hour % 12 + 12))
            yield _Time(approx.start() if approx else m.start(), m.end(), minutes, _LOOSE_TOLERANCE)
    hour_words = [_HOUR_WORD_NAMES[word] for word in names.intersection(_HOUR_WORD_NAMES)]
    if hour_words:
        for m in matches(_WORD_HOUR, text, None if at is None else at.words(_WORD_HOUR, hour_words)):
            approx = _APPROX.search(text, max(0, m.start() - 24), m.start())
            if not m["clock"] and not (
                (approx or _AT_BEFORE.search(text, max(0, m.start() - 6), m.start()))
                and _AT_HOUR_AFTER.match(text, m.end())
            ):
                continue
            hour = _HOUR_WORDS[_name(m["h"])] % 12
            halves = (12,) if m["ap"] and m["ap"].lower() == "p" else (0,) if m["ap"] else (0, 12)
            minutes = tuple((hour + half) * 60 for half in halves)
            yield _Time(approx.start() if approx else m.start(), m.end(), minutes, _LOOSE_TOLERANCE)
    for m in _weekday_parts(text, names, at):
        yield _Time(m.start("part"), m.end(), (), _LOOSE_TOLERANCE, _DAY_PART_WINDOWS[_name(m["part"])])
    if parts:
        for m in matches(_PART, text, None if at is None else at.words(_PART)):
            yield _Time(m.start(), m.end(), (), _LOOSE_TOLERANCE, _part_window(m), needs_cue=bool(m["edge"]))
    if not has_digit:
        return
    for m in matches(_TIME, text, None if at is None else at.short):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in ":."):
            continue
        approx = _APPROX.search(text, max(0, m.start() - 24), m.start())
        # A bare number is a time after "around" or "at", or said as "2-ish" with nothing after it that makes it a
        # count ("2-ish days").
        ish = m["ish"] is not None and _AT_HOUR_AFTER.match(text, m.end()) is not None
        if m["m"] is None and m["ap"] is None and approx is None and not ish and not _at_hour(text, m):
            continue
        hour, minute = int(m["h"]), int(m["m"] or 0)
        loose = m["m"] is None or approx is not None or m["ish"] is not None
        if m["ap"]:
            if hour == 0 or hour > 12:
                continue
            hours: tuple[int, ...] = (hour % 12 + (12 if m["ap"].lower() == "p" else 0),)
        elif hour < 12:
            hours = (hour, hour + 12)
        else:
            hours = (hour,)
        yield _Time(
            approx.start() if approx else m.start(),
            m.end(),
            tuple(h * 60 + minute for h in hours),
            _LOOSE_TOLERANCE if loose else _EXACT_TOLERANCE,
        )


def _at_hour(text: str, m: re.Match[str]) -> bool:
    """A bare hour after "at" ("yesterday at 3") with nothing after it that makes it a count."""
    return bool(_AT_BEFORE.search(text, max(0, m.start() - 6), m.start()) and _AT_HOUR_AFTER.match(text, m.end()))


def _part_window(m: re.Match[str]) -> tuple[int, int]:
    """Minutes after midnight a part of the day covers; "early"/"late" take its first or second half."""
    if m["edge"]:
        return _PARTS[m["edge"].lower()]
    low, high = _PARTS[m["part"].lower()]
    quarter = (high - low) // 2
    qualifier = (m["q"] or "").lower()
    if qualifier == "early":
        return low, low + quarter + 30
    if qualifier == "late":
        return high - quarter - 30, high
    return low, high
