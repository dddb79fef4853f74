"""Which finding keeps a span where several overlap: a detail beats the quote around it, and the quote keeps what
is left of it only where a piece has a word of its own."""

from redaction.scanner import engine
from redaction.scanner.findings import Hit
from tests.redaction.findings import found

NOTE = "Customer's colleague Jayden Pike uses the second SIM on the account for the van, per the call."
CTX = {
    "channel": "public",
    "customer": {"name": "Bronwyn Kerr", "handle": "bronk_wa"},
    "contacts": [{"name": "Jayden Pike"}],
    "internal_notes": [NOTE],
}


def test_a_quote_around_a_name_keeps_its_pieces_with_words() -> None:
    text = "As noted, colleague Jayden Pike uses the second SIM on the account for the van, per the call."
    assert found(text, CTX) == [
        ("quote", "colleague"),
        ("person", "Jayden Pike"),
        ("quote", "uses the second SIM on the account for the van, per the call"),
    ]


def test_a_piece_without_a_word_of_its_own_is_left_to_the_details_that_took_the_rest() -> None:
    text = "the van SIM is Jayden Pike's: 0491 570 159 since May"
    name, phone = text.index("Jayden Pike"), text.index("0491")
    hits = [
        Hit(0, len(text), "quote", "customer", "q", "restates a fact"),
        Hit(name, name + len("Jayden Pike"), "person", "contact", "p", "a colleague"),
        Hit(phone, phone + len("0491 570 159"), "phone", "contact", "n", "a colleague's number"),
    ]
    assert [(f.kind, text[f.start : f.end]) for f in engine._resolve(text, hits)] == [
        ("quote", "the van SIM is"),
        ("person", "Jayden Pike"),
        ("phone", "0491 570 159"),
        ("quote", "since May"),
    ]  # not the "s" of "Pike's" between the two details
