"""A letter or title that tokenizing reads as an address word (an initial's "S" as "south", "Dr" as "drive",
"e.g." as "east") is no word of a restated fact, in the private text or in the reply; a month a text abbreviates
("Sept") is the month a reply writes out."""

from redaction.scanner import scan


def quotes(text: str, context: dict) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "quote"]


RECITAL = {
    "channel": "public",
    "private_messages": ["My daughter plays J. S. Bach at the community hall recital next month."],
}


def test_an_initial_is_not_a_word_shared_with_a_reply_that_says_south() -> None:
    # Two of the message's words and "south", which the initial "S." was read as: a sentence on the same topic.
    assert quotes("The community hall south entrance is step-free.", RECITAL) == []


def test_a_restatement_of_a_fact_with_an_initial_is_still_found() -> None:
    assert quotes("Good luck to your daughter with the recital at the community hall!", RECITAL)


CLINIC = {
    "channel": "public",
    "internal_notes": ["Dr Okafor signed the fitness form, e.g. for the swimming club."],
}


def test_a_doctor_and_an_example_are_not_words_of_a_fact() -> None:
    # "Dr" and "e.g." in both, read as "drive" and "east", with one word of the note: no restatement.
    assert quotes("Dr Hale can sign a form, e.g. a sick note.", CLINIC) == []


def test_the_fact_itself_is_still_found_beside_a_title() -> None:
    assert quotes("Dr Okafor has signed your fitness form for the swimming club.", CLINIC)


def test_a_plan_letter_and_a_street_word_written_out_still_count() -> None:
    # "Plan B" is no address word at all; "south" written out is a word of the fact like any other.
    context = {"channel": "public", "private_messages": ["Plan B: the south gate code changed to the new one."]}
    assert quotes("Plan B it is: the south gate code was changed.", context)


def test_a_piece_of_a_quote_with_only_filler_words_is_not_kept() -> None:
    # The verbatim run is cut by the address it repeats; "to" before it says nothing of its own.
    context = {
        "channel": "public",
        "private_messages": ["Please send the replacement to 102 Elm Avenue, Apt 4C, Boise, ID 83702 instead."],
    }
    text = "The replacement will go to 102 Elm Avenue, Apt 4C, Boise, ID 83702."
    assert "to" not in quotes(text, context)


# A month private text abbreviates is the month a reply writes out.
COMPLAINTS = {
    "channel": "public",
    "internal_notes": ["Previous complaint in Nov about the same driver being rude."],
    "private_messages": ["Moving house in Sept, the new flat has no lift."],
}


def test_a_month_private_text_abbreviates_is_the_month_written_out() -> None:
    assert quotes("I know you had trouble with this driver being rude in November too.", COMPLAINTS)
    assert quotes("Good luck with the move in September, we'll use the stairs as there's no lift.", COMPLAINTS)


def test_the_month_beside_one_word_of_the_text_restates_nothing() -> None:
    assert quotes("Sorry about the driver; our November rota is now online.", COMPLAINTS) == []
