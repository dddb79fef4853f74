"""A name that opens the reply, set off by a comma, speaks to the reader: the customer's real first name there is
theirs even when it is also an ordinary word or a place. With the near misses that must stay clean."""

import pytest

from tests.redaction.findings import found

CTX = {
    "channel": "public",
    "customer": {"name": "Chelsea Vandermeer", "handle": "chelsvdm"},
    "contacts": [{"name": "May Lindqvist"}],
}


@pytest.mark.parametrize(
    "text, value",
    [
        ("Chelsea, I'm so sorry to hear about the night you had.", "Chelsea"),
        ("Chelsea! Good news on your refund.", "Chelsea"),
        ("\nChelsea, your refund is on its way.", "Chelsea"),
    ],
)
def test_a_first_name_opening_the_reply_is_the_customers(text, value) -> None:
    assert found(text, CTX, owner=True) == [("person", "customer", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Chelsea is where our warehouse is, so delivery is quick.",  # a place, no comma after it
        "We ship to Chelsea, Kensington and Fulham daily.",  # not the reply's first word
        "May, June and July are our busiest months.",  # a month opening the reply
        "@chelsvdm, thanks for the update.",  # the public handle
    ],
)
def test_near_misses_stay_clean(text) -> None:
    assert found(text, CTX, owner=True) == []
