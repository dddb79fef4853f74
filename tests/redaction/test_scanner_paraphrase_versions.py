"""A version ("5.1.2", "version 4.2") is no day of the month: a reply that names the release a note names, beside
two of the note's words, restates nothing, while a day the note names still makes those two words a restatement."""

import pytest

from redaction.scanner import paraphrase
from tests.redaction.findings import found

CTX = {
    "channel": "public",
    "public_post": "@Tallyhub your app keeps crashing, I can't get my books out.",
    "internal_notes": ["Known crash in the ledger exporter, fixed in 5.1.2 (mobile team)."],
}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("fixed in 5.1.2 (mobile team)", set()),
        ("firmware 1.10.0.2 is out", set()),
        ("version 4.2 is out", set()),
        ("build 10.3 is out", set()),
        ("we spoke on 20.10. about it", {"20", "10"}),
        ("we spoke on 20.10.2024 about it", {"20", "10"}),
        ("we spoke on 04.03.24 about it", {"4", "3"}),
        ("we spoke on 4/3 about it", {"4", "3"}),
    ],
)
def test_a_version_names_no_day(text, days) -> None:
    assert {value for kind, value in paraphrase.anchors(text) if kind == "day"} == days


def test_the_release_a_note_names_beside_two_of_its_words_restates_nothing() -> None:
    assert found("The ledger exporter fix (5.1.2) lands on Friday.", CTX) == []


def test_a_day_the_note_names_beside_two_of_its_words_still_restates_it() -> None:
    context = {**CTX, "internal_notes": ["Ledger exporter crashed on 12.03. for this customer (mobile team)."]}
    assert [kind for kind, _ in found("Sorry the ledger exporter failed on the 12th.", context)] == ["quote"]
