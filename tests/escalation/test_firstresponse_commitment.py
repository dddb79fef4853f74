"""The missing_commitment convention (docs/first-response.md): a draft that says nothing about what happens next
is warned; one that promises an outcome is warned for the promise, not also for a missing commitment."""

import pytest

from escalation.firstresponse import check, default_reply_model

EMPATHY_AND_REQUEST = "I'm sorry about this. Could you send me the order number? "


def codes(text, **kwargs):
    return [w.code for w in check(text, channel="email", **kwargs)]


@pytest.mark.parametrize(
    "promise", ["We will refund you in full.", "We'll send you a replacement tomorrow.", "It'll be fixed by Friday."]
)
def test_a_promise_without_a_review_is_warned_once_as_a_promise(promise):
    assert codes(EMPATHY_AND_REQUEST + promise) == ["promises_outcome"]


def test_a_draft_that_says_nothing_about_what_happens_next_is_warned_missing_commitment():
    assert codes(EMPATHY_AND_REQUEST + "Thanks for getting in touch.") == ["missing_commitment"]


@pytest.mark.parametrize(
    "near_miss",
    [
        "We'll check whether a refund applies.",
        "I'll look into whether a replacement is possible.",
    ],
)
def test_a_hedged_outcome_is_no_promise_and_commits_to_the_review(near_miss):
    assert codes(EMPATHY_AND_REQUEST + near_miss) == []


@pytest.mark.parametrize(
    "unhedged", ['You wrote "you\'ll refund me" and I hear you.', "We can't promise a refund today."]
)
def test_a_quoted_or_negated_promise_does_not_stand_in_for_a_commitment(unhedged):
    assert codes(EMPATHY_AND_REQUEST + unhedged) == ["missing_commitment"]


def test_a_promise_only_the_model_finds_also_replaces_the_missing_commitment_warning():
    text = EMPATHY_AND_REQUEST + "We'll put the full amount back on your card today."
    assert codes(text, model=None) == ["missing_commitment"]
    warned = check(text, channel="email", model=default_reply_model())
    assert [(w.code, w.source) for w in warned] == [("promises_outcome", "model")]


@pytest.mark.parametrize(
    "commitment",
    [
        "I'll have our billing team look at the charge.",
        "We'll get the warehouse to check the stock.",
        "Your claim will then be passed to an assessor.",
        "Our warehouse team will start checking the stock today.",
        "If you'd like us to take a look, just reply.",
        "I'll take ownership of this from here.",
        "I'll contact the courier this afternoon.",
        "I'll keep checking on our side.",
        "ill check the order now",
        "With that I can trace the parcel.",
        "A billing manager will look into it.",
        "I'll compare it against your contract.",
    ],
)
def test_a_review_handed_to_someone_or_offered_commits(commitment):
    assert codes(EMPATHY_AND_REQUEST + commitment) == []


@pytest.mark.parametrize(
    "near_miss",
    [
        "You can have the team look at it in store.",
        "Did you want us to close the account?",
        "We'll have to close it.",
        "You can contact the courier directly.",
        "Keep checking your spam folder.",
    ],
)
def test_a_review_nobody_on_the_team_takes_on_is_still_missing(near_miss):
    assert codes(EMPATHY_AND_REQUEST + near_miss) == ["missing_commitment"]
