"""A German date's dots end no sentence ("am 28. Februar", "am 30.09. fotografiert"), and "28. Februar" names the
28th: a reply that restates a note around such a date is read as one sentence, as the note is."""

import pytest

from redaction.scanner import paraphrase, scan

LETTER = {
    "channel": "public",
    "internal_notes": ["Kündigung per Einschreiben am 28. Februar eingegangen, im Studio nicht erfasst."],
}


def restated(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, LETTER) if f.kind == "quote"]


def test_a_restatement_around_a_german_date_is_one_sentence() -> None:
    text = "Ihr Einschreiben vom 28. Februar ist bei uns eingegangen."
    assert restated(text) == ["Einschreiben vom 28. Februar ist bei uns eingegangen"]


@pytest.mark.parametrize(
    "text",
    [
        "Ab dem 28. Februar gilt der neue Tarif.",  # the day and the month, no word of the note
        "Kündigungen bearbeiten wir innerhalb von 14 Tagen.",  # one word of the note
    ],
)
def test_the_date_or_a_word_alone_restates_nothing(text) -> None:
    assert restated(text) == []


def test_german_dates_are_days_and_no_sentence_ends_inside_them() -> None:
    text = "Am 2. März kam der Brief. Die Zählerstände wurden am 30.09. fotografiert. Am 3. Mai nicht."
    assert [s.strip() for s in paraphrase._sentences(text) if s.strip()] == [
        "Am 2. März kam der Brief",
        "Die Zählerstände wurden am 30.09. fotografiert",
        "Am 3. Mai nicht",
    ]
    assert {value for kind, value in paraphrase.anchors(text) if kind == "day"} == {"2", "30", "9", "3"}
    # An English list's numbers still end their sentences.
    steps = paraphrase._sentences("Step 1. Open the app.")
    assert [s.strip() for s in steps if s.strip()] == ["Step 1", "Open the app"]
