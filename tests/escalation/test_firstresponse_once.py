""""Once" before an event that only sets the time leaves a promise a promise; before what a review finds it makes the
outcome wait on the review, a condition (docs/first-response.md, A match does not count when)."""

import pytest

from tests.escalation.draft_classes import promises


@pytest.mark.parametrize(
    ("promise", "twin"),
    [
        (
            "Once they're back in stock, we'll send you a replacement free of charge.",
            "Once they've checked the stock, we'll send you a replacement free of charge.",
        ),
        (
            "Once the parcel reaches our warehouse, a full refund will be issued.",
            "Once the claim is approved, a full refund will be issued.",
        ),
        ("Once it arrives back with us, we'll refund you in full.", "Once we've inspected it, we'll refund you."),
        ("Once the courier collects it, we'll refund the difference.", "Once I know more, we'll refund the fee."),
    ],
)
def test_once_before_an_event_is_a_time_and_before_a_finding_a_condition(promise, twin):
    assert promises(promise)
    assert promises(twin) == []
