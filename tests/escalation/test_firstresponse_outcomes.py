"""Promises and commitments in the shapes train7's drafts use (docs/first-response.md): an outcome the team will
bring about is a promise; the next step towards it is a commitment. The sentences are in no labelled set."""

import pytest

from escalation.firstresponse import check
from tests.escalation.draft_classes import EMPATHY, REQUEST, codes, promises


@pytest.mark.parametrize(
    "promise",
    [
        "I'll get you moved to a quieter room tonight.",
        "I'll process the refund straight away.",
        "We'll extend your membership by a month.",
        "We'll have a plumber there first thing tomorrow.",
        "I'll arrange a complimentary night for your next stay.",
        "We'll pop a fresh set in the post today!",
        "Your appeal has been upheld.",
        "I've already approved a refund for the lost bag.",
        "We'll make sure you're seated together on the return leg.",
        "The fix will be in tonight's release.",
        "Everything will run properly again.",
        "Send us a photo so we can replace them!",
        "We'll move the visit to Monday and cover the parking charges.",
        "We'll post the replacement out tomorrow.",
        "You'll be receiving a revised invoice this week.",
    ],
)
def test_an_outcome_the_team_will_bring_about_is_a_promise(promise):
    assert promises(promise)


@pytest.mark.parametrize(
    "near_miss",
    [
        "I'll process your request today.",
        "I'll rebook the appointment for a day that suits you.",
        "We'll check whether we can extend your membership.",
        "If we find it was our error, we'll get the fee removed.",
        "I'll ask whether a plumber can come tomorrow.",
        "We'll send you an update today.",
        "Once your appeal has been upheld, the team writes to you with the next steps.",
        "Could we send a new one, or would you prefer a refund?",
    ],
)
def test_a_step_towards_an_outcome_or_a_hedged_one_is_not_a_promise(near_miss):
    assert promises(near_miss) == []


@pytest.mark.parametrize(
    "commitment",
    [
        "Could you reply with the tracking code so we can chase it with the courier?",
        "We'll double-check the settings on your account.",
        "We'll see about a swap once we've checked stock.",
        "We'll see if the guarantee covers it.",
        "Our customer care team will investigate and be in touch.",
        "I'll come straight back to you.",
        "I'm escalating it and will update this ticket.",
        "We'll post updates in this thread.",
    ],
)
def test_the_next_step_in_these_shapes_is_a_commitment(commitment):
    assert "missing_commitment" not in codes(EMPATHY + REQUEST + commitment)


def test_asking_what_happens_when_they_do_something_is_not_blame():
    text = "Sorry it stopped working. What happens when you try to charge it? I'll check with the team."
    assert check(text, channel="email") == []
