"""Paraphrases on the German desks: a German reply restating a private fact is found, and one that shares only
the function words every German sentence has ("die", "wurde", "nicht", "bei") with it is not."""

import pytest

from redaction.scanner import scan

CTX = {
    "channel": "public",
    "customer": {"name": "Katharina Brenner", "handle": "kathi_b"},
    "private_messages": ["Die Lieferung wurde nicht an die Werkstatt gebracht, sondern bei einem Nachbarn abgegeben."],
}


def quotes(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, CTX) if f.kind == "quote"]


@pytest.mark.parametrize(
    "text",
    [
        "Das Paket wurde nicht an Ihre Werkstatt gebracht, sondern bei einem Nachbarn abgegeben.",
        "Die Lieferung ging nicht an die Werkstatt, sie wurde beim Nachbarn abgegeben.",
    ],
)
def test_a_german_restatement_is_found(text) -> None:
    assert quotes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Die Lieferung wurde leider nicht bei uns erfasst, wegen einem Fehler im System.",
        "Die Lieferung wurde nicht bei einem Paketshop hinterlegt, sondern ist noch im Lager.",
    ],
)
def test_a_german_reply_sharing_only_function_words_and_the_topic_is_not_a_restatement(text) -> None:
    assert quotes(text) == []


NOTE = {"channel": "public", "internal_notes": ["Defekter Wasserzähler im Keller, Austausch beauftragt."]}


def test_a_declined_word_is_the_same_word() -> None:
    # "defekter" in the note, "defekte" in the reply: one adjective, declined.
    text = "Der defekte Wasserzähler in Ihrem Keller wird nächste Woche ausgetauscht."
    assert [text[f.start : f.end] for f in scan(text, NOTE) if f.kind == "quote"]


def test_a_declined_word_of_the_topic_alone_is_not_a_restatement() -> None:
    text = "Ein defekter Zähler wird bei uns immer sofort getauscht."
    assert [f for f in scan(text, NOTE) if f.kind == "quote"] == []
