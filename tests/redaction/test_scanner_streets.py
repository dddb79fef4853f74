"""The customer's street said without its number ("the van will come to Wellington Crescent"): it names where they
live as surely as the whole line. With the near misses: streets every town has, another street, a private text's."""

import pytest

from tests.redaction.findings import found

CTX = {
    "channel": "public",
    "region": "GB",
    "customer": {
        "name": "Odile Farrant",
        "handle": "odile_f",
        "addresses": ["Flat 2, 41 Wellington Crescent, Leeds LS6 2AP", "Körnerstraße 12, 04107 Leipzig"],
    },
    "private_messages": ["My mother's house is at 7 Tannery Lane, that is where I stay at weekends."],
}
HIGH_STREET = {**CTX, "customer": {"name": "Odile Farrant", "addresses": ["3 High Street, Ely CB7 4HF"]}}


@pytest.mark.parametrize(
    "text, value",
    [
        ("The van will come to Wellington Crescent on Monday.", "Wellington Crescent"),
        ("The van will come to Wellington Cres. on Monday.", "Wellington Cres"),
        ("Die Lieferung geht nicht mehr in die Körnerstraße.", "Körnerstraße"),
        ("Die Lieferung geht nicht mehr in die Körnerstr., sondern ins Büro.", "Körnerstr"),
    ],
)
def test_the_customers_street_without_its_number_is_their_address(text, value) -> None:
    assert found(text, CTX) == [("address", value)]


@pytest.mark.parametrize(
    "text, context",
    [
        ("Our shop on High Street is open until six.", HIGH_STREET),  # a street every town has
        ("The van will come to Wellington Road on Monday.", CTX),  # another street of the same name
        ("We have no depot near Tannery Lane.", CTX),  # a private text's street, said without its number
        ("The Duke of Wellington is on the poster.", CTX),  # the name without its street word
    ],
)
def test_streets_that_are_not_the_customers_stay_clean(text, context) -> None:
    assert found(text, context) == []


HOUSE = {
    "channel": "public",
    "region": "GB",
    "customer": {"name": "Odile Farrant", "handle": "odile_f"},
    "private_messages": [
        "My sister Hanne lives at No. 23 and can take the parcel.",
        "I was at number 3 in the queue for an hour yesterday.",
    ],
}


def test_a_house_private_text_names_by_its_number_is_an_address() -> None:
    text = "We can leave it with your sister at number 23."
    assert found(text, HOUSE, owner=True) == [("address", "contact", "at number 23")]


@pytest.mark.parametrize(
    "text",
    [
        "Sorry you were at number 3 in the queue for so long.",  # a place in a queue, not a house
        "We can leave it at number 25 instead.",  # another house
    ],
)
def test_numbers_that_are_no_house_of_private_text_stay_clean(text) -> None:
    assert found(text, HOUSE) == []
