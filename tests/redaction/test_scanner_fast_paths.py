"""Tokens are those of the plain word regex, call times near their edges are found, and contexts compile and
cache alike."""

import re
import sys
from collections import OrderedDict
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redaction.scanner import (
    CompiledContext,
    ScanContext,
    compile_context,
    dates,
    engine,
    normalize,
    scan,
)
from redaction.scanner.normalize import _ABBREVIATIONS, _WORD, canonical, fold, tokenize

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
    """The tokens of the lower-cased text: one Unicode-aware regex, then canonical forms."""
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


def test_the_table_of_canonical_words_stays_bounded_and_spells_words_as_canonical_does(monkeypatch) -> None:
    monkeypatch.setattr(normalize, "_CANONICAL", normalize.WordTable(normalize.canonical, size=4))
    text = "Flat 3, 12 Baker St. and Hauptstr 5 near José's café on Elm Rd"
    assert tokenize(text).words == reference_words(text)
    assert tokenize(text).words == reference_words(text)  # the second time from the table
    assert 0 < len(normalize._CANONICAL) <= 4


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


# Two calls on different days, so a day of one beside an hour of the other is tried too.
TWO_CALLS = {**CTX, "calls": [*CTX["calls"], {"at": "2024-03-05T10:00:00+00:00", "duration_s": 600}]}
NOON_CALL = {**CTX, "calls": [{"at": "2024-03-04T12:05:00+00:00", "duration_s": 300}]}


# One of each form _CALL_CUE takes, in several cases.
CUES = ["spoke", "Spoken", "SPEAKING", "talked", "called", "rang", "phoned", "call earlier", "Called yesterday",
        "call today", "call this", "our call", "your phone call", "the conversation", "last chat", "earlier call",
        "recent call", "that call", "previous chat", "Dana's call", "Dana’s conversation"]  # fmt: skip


@pytest.mark.parametrize("cue", CUES)
def test_every_call_cue_lets_a_lone_day_or_hour_be_found(cue: str) -> None:
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
    # So does a Mapping that is no dict, and a dict subclass: marshal writes builtin types only.
    for mapping in (MappingProxyType, OrderedDict):
        assert engine._raw_key(mapping({"a": 1})) == engine._raw_key(mapping({"a": 1})) != engine._raw_key({"a": 1})


def test_month_and_weekday_names_with_case_folded_letters_are_read_not_crashed_on() -> None:
    # re.IGNORECASE matches "ſ" (long s) to "s"; looking the matched name up as written raised KeyError,
    # and the gate held every such reply as a scanner failure (fixed in 1.1.1).
    sunday = {"calls": [{"at": "2024-03-03T15:00:00+00:00"}]}
    assert [f.kind for f in scan("when we spoke on ſunday at 3pm and on Monday", sunday)] == ["call_time"]
    september = {"calls": [{"at": "2024-09-04T10:00:00+00:00"}]}
    assert [f.kind for f in scan("Thanks for the call on 4 ſept at 10:00.", september)] == ["call_time"]
