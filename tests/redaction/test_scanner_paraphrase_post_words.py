"""In public, an amount only private text names restates its sentence beside a word of that sentence, even one
the public post says too (the post says what happened, the private message how much)."""

from redaction.scanner import scan

POST = "@GreenGridPower the outage ruined everything in our chest freezer. Three days!"
LOSS = {
    "channel": "public",
    "public_post": POST,
    "private_messages": ["The power came back on Monday. The freezer was full, roughly $310 worth."],
}


def quotes(text: str, context: dict) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "quote"]


def test_a_private_amount_beside_a_word_the_post_says_is_held_in_public() -> None:
    assert quotes("We'll reimburse the $310 you lost from the freezer.", LOSS) == ["$310 you lost from the freezer"]


def test_the_amount_without_a_word_of_its_sentence_is_not() -> None:
    assert quotes("Claims up to $310 are settled within a week.", LOSS) == []


def test_told_to_the_customer_alone_it_is_their_own_case() -> None:
    assert quotes("We'll reimburse the $310 you lost from the freezer.", {**LOSS, "channel": "private"}) == []


def test_an_amount_the_post_names_itself_is_not_private() -> None:
    context = {**LOSS, "public_post": POST + " $310 of food gone."}
    assert quotes("We'll reimburse the $310 you lost from the freezer.", context) == []
