"""Classes of good drafts the patterns warned in the training and development sets (a warranty named as a noun, "it
is clear" about our own failure, the account a customer signed up with, their own account of what they were told,
"that shouldn't happen"), each beside its near-miss twin, which is still warned (docs/first-response.md)."""

import pytest

from tests.escalation.draft_classes import COMMITMENT, EMPATHY, REQUEST, blames, codes, promises


@pytest.mark.parametrize(
    ("good", "twin"),
    [
        ("I'll ask our outdoor team to check it under the guarantee.", "I guarantee it'll be fixed by Friday."),
        ("It's within your two-year guarantee, so I'll have it checked.", "Delivery is guaranteed tomorrow."),
        ("I'll check what the manufacturer's guarantee covers.", "We guarantee a replacement this week."),
    ],
)
def test_a_warranty_named_as_a_noun_is_no_certainty_word(good, twin):
    assert promises(good) == []
    assert promises(twin)


@pytest.mark.parametrize(
    ("good", "twin"),
    [
        (
            "Reading your letter, it is clear the evening fell well short of what you deserved.",
            "Reading your letter, the terms were clear about the deposit.",
        ),
        ("Looking at the email, it was clear we got the date wrong.", "The email was very clear about the date."),
    ],
)
def test_it_is_clear_about_our_failure_is_not_the_customer_told(good, twin):
    assert blames(good) == []
    assert blames(twin)


def test_the_account_a_customer_signed_up_with_is_a_request_not_what_they_agreed_to():
    good = "Could you confirm the email address you signed up with and tell me what happens when you log in?"
    assert blames(good) == []
    assert codes(f"{EMPATHY}{good} {COMMITMENT}") == []
    assert blames("You agreed to the auto-renewal when you signed up.")


@pytest.mark.parametrize(
    "good",
    [
        "You mentioned you were told it would be fixed by Friday, who did you speak to?",
        "You said you were told the fee would be waived; could you DM us the date of that call?",
    ],
)
def test_the_customers_own_account_of_what_they_were_told_is_not_blame(good):
    assert blames(good) == []
    assert blames("As you were told at booking, the deposit is non-refundable.")
    assert blames("You were told at booking that the deposit is non-refundable.")


@pytest.mark.parametrize(
    "empathy",
    ["Hmm, that shouldn't happen at all.", "That's not supposed to happen.", "This really shouldn't have happened."],
)
def test_that_shouldnt_happen_owns_the_failure(empathy):
    assert "missing_empathy" not in codes(f"{empathy} {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    "no_empathy",
    ["That shouldn't happen if the router is on the latest firmware.", "This shouldn't take long."],
)
def test_near_misses_that_explain_when_it_happens_are_still_warned(no_empathy):
    assert "missing_empathy" in codes(f"{no_empathy} {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    ("commitment", "near_miss"),
    [
        ("Once I have it, I can check the charge.", "You can check the status online."),
        ("That way I can trace the parcel.", "We can't check that from here."),
        ("I should be able to trace it from there.", "I can confirm the parcel left on Monday."),
        ("I'm hoping to find out what went wrong today.", "We can usually trace parcels within a day."),
        ("I'm going to try and track it down.", "This guide will help you check it yourself."),
        ("It'll help me trace the parcel.", "I can tell you the depot is closed on Sundays."),
        ("We can then look at the options with the warehouse.", "Can I help with anything else?"),
    ],
)
def test_a_step_by_us_as_ability_hope_or_attempt_commits(commitment, near_miss):
    assert "missing_commitment" not in codes(f"{EMPATHY}{REQUEST}{commitment}")
    assert "missing_commitment" in codes(f"{EMPATHY}{REQUEST}{near_miss}")


@pytest.mark.parametrize(
    ("commitment", "near_miss"),
    [
        ("Happy to look into this for you.", "Happy to hear it's working again."),
        ("My next step is to check with the courier.", "The next step is to contact your bank."),
        ("First thing I'll do is check the payment.", "Your first step is to contact your bank."),
        ("Good to check the logs, which I'll do today.", "Good to check the logs, which you can do."),
        ("I'd suggest we check the payment logs together.", "I'd suggest you check the payment logs."),
    ],
)
def test_a_step_by_us_as_an_offer_our_next_step_or_a_suggestion_that_includes_us_commits(commitment, near_miss):
    assert "missing_commitment" not in codes(f"{EMPATHY}{REQUEST}{commitment}")
    assert "missing_commitment" in codes(f"{EMPATHY}{REQUEST}{near_miss}")
