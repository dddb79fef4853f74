"""The missing_commitment convention (docs/first-response.md): a draft that says nothing about what happens next
is warned; one that promises an outcome is warned for the promise, not also for a missing commitment."""

import pytest

from escalation.firstresponse import check, default_reply_model
from tests.escalation.draft_classes import EMPATHY, REQUEST, codes


@pytest.mark.parametrize(
    "promise", ["We will refund you in full.", "We'll send you a replacement tomorrow.", "It'll be fixed by Friday."]
)
def test_a_promise_without_a_review_is_warned_once_as_a_promise(promise):
    assert codes(EMPATHY + REQUEST + promise) == ["promises_outcome"]


def test_a_draft_that_says_nothing_about_what_happens_next_is_warned_missing_commitment():
    assert codes(EMPATHY + REQUEST + "Thanks for getting in touch.") == ["missing_commitment"]


@pytest.mark.parametrize(
    "near_miss",
    [
        "We'll check whether a refund applies.",
        "I'll look into whether a replacement is possible.",
    ],
)
def test_a_hedged_outcome_is_no_promise_and_commits_to_the_review(near_miss):
    assert codes(EMPATHY + REQUEST + near_miss) == []


@pytest.mark.parametrize(
    "unhedged", ['You wrote "you\'ll refund me" and I hear you.', "We can't promise a refund today."]
)
def test_a_quoted_or_negated_promise_does_not_stand_in_for_a_commitment(unhedged):
    assert codes(EMPATHY + REQUEST + unhedged) == ["missing_commitment"]


def test_a_promise_only_the_model_finds_also_replaces_the_missing_commitment_warning():
    text = EMPATHY + REQUEST + "We'll put the full amount back on your card today."
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
    assert codes(EMPATHY + REQUEST + commitment) == []


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
    assert codes(EMPATHY + REQUEST + near_miss) == ["missing_commitment"]


# Classes of commitment (docs/first-response.md, "a commitment"), each written several ways; none is a line of a
# labelled set.
COMMITMENT_CLASSES = {
    "a case already handed on, in the passive": [
        "This has been passed to our billing team.",
        "Your comments have been shared with the store manager.",
        "The matter has been referred to our claims department.",
        "Your complaint has gone to the head chef.",
        "This is now with our complaints team.",
        "Escalated to the team!",
        "Passed on to the warehouse 👍",
        "The branch manager has been made aware.",
    ],
    "a step in the future, with or without a subject": [
        "I'm on it.",
        "On it, will report back shortly.",
        "Our engineers are on the case.",
        "We'll get the tech team on it.",
        "The depot will be contacted today.",
        "Please be assured that your complaint will be fully investigated.",
        "A full investigation will be carried out.",
        "We'll run some checks on the account.",
        "I'll make some enquiries with the courier.",
        "I will liaise with the warehouse.",
        "We will respond in full within 10 working days.",
        "I'll feed this back to the team.",
        "I'll let the driver's manager know.",
        "I'll take another look at the order.",
        "I'll report it to the safety team.",
        "We are currently investigating.",
        "I'm just checking your account now.",
        "Give me a moment to check.",
        "Bear with me while I look into this.",
        "I'd be happy to check this for you.",
        "We want to get to the bottom of this.",
        "Send your order number and we'll process the return.",
        "DM us and we'll help.",
        "Going to check with the warehouse now.",
        "The manager will give you a call tomorrow.",
        "I'll drop you a line once I hear back.",
    ],
    "someone else takes it on": [
        "I have referred it to the practice manager, who will review the records.",
        "I will give this to the manager so he can check it.",
        "A case handler has been assigned and will be in touch.",
        "I'll get the manager to ring you.",
        "I've made a note on your account and asked the team to review it.",
    ],
    "a purpose clause": [
        "What's the email on the account so we can resend it?",
        "Could you send the receipt so our team can trace the payment?",
        "Please share a photo to help us look into it.",
    ],
    "what the customer will hear": [
        "I'll make sure you hear back from me by Friday.",
        "You will receive a full response within 10 working days.",
        "I'll get you an answer by tomorrow.",
    ],
}


@pytest.mark.parametrize(
    "commitment", [sentence for sentences in COMMITMENT_CLASSES.values() for sentence in sentences]
)
def test_each_class_of_commitment_commits(commitment):
    assert codes(EMPATHY + REQUEST + commitment) == []


@pytest.mark.parametrize(
    "near_miss",
    [
        "We usually reply within 2 days.",
        "Our team normally responds within 48 hours.",
        "We're always happy to help.",
        "Thanks for raising this with us.",
        "I appreciate you chasing this.",
        "The app relies on it.",
        "The price on it was wrong.",
        "Your parcel has been passed to the courier.",
        "You can report it to your bank.",
        "Please contact your bank so they can help.",
        "You'll need to let the bank know.",
        "Give us a call to confirm your address.",
        "Let me pass on my apologies.",
        "Thanks for making us aware.",
    ],
)
def test_a_general_statement_or_the_customers_own_step_does_not_commit(near_miss):
    assert codes(EMPATHY + REQUEST + near_miss) == ["missing_commitment"]
