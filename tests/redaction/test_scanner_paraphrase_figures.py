"""An amount or a percentage from private text, said beside a word of its sentence, restates that sentence; the
same figure among words every reply uses, or another figure beside the word, does not."""

import pytest

from redaction.scanner import paraphrase, scan

CTX = {
    "channel": "public",
    "private_messages": ["The parking app took my money twice on Saturday, I only stayed an hour."],
    "internal_notes": [
        "Overcharge of $18.40 approved for reversal.",
        "Loyalty discount 15% agreed with retention.",
        "Gutschrift 12,50 € genehmigt.",
    ],
}


def restated(text: str, context: dict = CTX) -> list[tuple[str, str]]:
    return [(f.owner, text[f.start : f.end]) for f in scan(text, context) if f.kind == "quote"]


@pytest.mark.parametrize(
    "text",
    [
        "Good news: the $18.40 overcharge has been refunded to you.",
        "As a thank-you for staying with us you'll get 15 % off, a loyalty gesture.",
        "Als Entschuldigung erhalten Sie eine Gutschrift über 12,50 €.",
    ],
)
def test_a_figure_from_a_note_beside_one_of_its_words_restates_it(text) -> None:
    assert [owner for owner, _ in restated(text)] == ["internal"]


@pytest.mark.parametrize(
    "text",
    [
        "Your refund of $18.40 has been processed and should arrive soon.",  # the figure among support words
        "Good news: the $12.40 overcharge has been refunded to you.",  # the word beside another figure
        "Members get 10% off after a year, our loyalty scheme explains how.",
        "Sie erhalten eine Gutschrift, sobald die Rücksendung eingegangen ist.",  # the word without the figure
    ],
)
def test_a_figure_without_a_word_of_its_sentence_or_a_word_without_its_figure_is_not(text) -> None:
    assert restated(text) == []


def test_a_figure_the_customer_posted_publicly_is_not_private() -> None:
    public = {**CTX, "public_post": "You charged me $18.40 for nothing!"}
    assert restated("Good news: the $18.40 overcharge has been refunded to you.", public) == []


def test_figures_are_read_in_their_usual_forms() -> None:
    assert paraphrase.anchors("£42.50, 15 €, 25%, 30 per cent and $486.00") == {
        ("amount", "42.50"),
        ("amount", "15"),
        ("percent", "25"),
        ("percent", "30"),
        ("amount", "486"),
    }
    assert paraphrase.anchors("order 60218834, card 4471") == set()  # ids are found as themselves


def test_a_sentence_restating_a_customers_message_and_a_note_at_once_is_the_notes() -> None:
    context = {
        "channel": "private",
        "private_messages": ["Under the contract we are owed a 20% service credit for the outage."],
        "internal_notes": ["Service credit 20% approved by the duty manager."],
    }
    # On a private channel the customer's own words are theirs; the note's decision is not.
    assert [owner for owner, _ in restated("We have approved the 20% service credit for you.", context)] == [
        "internal"
    ]
    assert restated("You are owed a service credit under the contract for that outage.", context) == []
