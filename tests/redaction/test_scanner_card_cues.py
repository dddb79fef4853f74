"""A card named as one in private text whatever its check digit, and a known card's last four after German cues.
With the near misses that must stay clean."""

import pytest

from redaction.scanner import scan

CTX = {
    "channel": "private",
    "region": "DE",
    "customer": {"name": "Friedrich Lehmann", "handle": "flehmann_hh", "cards": ["6627"]},
    "private_messages": [
        "We paid on the 12th with Ana's card 5399 0112 4478 2231 by mistake.",
        "My loyalty card 6011 2233 4455 6671 has the points.",
    ],
}


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text, CTX)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("The payment with card 5399 0112 4478 2231 will be refunded.", "5399 0112 4478 2231"),
        ("Die Erstattung geht auf die Kreditkarte mit den Endziffern 6627.", "Endziffern 6627"),
        ("Ihre Karte 6627 wird nicht mehr belastet.", "Karte 6627"),
        ("Die Karte, die auf 6627 endet, ist gesperrt. Ihre Karte endet auf 6627.", "endet auf 6627"),
    ],
)
def test_a_card_is_held_however_it_was_named(text, value) -> None:
    assert ("card", value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Your loyalty card 6011 2233 4455 6671 keeps its points.",  # not a payment card, and not Luhn-valid
        "Die Filiale in der Karlstraße hat bis 6627 Artikel auf Lager.",  # four digits without a card's cue
        "Ihre Karte ist seit 2024 aktiv.",  # a year after "Karte": not the card's digits
    ],
)
def test_near_misses_stay_clean(text) -> None:
    assert found(text) == []
