"""The promises and blame read from train8's flawed drafts (docs/first-response.md), each said in words of its own,
beside a near miss that says the same without promising or blaming."""

import pytest

from tests.escalation.draft_classes import EMPATHY, REQUEST, codes


@pytest.mark.parametrize(
    "promise",
    [
        "We'll send a complete replacement kit today.",
        "We will exchange it for a new kettle.",
        "I'll get all your photos restored by tonight.",
        "We'll freeze your tariff until March.",
        "Your repair costs are fully covered.",
        "I can confirm the arrears have been written off.",
        "Told him a replacement goes out tomorrow.",
        "Your booking is definitely safe.",
    ],
)
def test_an_outcome_brought_about_or_granted_is_a_promise(promise):
    assert "promises_outcome" in codes(EMPATHY + REQUEST + promise)


@pytest.mark.parametrize(
    "near_miss",
    [
        "We'll check whether the costs are covered.",
        "We'll get the photos checked by our team.",
        "If the review finds a fault, we will exchange it for a new one.",
        "I'll check whether a replacement can go out tomorrow.",
    ],
)
def test_a_review_or_a_condition_is_no_promise(near_miss):
    assert "promises_outcome" not in codes(EMPATHY + REQUEST + near_miss)


@pytest.mark.parametrize(
    "blame",
    [
        "As our website explains, deliveries need a signature. I'll look into it.",
        "Pricing is explained to every customer at checkout. I'll look into it.",
        "We'd ask that you keep your language civil. I'll look into it.",
        "Pointed out he missed the cut-off. Will review with billing.",
        "Reminded her the warranty is one year. Will review with billing.",
        "This happened because the payslips we asked for were not provided on time. I'll look into it.",
        "The setting was changed on your side. I'll look into it.",
        "Just to clarify, the menu does show the allergens. I'll look into it.",
    ],
)
def test_telling_the_customer_where_they_went_wrong_is_blame(blame):
    assert "blames_customer" in codes(EMPATHY + REQUEST + blame)


@pytest.mark.parametrize(
    "near_miss",
    [
        "We've reminded the team to knock. I'll look into it.",
        "Our records show the parcel left the warehouse on Monday. I'll look into it.",
        "This happened because the parts were not delivered on time by our supplier. I'll look into it.",
        "Our website explains how to book, and I'm sorry it wasn't clearer. I'll look into it.",
    ],
)
def test_our_own_records_and_failings_are_not_blame(near_miss):
    assert "blames_customer" not in codes(EMPATHY + REQUEST + near_miss)
