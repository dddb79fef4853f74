"""Blame the patterns missed, as classes (docs/first-response.md): a verdict that the customer's case was handled
correctly, a notice cited as one they were sent, staff "right to" act against them, other customers finding it
easily, and "that's not how it works". Each beside a near miss that does not blame."""

import pytest

from tests.escalation.draft_classes import blames


@pytest.mark.parametrize(
    ("blame", "near_miss"),
    [
        (
            "The meter log shows two readings a day, so your bill was calculated correctly.",
            "I'll check whether your bill was calculated correctly.",
        ),
        (
            "The courier has a photo at the door, so everything was dealt with properly.",
            "The courier has a photo at the door, so I'll ask them about it.",
        ),
        (
            "Cancellation needs 48 hours' notice, which is set out in the welcome pack you were given.",
            "I'll look through the welcome pack we gave you for the cancellation terms.",
        ),
        ("The usher was right to turn you away after the interval.", "You were right to ask the usher."),
        ("Most riders find the pairing button easily.", "Most riders find us from the app store."),
        ("I'm afraid that's not how it works.", "Let me explain how it works."),
    ],
)
def test_a_verdict_or_a_notice_cited_against_the_customer_blames(blame, near_miss):
    assert blames(blame)
    assert blames(near_miss) == []
