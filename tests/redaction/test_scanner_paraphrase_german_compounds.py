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


# A compound read one for one (one word of the reply for one of the fact's) still counts as the fact's word: what
# the fact's word is (a word that says who a person is, a word every reply says) decides, not the reply's spelling.
CLAIM = {
    "channel": "public",
    "internal_notes": ["Die Sachbearbeiterin Jana Krüger prüft den Wasserschaden am Donnerstag."],
}


def test_the_part_of_a_role_word_before_a_name_says_who_the_person_is() -> None:
    # "Bearbeiterin" is "Sachbearbeiterin", the word before the name the reply names: with "prüft" and
    # "Wasserschaden" two of the note's three other words, not a restatement.
    text = "Unsere Bearbeiterin Jana Krüger prüft Ihren Wasserschaden."
    assert quotes(text, CLAIM) == []
    assert [text[f.start : f.end] for f in scan(text, CLAIM) if f.kind == "person"] == ["Jana Krüger"]


def test_a_compound_of_the_reply_ending_with_a_support_word_is_that_word() -> None:
    # "Supportticket" says the note's "Ticket", a word every support reply says: as the plain "Ticket" does, it
    # makes the fact no more specific.
    from redaction.scanner.paraphrase import _Reply, _reply_compounds, _sentence_facts, _shared, _stems

    fact = _sentence_facts("Ticket doppelt angelegt, Kundin informiert.", "internal", german=True)

    def counted(sentence: tuple[str, ...]) -> int:
        stems = [s for s in _stems(sentence) if s]
        reply = _Reply(frozenset(sentence), _reply_compounds(stems), True)
        return _shared(set(stems), fact, reply)[1]

    assert counted(("supportticket", "doppelt", "angelegt")) == counted(("ticket", "doppelt", "angelegt")) == 2
