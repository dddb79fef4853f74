"""An amount from private text, said in public beside a word of its sentence, restates that sentence; the same
amount among words every reply uses, another amount beside the word, a percentage, or the amount told to the
customer alone, does not. A sentence restating a message and a note at once reports both."""

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
        "Als Entschuldigung erhalten Sie eine Gutschrift über 12,50 €.",
    ],
)
def test_an_amount_from_a_note_beside_one_of_its_words_restates_it_in_public(text) -> None:
    assert [owner for owner, _ in restated(text)] == ["internal"]


@pytest.mark.parametrize(
    "text",
    [
        "Your refund of $18.40 has been processed and should arrive soon.",  # the amount among support words
        "Good news: the $12.40 overcharge has been refunded to you.",  # the word beside another amount
        "Sie erhalten eine Gutschrift, sobald die Rücksendung eingegangen ist.",  # the word without the amount
        "As a thank-you for staying with us you'll get 15% off, a loyalty gesture.",  # what offers say
    ],
)
def test_an_amount_without_a_word_of_its_sentence_a_word_without_it_or_a_percentage_is_not(text) -> None:
    assert restated(text) == []


def test_told_to_the_customer_alone_an_amount_beside_one_word_is_their_own_outcome() -> None:
    private = {**CTX, "channel": "private"}
    assert restated("Good news: the $18.40 overcharge has been refunded to you.", private) == []
    # A note restated beyond its amount is held on any channel.
    assert restated("The $18.40 overcharge was approved for reversal this morning.", private)


def test_an_amount_the_customer_posted_publicly_is_not_private() -> None:
    public = {**CTX, "public_post": "You charged me $18.40 for nothing!"}
    assert restated("Good news: the $18.40 overcharge has been refunded to you.", public) == []


def test_amounts_are_read_in_their_usual_forms() -> None:
    assert paraphrase.anchors("£42.50, 15 €, 12,50 € and $486.00, 25%") == {
        ("amount", "42.50"),
        ("amount", "15"),
        ("amount", "1250"),
        ("amount", "486"),
    }
    assert paraphrase.anchors("order 60218834, card 4471") == set()  # ids are found as themselves


def test_a_sentence_restating_a_customers_message_and_a_note_reports_the_note_on_a_private_channel() -> None:
    context = {
        "channel": "private",
        "private_messages": ["The technician never turned up for the boiler repair on Monday."],
        "internal_notes": ["Technician missed boiler repair slot, rebooked with priority."],
    }
    # Both restate the same sentence; the customer's own words go through, the note's are held.
    found = restated("The technician missed your boiler repair, so we rebooked it with priority.", context)
    assert [owner for owner, _ in found] == ["internal"]
    assert restated("Sorry the technician never turned up on Monday.", context) == []  # the message's alone
