"""The letters of an id ("WTY-5520183") are no word of a restated fact: every id of its kind has them, and a private
id is found as itself."""

from redaction.scanner import scan

NOTE = {
    "channel": "private",
    "internal_notes": [
        "Warranty papers arrived late by courier and were scanned to the wrong contract (WTY-5520183)."
    ],
}


def quotes(text: str, context: dict = NOTE) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "quote"]


def test_another_id_of_the_same_kind_shares_no_word_with_the_note() -> None:
    assert quotes("Your warranty papers are on file under contract WTY-5520991.") == []


def test_the_note_s_fact_is_still_restated_beside_an_id() -> None:
    assert quotes("The papers came late by courier and went to the wrong contract, WTY-5520991.") == [
        "papers came late by courier and went to the wrong contract"
    ]
