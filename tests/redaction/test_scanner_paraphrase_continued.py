"""A sentence right after a restatement that shares two words with the next sentence of the same private text
goes on restating it; the same sentence alone, or after a sentence that restates nothing, does not. The sentence
right before one may begin it, with two words of its own."""

from redaction.scanner import scan

NOTE = {
    "channel": "public",
    "internal_notes": [
        "Pressure sensor faulty on the boiler. Replacement valve ordered from the supplier, fitting booked."
    ],
}


def quotes(text: str, context: dict = NOTE) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "quote"]


def test_the_next_sentence_of_a_restated_note_is_restated_with_two_of_its_words() -> None:
    text = "Our engineer found the pressure sensor on your boiler is faulty. He has ordered a replacement valve."
    assert quotes(text) == ["pressure sensor on your boiler is faulty", "ordered a replacement valve"]


def test_two_words_of_a_note_without_a_restatement_before_them_are_not_one() -> None:
    assert quotes("He has ordered a replacement valve.") == []
    assert quotes("Thanks for your patience today. He has ordered a replacement valve.") == []


def test_a_sentence_between_them_ends_the_restatement() -> None:
    text = (
        "Our engineer found the pressure sensor on your boiler is faulty. Thanks for bearing with us. "
        "He has ordered a replacement valve."
    )
    assert quotes(text) == ["pressure sensor on your boiler is faulty"]


def test_it_goes_on_only_with_the_same_text() -> None:
    context = {**NOTE, "private_messages": ["Valve leaked twice."]}
    text = "Our engineer found the pressure sensor on your boiler is faulty. The valve leaked before too."
    assert quotes(text, context) == ["pressure sensor on your boiler is faulty"]
    # After a restatement of that message, the same sentence goes on restating it.
    assert quotes("Your valve leaked twice, you said. The valve leaked before too.", context) == [
        "valve leaked twice",
        "valve leaked",
    ]


def test_the_sentence_before_a_restatement_begins_it_with_two_words_of_its_own() -> None:
    text = (
        "Good news: the pressure sensor turned out to be the culprit. "
        "We've ordered a replacement valve from the supplier and booked the fitting."
    )
    assert quotes(text) == ["pressure sensor", "ordered a replacement valve from the supplier and booked the fitting"]


def test_the_sentence_before_says_nothing_with_one_word_or_the_restatement_s_own() -> None:
    after = " We've ordered a replacement valve from the supplier and booked the fitting."
    restatement = ["ordered a replacement valve from the supplier and booked the fitting"]
    assert quotes("Thanks for checking the boiler." + after) == restatement
    assert quotes("We ordered the valve." + after) == restatement
