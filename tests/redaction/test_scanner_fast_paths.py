"""The scanner's shortcuts find exactly what the plain way finds.

Each fast path (a regex rewritten to start with a character class, a regex tried only where a word
stands, a prefilter that skips a detector) is compared with the straightforward form it replaces,
on generated text built from the pieces that exercise it.
"""

import dataclasses
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redaction.scanner import (
    CompiledContext,
    ScanContext,
    cards,
    compile_context,
    dates,
    emails,
    engine,
    generic,
    phones,
    scan,
)
from redaction.scanner.normalize import _ABBREVIATIONS, _WORD, canonical, fold, tokenize
from redaction.scanner.regex import ascii_spaces, ascii_twin

# The patterns as first written: each rewrite in the scanner must match exactly what these match.
PLAIN = {
    (dates, "_DAY_MONTH"): re.compile(
        rf"\b(?P<d>\d{{1,2}}){dates._ORD}(?:\s+of)?\s+(?P<mon>{dates._MONTH_RE})\b\.?(?:,?\s+(?P<y>\d{{4}}))?", re.I
    ),
    (dates, "_NUMERIC"): re.compile(
        r"(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})(?:[/.\-](?P<y>\d{4}|\d{2}))?(?:\.(?=\s))?(?![\w/]|[.:\-]\d)"
    ),
    (dates, "_ISO"): re.compile(r"\b(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?=\b|T)"),
    (dates, "_ORDINAL_DAY"): re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)\b", re.I),
    (dates, "_TIME"): re.compile(
        r"(?P<h>[01]?\d|2[0-3])(?:(?:[:.]|h(?=\d))(?P<m>[0-5]\d))?"
        r"(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?(?P<ish>\s*-?ish\b)?(?![\w:]|[.:]\d)",
        re.I,
    ),
    (generic, "_IPV4"): re.compile(r"\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)"),
    (generic, "_IPV6"): re.compile(
        r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){2,7}:?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{1,4})*(?![\w:])"
    ),
    (generic, "_IBAN"): re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b"),
}
PLAIN_PHONE = re.compile(r"(?<![\w+.])(?:\+|\b)\(?\d[\d \t().\-/]{5,22}\d(?![\w]|[.,]\d)")
PLAIN_CARD = re.compile(r"(?<![\w.\-+])\d(?:[ \-]?\d){12,18}(?![\w]|[.\-]\d)")
PLAIN_EMAIL = re.compile(r"(?<![\w.+\-])[A-Za-z0-9][\w.+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}\b")

PIECES = st.sampled_from(
    [
        *"0123456789 \t\n.,-/:+()~_@xXaAmMpPhTé٣—ſıİ\u212a",
        "4 March", "Mar 4th", "the 4th", "bathe 12th", "04/03", "4.3.", "2024-03-04T10", "20.10.", "3:02pm",
        "15:02", "15h02", "around 3", "about noon", "just after 2", "approx. 4", "3pm-ish", "23:59", "2 3:00",
        "Monday", "mon.", "FRIDAY", "x_Monday", "ſunday", "frıday", "Tues", "sept", "SEPTEMBER", "May",
        "192.0.2.10", "10.2.0.1", "fe80::1:2:3", "2001:db8::1", "GB82 WEST 1234 5698 7654 32",
        "+44 (0) 20 7946 0000", "(201) 523-6439", "4242 4242 4242 4242", "a.b+c@d.example", "x@y.io",
    ]
)  # fmt: skip
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=20).map("".join)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_rewritten_regexes_match_exactly_what_the_plain_ones_match(text: str) -> None:
    for (module, name), plain in PLAIN.items():
        assert spans(getattr(module, name), text) == spans(plain, text), name
    assert spans(phones._CANDIDATE, text) == spans(PLAIN_PHONE, text)
    assert spans(cards.FULL, text) == spans(PLAIN_CARD, text)
    assert spans(emails.EMAIL, text) == spans(PLAIN_EMAIL, text)


# Each ASCII twin (see redaction/scanner/regex.py) and the pattern it stands in for on ASCII text.
TWINS = [
    (phones._CANDIDATE_ASCII, phones._CANDIDATE), (phones._SEVEN_DIGITS_ASCII, phones._SEVEN_DIGITS),
    (cards._FULL_ASCII, cards.FULL), (cards._FOUR_DIGITS_ASCII, cards._FOUR_DIGITS),
    (emails._EMAIL_ASCII, emails.EMAIL), (engine._DIGITS_4_ASCII, engine._DIGITS_4),
    (generic._IPV4_ASCII, generic._IPV4), (generic._IBAN_ASCII, generic._IBAN),
    (generic._DIGIT_CLUSTER_ASCII, generic._DIGIT_CLUSTER),
    (dates._DIGIT_RUN_ASCII, dates._DIGIT_RUN), (dates._ISO_ASCII, dates._ISO),
]  # fmt: skip
ASCII_TEXT = st.lists(
    st.one_of(
        PIECES.filter(str.isascii),
        st.sampled_from(["\x1c", "\x1f", "\x0b", "\x00", "_"]),
        st.text(st.characters(max_codepoint=127), max_size=4),
    ),
    max_size=20,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(ASCII_TEXT)
def test_ascii_twins_match_exactly_what_their_patterns_match_on_ascii_text(text: str) -> None:
    for twin, pattern in TWINS:
        assert twin.pattern == pattern.pattern and twin.flags & re.ASCII
        assert spans(twin, text) == spans(pattern, text), pattern.pattern


SPACE_TWINS = [(dates._DAY_MONTH_ASCII, dates._DAY_MONTH), (dates._NUMERIC_ASCII, dates._NUMERIC),
               (dates._TIME_ASCII, dates._TIME)]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(ASCII_TEXT)
def test_space_twins_match_what_their_patterns_match_where_ascii_spaces_says_so(text: str) -> None:
    assert ascii_spaces(text) == (text.isascii() and not re.search("[\x1c-\x1f]", text))
    for twin, pattern in SPACE_TWINS:
        assert twin.pattern == pattern.pattern and twin.flags & re.ASCII
        if ascii_spaces(text):
            assert spans(twin, text) == spans(pattern, text), pattern.pattern


def test_a_pattern_with_a_space_class_gets_no_ascii_twin() -> None:
    # Unicode \s also matches \x1c-\x1f, which are ASCII: the twin would differ on ASCII text.
    assert re.fullmatch(r"a\sb", "a\x1cb") and not re.fullmatch(r"a\sb", "a\x1cb", re.ASCII)
    with pytest.raises(ValueError):
        ascii_twin(re.compile(r"a\sb"))


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_names_ordinals_and_approximations_are_found_where_the_full_regex_finds_them(text: str) -> None:
    names = dates._NAMES.intersection(tokenize(text).words)
    for pattern, table in ((dates._MONTH_DAY, dates._MONTHS), (dates._WEEKDAY, dates._WEEKDAYS)):
        if names.intersection(table):  # the callers only ask when a name is among the tokens
            fast = [(m.span(), m.groups()) for m in dates._word_led(pattern, text, names.intersection(table))]
            assert fast == spans(pattern, text)
    def after_the(matches):
        return [m.span() for m in matches if dates._THE_BEFORE.search(text, max(0, m.start() - 6), m.start())]

    assert after_the(dates._ordinal_days(text)) == after_the(dates._ORDINAL_DAY.finditer(text))
    for m in dates._TIME.finditer(text):
        plain = dates._APPROX.search(text, max(0, m.start() - 24), m.start())
        fast = dates._approx(text, m.start())
        assert (plain and plain.span()) == (fast and fast.span())


def test_case_exotic_lists_every_character_that_case_folds_to_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.I)
    found = {
        chr(cp)
        for cp in range(0x80, sys.maxunicode + 1)
        if not 0xD800 <= cp <= 0xDFFF
        and (letter.match(chr(cp)) or len(chr(cp).lower()) != 1 or chr(cp).lower().isascii())
    }
    assert found == {"\u0130", "\u0131", "\u017f", "\u212a"}
    assert all(dates.CASE_EXOTIC.search(char) for char in found)


def reference_words(text: str) -> tuple[str, ...]:
    """The tokens as the scanner first computed them: one Unicode-aware regex, then canonical forms."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return tuple(canonical(word) for word in _WORD.findall(text))
    raw = [w if w.isascii() else fold(w) for w in _WORD.findall(lowered)]
    return tuple(_ABBREVIATIONS.get(w) or (w + "asse" if len(w) > 5 and w.endswith("str") else w) for w in raw)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(PIECES, st.sampled_from(["St", "rd.", "Hauptstr", "str", "ẞ", "ﬁ", "\xa0", "—", "’", "…", "\u212a"])), max_size=20).map("".join))  # noqa: E501
def test_tokens_and_spans_are_those_of_the_unicode_word_regex(text: str) -> None:
    tokens = tokenize(text)
    assert tokens.words == reference_words(text)
    assert list(tokens.spans) == [m.span() for m in _WORD.finditer(text)]


@pytest.mark.parametrize(
    "text",
    ["a \u212aelvin b", "Hauptſtr — 4", "Hauptstr. — 4", "x\u2014y…z", "‘Dana’ «Luis» • São Paulo", "İstanbul str"],
)
def test_tokens_and_spans_of_replies_with_few_non_ascii_characters(text: str) -> None:
    tokens = tokenize(text)
    assert tokens.words == reference_words(text)
    assert list(tokens.spans) == [m.span() for m in _WORD.finditer(text)]


def test_the_separators_that_keep_a_reply_on_the_ascii_path_are_no_word_characters() -> None:
    from redaction.scanner.normalize import _COMMON_NON_ASCII_SEPARATORS

    for char in _COMMON_NON_ASCII_SEPARATORS:
        assert not _WORD.match(char) and char.lower() == char and not char.isascii(), hex(ord(char))


CTX = {
    "tz": "Europe/London",
    "calls": [{"at": "2024-03-04T15:50:00+00:00", "duration_s": 300}],
    "customer": {"name": "Dana Alvarez", "handle": "nightowl42", "addresses": ["44 Maple Avenue, Austin TX 78701"]},
    "contacts": [{"name": "Luis Nguyen"}],
}


@pytest.mark.parametrize(
    "text",
    [
        "As we said when we spoke around 4pm, the fix is live.",  # the next hour, within the loose tolerance
        "Thanks for your time on Monday around 4.",
        "Our call on 4 March at 15:50 covered it.",
        "On 04/03 at 3:53pm we agreed a refund.",
    ],
)
def test_call_times_near_an_hour_boundary_are_still_found(text: str) -> None:
    assert [f.kind for f in scan(text, CTX)] == ["call_time"]


CALL_PIECES = st.sampled_from(
    ["4 March", "5 March", "Mon", "Monday", "Tue", "around 4pm", "15:50", "3:55 pm", "10:05", "noon",
     "when we spoke", "our call", "Dana's chat", "phoned", "rang", "the 4th", "04/03", "05/03", "2024-03-04",
     " ", " ", " ", "\n", ", ", " at ", " to ", "—", "ſ", "١٥", "1", "04", "5", "16", "23"]
)  # fmt: skip
# Two calls on different days, so a day of one beside an hour of the other is tried too.
TWO_CALLS = {**CTX, "calls": [*CTX["calls"], {"at": "2024-03-05T10:00:00+00:00", "duration_s": 600}]}
NOON_CALL = {**CTX, "calls": [{"at": "2024-03-04T12:05:00+00:00", "duration_s": 300}]}


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(
        st.lists(CALL_PIECES, max_size=5).map(" ".join),
        st.lists(st.one_of(CALL_PIECES, st.text(max_size=3)), max_size=14).map("".join),
    )
)
def test_the_call_prefilter_never_hides_a_call_time(text: str) -> None:
    every_run = frozenset(str(n) for n in range(10)) | frozenset(f"{n:02d}" for n in range(100))
    words = tokenize(text).words
    for context in (CTX, TWO_CALLS, NOON_CALL):
        matcher = compile_context(context).calls
        everything = dataclasses.replace(
            matcher, names=frozenset(dates._NAMES), day_runs=every_run, hour_runs=every_run
        )
        found = list(matcher.find(text, words))
        assert found == list(matcher.find(text, words, text.lower()))
        cue_words, dates._CUE_WORDS = dates._CUE_WORDS, ("",)  # every reply may hold a cue
        try:
            assert found == list(everything.find(text, words))
        finally:
            dates._CUE_WORDS = cue_words


# One of each form _CALL_CUE takes, in several cases.
CUES = ["spoke", "Spoken", "SPEAKING", "talked", "called", "rang", "phoned", "call earlier", "Called yesterday",
        "call today", "call this", "our call", "your phone call", "the conversation", "last chat", "earlier call",
        "recent call", "that call", "previous chat", "Dana's call", "Dana’s conversation"]  # fmt: skip


@pytest.mark.parametrize("cue", CUES)
def test_every_call_cue_lets_a_lone_day_or_hour_through_the_prefilter(cue: str) -> None:
    matcher = compile_context(TWO_CALLS).calls
    noon = compile_context(NOON_CALL).calls
    for found_by, text in [
        *((matcher, text) for text in (f"As {cue} on 5 March", f"{cue} at 3:52pm", f"{cue.upper()} around 10")),
        (noon, f"{cue} about noon"),
    ]:
        assert dates._CALL_CUE.search(text), text
        assert list(found_by.find(text, tokenize(text).words)), text


def test_a_call_day_or_hour_alone_is_found_beside_a_cue_and_not_without_one() -> None:
    # The calls are on 4 March near 15:50 and on 5 March at 10:00: a 5 is a day, never an hour of theirs.
    assert [f.kind for f in scan("Following up on our call at 3:52pm.", TWO_CALLS)] == ["call_time"]
    assert [f.kind for f in scan("Following up on the chat we had on 5 March.", TWO_CALLS)] == ["call_time"]
    assert scan("Following up at 3:52pm.", TWO_CALLS) == scan("Following up on 5 March.", TWO_CALLS) == []


ID_PIECES = st.sampled_from(
    ["536-22-1234", "536 22 1234", "SSN", "SIN", "BSN", "046 454 286", "111222333", "AB 12 34 56 C", "12345678Z",
     "12345678-Z", "X1234567L", "2345 6789 0124", "1 85 05 78 006 084 36", "2A 123 456 78", "1 85 05 2A",
     "390.533.447-05", "RSSMRA85T10A562S", "RSSMRA85T10A562S 123",
     " ", "-", ".", "A", "5", "12", "—"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(ID_PIECES, max_size=12).map("".join))
def test_id_shape_prefilters_never_hide_an_id(text: str) -> None:
    plain_ids = tuple(
        dataclasses.replace(gov, min_digits=0, needs="", exact_digits=False, beside=None)
        for gov in generic._GOV_IDS
    )
    fast = list(generic.find_gov_ids(text))
    original, generic._GOV_IDS = generic._GOV_IDS, plain_ids
    try:
        cue, generic._ANY_CUE = generic._ANY_CUE, re.compile("")
        slow = list(generic.find_gov_ids(text))
    finally:
        generic._GOV_IDS, generic._ANY_CUE = original, cue
    assert fast == slow


def test_scan_takes_a_compiled_context_and_finds_the_same() -> None:
    text = "Hi Luis, I spoke with Luis about 44 Maple Ave."
    compiled = compile_context(CTX)
    assert isinstance(compiled, CompiledContext)
    assert compile_context(compiled) is compiled
    assert scan(text, compiled) == scan(text, CTX) == scan(text, ScanContext.from_dict(CTX))
    assert {f.kind for f in scan(text, compiled)} == {"person", "address"}


def test_a_dict_is_found_by_its_contents_and_never_mistaken_for_another() -> None:
    engine.cache_clear()
    first = compile_context(CTX)
    size = engine.cache_size()
    fresh = {**CTX, "calls": [dict(CTX["calls"][0])]}  # equal values, new objects
    assert compile_context(fresh) is first and engine.cache_size() == size
    assert engine._raw_key({"a": 1}) != engine._raw_key({"a": True}) != engine._raw_key({"a": 1.0})
    assert engine._raw_key({"a": 1, "b": 2}) != engine._raw_key({"b": 2, "a": 1})  # key order counts, as in repr
    # Types marshal cannot write fall back to repr rather than failing.
    assert engine._raw_key({"a": object}) == engine._raw_key({"a": object})


def test_month_and_weekday_names_with_case_folded_letters_are_read_not_crashed_on() -> None:
    # re.IGNORECASE matches "ſ" (long s) to "s"; looking the matched name up as written raised KeyError,
    # and the gate held every such reply as a scanner failure (fixed in 1.1.1).
    sunday = {"calls": [{"at": "2024-03-03T15:00:00+00:00"}]}
    assert [f.kind for f in scan("when we spoke on ſunday at 3pm and on Monday", sunday)] == ["call_time"]
    september = {"calls": [{"at": "2024-09-04T10:00:00+00:00"}]}
    assert [f.kind for f in scan("Thanks for the call on 4 ſept at 10:00.", september)] == ["call_time"]


FISCAL_PIECES = st.sampled_from(
    ["RSSMRA85T10A562S", "rssmra85t10a562s", "MRTMTT91D08F205J", "RSSMRA85T10A562X", "85T10", "A", "x", "9", " ", "-"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FISCAL_PIECES, max_size=10).map("".join))
def test_fiscal_codes_found_from_their_middle_are_all_of_them(text: str) -> None:
    fast = [h for h in generic.find_gov_ids(text) if h.explanation == "an Italian fiscal code"]
    plain = [
        (m.start(), m.end()) for m in generic._FISCAL_CODE.finditer(text)
        if generic.codicefiscale.is_valid(m.group().upper())
    ]
    assert [(h.start, h.end) for h in fast] == plain
