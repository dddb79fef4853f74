"""A card named as one in private text whatever its check digit, and a known card's last four after German cues.
With the near misses that must stay clean."""

import pytest

from tests.redaction.findings import found

CTX = {
    "channel": "private",
    "region": "DE",
    "customer": {"name": "Friedrich Lehmann", "handle": "flehmann_hh", "cards": ["6627"]},
    "private_messages": [
        "We paid on the 12th with Ana's card 5399 0112 4478 2231 by mistake.",
        "My loyalty card 6011 2233 4455 6671 has the points.",
    ],
}


@pytest.mark.parametrize(
    "text, value",
    [
        ("The payment with card 5399 0112 4478 2231 will be refunded.", "5399 0112 4478 2231"),
        ("Die Erstattung geht auf die Kreditkarte mit den Endziffern 6627.", "Endziffern 6627"),
        ("Ihre Karte 6627 wird nicht mehr belastet.", "Karte 6627"),
        ("Die Karte, die auf 6627 endet, ist gesperrt. Ihre Karte endet auf 6627.", "endet auf 6627"),
        # The German cues of the English classes ("ending 1234", "last four digits are", "card number ...1234"),
        # and the verb after the digits in a relative clause.
        ("Ihre Karte, die auf 6627 endet, ist gesperrt.", "auf 6627 endet"),
        ("Ihre Karte, die mit 6627 endet, ist gesperrt.", "mit 6627 endet"),
        ("Die Kreditkarte mit der Endung 6627 wurde belastet.", "Endung 6627"),
        ("Die Girokarte (Kartenendung 6627) ist gesperrt.", "Kartenendung 6627"),
        ("Karte mit den Endziffern 6627 gesperrt.", "Endziffern 6627"),
        ("Die letzten vier Ziffern lauten 6627.", "letzten vier Ziffern lauten 6627"),
        ("Ihre EC-Karte ...6627 ist gesperrt.", "EC-Karte ...6627"),
        ("Ihre Kreditkartennummer …6627 ist gesperrt.", "Kreditkartennummer …6627"),
    ],
)
def test_a_card_is_held_however_it_was_named(text, value) -> None:
    assert ("card", value) in found(text, CTX)


@pytest.mark.parametrize(
    "text",
    [
        "Your loyalty card 6011 2233 4455 6671 keeps its points.",  # not a payment card, and not Luhn-valid
        "Die Filiale in der Karlstraße hat bis 6627 Artikel auf Lager.",  # four digits without a card's cue
        "Ihre Karte ist seit 2024 aktiv.",  # a year after "Karte": not the card's digits
        # The card's four digits as something else: a branch, a postcode, a version, a year.
        "Die Filiale 6627 hat heute geschlossen.",
        "Bitte geben Sie die Postleitzahl 6627 an.",
        "Die App ist ab Version 6627 verfügbar.",
        "Das Angebot endet im Jahr 6627.",
        "Ihr Vertrag läuft bis Ende 6627.",
    ],
)
def test_near_misses_stay_clean(text) -> None:
    assert found(text, CTX) == []


def test_a_card_a_private_message_names_by_a_german_relative_clause_is_known_by_its_last_four() -> None:
    context = {**CTX, "private_messages": ["Abgebucht wurde von meiner Karte, die auf 4471 endet."]}
    text = "Wir erstatten den Betrag auf die Karte mit der Endung 4471."
    assert found(text, context) == [("card", "Endung 4471")]


@pytest.mark.parametrize(
    "text, value",
    [
        ("The card on file (6627) won't be charged till then.", "card on file (6627"),
        ("Your Visa (…6627) is the one we'll refund.", "Visa (…6627"),
        ("Your card (6627) is the one we'll refund.", "card (6627"),
    ],
)
def test_a_cards_last_four_in_brackets_after_its_name_is_held(text, value) -> None:
    assert ("card", value) in found(text, CTX)


@pytest.mark.parametrize(
    "text",
    [
        "Your order (6627) has shipped.",  # an order's number, not the card's
        "Store 6627 (card payments only) is open until six.",
    ],
)
def test_the_same_digits_in_brackets_after_another_word_are_no_card(text) -> None:
    assert [kind for kind, _ in found(text, CTX) if kind == "card"] == []
