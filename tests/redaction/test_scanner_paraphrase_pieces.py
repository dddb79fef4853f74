"""What is left of a paraphrase beside another finding is a restatement only if it holds two of the words that
made the whole one; and the "s" of a possessive is no word of a fact."""

from redaction.scanner import scan

STAFF = [{"name": "Priya Raman", "username": "praman", "email": "priya.raman@example.com"}]
NOTE = {
    "channel": "public",
    "staff": STAFF,
    "internal_notes": ["Compensation review opened, Priya Raman in legal will handle it."],
}


def quotes(text: str, context: dict) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "quote"]


def test_a_piece_with_one_word_of_the_fact_beside_a_name_is_not_kept() -> None:
    text = "A compensation review is open and Priya Raman will handle it."
    assert quotes(text, NOTE) == ["compensation review is open and"]  # not "will handle"


def test_a_piece_with_two_words_of_the_fact_beside_a_name_is_kept() -> None:
    text = "A compensation review is open, Priya Raman in legal will handle it."
    assert quotes(text, NOTE) == ["compensation review is open", "in legal will handle"]


SYNC = {"channel": "public", "private_messages": ["Gina's laptop stopped syncing after the update."]}


def test_a_possessive_is_not_a_word_shared_with_every_reply_that_has_one() -> None:
    # The same topic, two of the fact's words and a possessive of its own: not a restatement.
    assert quotes("Once the laptop's battery is charged, syncing will run again.", SYNC) == []


def test_a_restatement_with_a_possessive_is_still_found() -> None:
    assert quotes("So Gina's laptop stopped syncing once it had updated.", SYNC)


REPAIR = {
    "channel": "private",
    "staff": [{"name": "Fintan Akande", "username": "fakande", "email": "fintan.akande@example.com"}],
    "internal_notes": ["Repair at Quinn's Bodyshop, Shannon, est €2,140; hire car authorised 7 days by Fintan Akande."],
}


def test_a_piece_keeps_the_words_of_every_fact_its_sentence_restates() -> None:
    # The sentence restates the note's first part and both parts together, the two hits spanning the same words: the
    # piece before the colleague's name holds the first part's words, whichever hit was kept for the span.
    text = "Your car is booked into Quinn's Bodyshop in Shannon, and Fintan has authorised a hire car for 7 days."
    found = quotes(text, REPAIR)
    assert any("Bodyshop in Shannon" in piece for piece in found)
    assert any("authorised a hire car" in piece for piece in found)


def test_a_piece_beside_a_name_with_one_word_of_either_fact_is_still_dropped() -> None:
    text = "Your car is booked in, and Fintan has authorised a hire car for 7 days."
    assert quotes(text, REPAIR) == ["has authorised a hire car for 7 days"]
