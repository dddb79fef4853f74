"""A German reply may say a compound of private text by its last part ("Abrechnung" for
"Heizkostenabrechnung"): that part is the compound's word of the fact, counted once. English words are not
split: "board" is not a part of "motherboard"."""

from redaction.scanner import scan

METER = {
    "channel": "public",
    "internal_notes": ["Heizkostenabrechnung fehlerhaft, Zählertausch im Keller nicht erfasst."],
}


def quotes(text: str, context: dict) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "quote"]


def test_the_last_part_of_a_compound_is_its_word() -> None:
    text = "Ihre Abrechnung ist fehlerhaft, der Tausch im Keller wurde nicht erfasst."
    assert quotes(text, METER) == ["Abrechnung ist fehlerhaft, der Tausch im Keller wurde nicht erfasst"]


def test_the_compound_and_its_part_count_once() -> None:
    # "Heizkostenabrechnung" and "Abrechnung" are one word of the note: with "fehlerhaft" two of its four.
    text = "Die Heizkostenabrechnung und die Abrechnung für März sind fehlerhaft."
    assert quotes(text, METER) == []


def test_a_part_of_fewer_than_five_letters_is_not_read_as_one() -> None:
    # "Tür" would be a third word of the note's with "klemmt" and "Schreiner"; it is too short to be told apart.
    context = {"channel": "public", "internal_notes": ["Kellertür klemmt, Schreiner bestellt."]}
    assert quotes("Die Tür klemmt, der Schreiner kommt.", context) == []


def test_english_words_are_not_split() -> None:
    context = {"channel": "public", "internal_notes": ["Motherboard swapped under warranty."]}
    assert quotes("We swapped the board under your plan.", context) == []


def test_a_part_the_public_post_says_is_not_private() -> None:
    text = "Ihre Abrechnung ist fehlerhaft, der Keller wird geprüft."
    assert quotes(text, METER) == ["Abrechnung ist fehlerhaft, der Keller"]
    context = {**METER, "public_post": "@Stadtwerke Meine Abrechnung stimmt nicht!"}
    assert quotes(text, context) == []


# The other way round: the private text says the simple word, the reply a compound that ends with it.
VAN = {
    "channel": "public",
    "private_messages": ["Der Transporter steht seit Montag in der Werkstatt, die Kupplung ist defekt."],
}


def test_a_compound_of_the_reply_is_the_word_it_ends_with() -> None:
    text = "Ihr Transporter bekommt eine Ersatzkupplung, die alte war defekt."
    assert quotes(text, VAN) == ["Transporter bekommt eine Ersatzkupplung, die alte war defekt"]


def test_a_compound_that_only_begins_with_the_word_is_not_it() -> None:
    # "Kupplungsscheibe" begins with "Kupplung": a part of it, not a kind of it.
    text = "Ihr Transporter bekommt eine Kupplungsscheibe, die alte war defekt."
    assert quotes(text, VAN) == []
