"""A note's decision said as a noun in "-al" ("pending owner approval") is restated by its verb ("the owner will
approve"), and the other way round; the noun and one more of the note's words are the topic, not the note."""

import pytest

from redaction.scanner import paraphrase, scan

JOB = {
    "channel": "private",
    "internal_notes": ["Replacement pending owner approval, quote from the plumber attached."],
}


def restated(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, JOB) if f.kind == "quote"]


def test_a_decision_noun_said_as_its_verb_restates_the_note() -> None:
    assert restated("It's waiting on the owner to approve the plumber's figure.")


def test_the_noun_and_one_more_word_of_the_note_is_its_topic() -> None:
    assert restated("Any replacement needs your approval first.") == []


@pytest.mark.parametrize(
    ("noun", "verb"),
    [("approval", "approved"), ("refusal", "refused"), ("reversal", "reversed"), ("withdrawal", "withdraw")],
)
def test_a_decision_noun_and_its_verb_share_a_stem(noun, verb) -> None:
    assert paraphrase.stem(noun) == paraphrase.stem(verb)


def test_other_words_in_al_keep_their_stems() -> None:
    words = ("total", "personal", "legal", "signal")
    assert [paraphrase.stem(word) for word in words] == list(words)
