"""A person German private text names after the work they do, written as one noun ("Obermonteur Lorcan Beattie",
"Schadenssachbearbeiterin Jana Krüger", "Kfz-Mechaniker Piet Vos", "Technikerin Mareike Holt"), is a person, as
the English "site lead Lorcan Beattie" is; German capitalizes every noun, so a noun phrase after such a word
("Leiter Marke Hailo", "Monteur Bereitschaft Nord") is not."""

import pytest

from redaction.scanner import names, scan


@pytest.mark.parametrize(
    "text, name",
    [
        ("Obermonteur Lorcan Beattie stellt das Gerüst am Donnerstag auf.", "Lorcan Beattie"),
        ("Unsere Schadenssachbearbeiterin Jana Krüger hat den Fall übernommen.", "Jana Krüger"),
        ("Der Kfz-Mechaniker Piet Vos hat angerufen.", "Piet Vos"),
        ("Die Technikerin Mareike Holt kommt am Montag.", "Mareike Holt"),
        ("Bauleiter Tomasz Wierzbicki gibt die Baustelle frei.", "Tomasz Wierzbicki"),
        ("Unser Gutachter Jonas Hartung prüft den Schaden.", "Jonas Hartung"),
    ],
)
def test_a_name_after_a_german_role_noun_is_a_person(text: str, name: str) -> None:
    assert names.named_in(text) == [(name, False)]


@pytest.mark.parametrize(
    "text",
    [
        "Die Leiter Marke Hailo steht im Keller.",
        "Der Monteur Bereitschaft Nord kommt morgen.",
        "Halbleiter Typ Infineon defekt, Platine getauscht.",
        "Der Fahrer Rechnung Dezember liegt bei.",
    ],
)
def test_a_german_noun_phrase_after_a_role_noun_is_nobody(text: str) -> None:
    assert names.named_in(text) == []


SCAFFOLD = {
    "channel": "public",
    "internal_notes": ["Gerüstbau: Firma Hochstand, Obermonteur Lorcan Beattie stellt das Gerüst am Donnerstag auf."],
}


def test_a_reply_naming_the_person_is_held_for_the_person_not_as_a_quote() -> None:
    text = "Der Obermonteur Lorcan Beattie stellt das Gerüst auf."
    found = [(text[f.start : f.end], f.kind, f.owner) for f in scan(text, SCAFFOLD)]
    assert found == [("Lorcan Beattie", "person", "internal")]


def test_the_person_is_found_by_their_name_alone() -> None:
    text = "Lorcan meldet sich bei Ihnen."
    assert [(text[f.start : f.end], f.kind) for f in scan(text, SCAFFOLD)] == [("Lorcan", "person")]


def test_a_noun_phrase_after_a_role_noun_is_no_person_in_a_reply() -> None:
    context = {"channel": "public", "internal_notes": ["Die Leiter Marke Hailo steht im Keller, Zugang über den Hof."]}
    text = "Wir bringen eine Leiter Marke Hailo mit."
    assert [f.kind for f in scan(text, context) if f.kind == "person"] == []


@pytest.mark.parametrize(
    "text, name",
    [
        ("Meine Technikerin Jana kommt am Montag.", "Jana"),
        ("Unser Techniker Jan kommt am Montag.", "Jan"),
        ("Jana, unsere Fahrerin, bringt das Paket.", "Jana"),
    ],
)
def test_a_first_name_after_mein_or_unser_and_a_role_is_a_person_a_womans_too(text: str, name: str) -> None:
    assert names.named_in(text) == [(name, False)]


def test_a_role_after_mein_without_a_name_names_nobody() -> None:
    assert names.named_in("Meine Technikerin kommt am Montag, der Fahrer am Dienstag.") == []
