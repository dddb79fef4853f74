"""Detectors tried only where their patterns can start find what their patterns over the whole text find.

Each detector derives, from one pass over the reply's digit runs (and the offsets of a few words), where its
patterns can start (redaction/scanner/candidates.py). The reference scan runs every pattern over the whole
text (`candidates.WHOLE_TEXT`); both are compared here on generated text built from the pieces each
pattern starts with, the separators around them, and near misses.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from redaction.scanner import candidates, cards, compile_context, dates, emails, generic, phones, scan
from redaction.scanner.normalize import tokenize

PIECES = st.sampled_from(
    [
        *"0123456789 \t\n.,-/:+()@_xXaAbBfFmMpPhTéſıİ٣\u212a",
        "192.0.2.10", "10.2.0.1", "1.2.3.4.5", "v1.2.3.4", "fe80::1:2:3", "2001:db8::1", "ab:cd:ef::1", "12:30:45",
        "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "XX12", "AB1", "RSSMRA85T10A562S", "ABCDEF12",
        "536-90-4399", "628 97 7014", "AB 12 34 56 C", "12345678Z", "X1234567L", "4991 1866 5246", "123 456 782",
        "111222333", "123456782", "1 69 02 2A 341 732 64", "269029934173285", "AB123456C", "AB 123456 C", "2A",
        "123.456.789-09", "SSN ", "social insurance ", "bsn ", "SIN ",
        "+44 (0) 20 7946 0000", "(201) 523-6439", "+(44) 20 7946 0000", "0044 20 7946 0000", "555-0199", "+1",
        "4242 4242 4242 4242", "4111-1111-1111-1111", "5555555555554444", "ending 4444", "card 1234", "Visa ...4444",
        "a.b+c@d.example", "x@y.io", "@", "first_last@host", "-x@y.co", "é@x.com",
        "4 March", "Mar 4th", "the 4th", "04/03", "4.3.", "2024-03-04T10", "1999-12-31", "3:02pm", "15:02", "15h02",
        "around 3", "about noon", "midday", "3pm-ish", "at 3", "Monday", "mon.", "FRIDAY", "x_Monday", "sept",
        "early", "late on", "mid-morning", "midmorning", "tonight", "this morning", "last night", "last Tuesday",
        "yesterday", "the day before yesterday", "when we spoke", "our call",
        "half three", "half past 11", "halb sechs", "HALB zwölf", "gegen ", "9. Oktober", "Mittwoch", "arvo",
        "nachmittags", "um 17 Uhr", "besprochen", "fourth", "Twenty-First", "twenty first", " of ", "the ",
        "March", "vierten", "ersten", "achtzehnte", "May", "may", "gestern", "VORGESTERN", "heute", "letzten ",
        "vergangenen ", "um 7 Uhr", "at 3 o'clock", "quarter to ", "a quarter past", "Viertel vor ", "Dienstagabend",
        "montagmorgens", "Sonntagnachmittag",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=24).map("".join)

CONTEXT = {
    "tz": "Europe/London",
    "calls": [
        {"at": "2024-03-04T15:02:00+00:00", "duration_s": 300},
        {"at": "2024-03-01T12:05:00+01:00", "duration_s": 600},
        {"at": "2024-12-31T09:00:00+00:00", "duration_s": 60},
    ],
    "customer": {
        "name": "Dana Alvarez",
        "handle": "nightowl42",
        "emails": ["a.b+c@d.example"],
        "phones": ["+44 20 7946 0000"],
        "cards": ["4000 0000 0000 4444"],
        "ips": ["10.2.0.1"],
    },
    "company": {"domains": ["y.io"], "ips": ["192.0.2.10"]},
    "now": "2024-03-05T10:00:00+00:00",
}


@contextmanager
def whole_text() -> Iterator[None]:
    candidates.WHOLE_TEXT = True
    try:
        yield
    finally:
        candidates.WHOLE_TEXT = False


def _both(find: Callable[[], Any]) -> tuple[Any, Any]:
    tried_at_starts = find()
    with whole_text():
        return tried_at_starts, find()


@settings(max_examples=1500, deadline=None)
@given(TEXT)
def test_each_detector_finds_at_its_starts_what_its_patterns_find_over_the_whole_text(text: str) -> None:
    compiled = compile_context(CONTEXT)
    tokens = tokenize(text)
    now = compiled.context.now
    for name, find in [
        ("emails", lambda: list(emails.find(text, compiled.emails))),
        ("phones", lambda: list(phones.find(text, compiled.phones))),
        ("cards", lambda: list(cards.find(text, compiled.cards))),
        ("ips", lambda: list(generic.find_ips(text, compiled.ips))),
        ("ibans", lambda: list(generic.find_ibans(text))),
        ("gov_ids", lambda: list(generic.find_gov_ids(text))),
        ("calls", lambda: list(compiled.calls.find(text, tokens.words, tokens.lowered, now))),
        ("calls without now", lambda: list(compiled.calls.find(text, tokens.words, tokens.lowered))),
    ]:
        fast, reference = _both(find)
        assert fast == reference, name


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_the_scan_finds_what_the_reference_scan_finds(text: str) -> None:
    fast, reference = _both(lambda: scan(text, CONTEXT))
    assert fast == reference


@settings(max_examples=1000, deadline=None)
@given(TEXT)
def test_every_date_and_time_pattern_matches_at_its_starts_as_over_the_whole_text(text: str) -> None:
    if not dates.plain_case(text):
        return  # there the patterns run over the whole text
    at = dates._Starts(text, text.lower(), candidates.digit_runs(text))
    for pattern, starts in [
        (dates._DAY_MONTH, at.short),
        (dates._MONTH_DAY, at.words(dates._MONTH_DAY, dates._MONTHS)),
        (dates._WEEKDAY, at.words(dates._WEEKDAY, dates._WEEKDAYS)),
        (dates._ISO, at.iso),
        (dates._NOON, at.words(dates._NOON)),
        (dates._PART, at.words(dates._PART)),
        (dates._RELATIVE, at.words(dates._RELATIVE)),
        (dates._HALF, at.words(dates._HALF)),
        (dates._WORD_DAY_MONTH, at.words(dates._WORD_DAY_MONTH)),
        (dates._MONTH_WORD_DAY, at.words(dates._MONTH_WORD_DAY, dates._MONTHS)),
        (dates._WEEKDAY_PART, at.words(dates._WEEKDAY_PART, dates._WEEKDAY_PARTS)),
    ]:
        found = [m.span() for m in candidates.matches(pattern, text, starts)]
        assert found == [m.span() for m in pattern.finditer(text)], pattern.pattern


def test_matches_takes_the_leftmost_match_after_the_previous_one() -> None:
    pattern = candidates.re.compile(r"\d\d")
    # Offsets that are no match, and one inside a match already taken, are passed over.
    assert [m.group() for m in candidates.matches(pattern, "a123 45", [0, 1, 2, 5])] == ["12", "45"]
    assert candidates.occurrences("late, mid-late", ["late", "mid"]) == [0, 6, 10]


def test_digit_clusters_from_the_runs_are_the_cluster_pattern_s() -> None:
    for text in ["1 2 3 4 5 6", "12-34-56", "12345", "x 123 456 . 7 y 8--9", "1.2.3.4.5.6 and 999 999"]:
        fast, reference = _both(lambda text=text: [cluster[:2] for cluster in generic._clusters(text)])
        assert fast == reference, text


def test_a_leak_in_each_detector_is_still_found() -> None:
    reply = (
        "Mail a.b+c@d.example or call +44 20 7946 0000. Card 4000 0000 0000 4444 from 10.2.0.1, "
        "IBAN GB82 WEST 1234 5698 7654 32, SSN 536-90-4399. When we spoke on 4 March at 3:02pm."
    )
    assert [f.kind for f in scan(reply, CONTEXT)] == [
        "email", "phone", "card", "ip", "iban", "gov_id", "call_time",
    ]  # fmt: skip
