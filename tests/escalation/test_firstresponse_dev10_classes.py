"""The classes read from dev10, the tuning half of blind set 10 (docs/first-response.md): each said in words of its
own, beside a near miss that lacks the element (or the flaw) and is warned (or stays quiet) as before."""

import pytest

from tests.escalation.draft_classes import COMMITMENT, EMPATHY, REQUEST, codes


@pytest.mark.parametrize(
    "empathy",
    [
        "Sitting on hold for forty minutes sounds exhausting.",
        "Three days without a working fridge is a properly grim situation.",
        "Getting locked out the night before a deadline is dreadful.",
        "Ah, that's heartbreaking, a ruined wedding cake.",
        "Being billed for a gym when you never signed up would annoy anyone.",
        "A weekend with no hot water is a miserable situation.",
        "Tough week, by the sound of it.",
        "I'd be livid too if my order turned up in pieces.",
        "Feeling for you, stuck at the airport overnight.",
        "Hate that the update wiped your settings.",
        "This isn't the first night in the new flat you were hoping for.",
        "Acknowledged how stressful the missed appointment was for her.",
        "A leaking roof is the last thing anyone wants after a long flight.",
    ],
)
def test_the_situation_called_bad_or_the_feeling_shared_is_empathy(empathy):
    assert "missing_empathy" not in codes(f"{empathy} {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    "no_empathy",
    [
        "It sounds like the router needs a reset.",
        "A week without hot water is a common fault with this model.",
        "The last thing you need to do is restart the hub.",
        "Long weekend opening hours apply.",
        "We'd be happy to look at it too.",
        "The old depot was gutted for the refit.",
        "Hate speech is removed from this page.",
        "This is not the account you used for the order.",
        "Acknowledged how long the repair would take.",
        "I don't think that would annoy anyone.",
    ],
)
def test_near_misses_that_name_no_feeling_are_still_warned(no_empathy):
    assert "missing_empathy" in codes(f"{no_empathy} {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    "asking",
    [
        "Photo of the label + your postcode and I'll chase the depot.",
        "The serial number and a copy of the receipt, then we'll get it booked in.",
        "Call notes: took her booking reference and the dates of travel.",
        "Noted the account number and the date of the last payment.",
    ],
)
def test_a_bare_list_of_what_is_needed_or_a_notes_detail_taken_is_a_request(asking):
    assert "missing_info_request" not in codes(f"{EMPATHY}{asking} {COMMITMENT}", channel="chat")


@pytest.mark.parametrize(
    "no_request",
    [
        "Your screenshot came through, and we'll pass it to the developers.",
        "Took the parcel back to the depot.",
        "The order number and tracking both show it was delivered, and we're sorry.",
    ],
)
def test_near_misses_that_ask_for_nothing_are_still_warned(no_request):
    assert "missing_info_request" in codes(f"{EMPATHY}{no_request} {COMMITMENT}", channel="chat")


@pytest.mark.parametrize(
    "commitment",
    [
        "Told him the claim would be reviewed by an assessor and he'd hear back by Friday.",
        "Said I'd log it with the housing officer and ring back on Monday.",
        "Our claims coordinator is chasing the garage and will update you tomorrow.",
        "The site supervisor is checking the CCTV.",
    ],
)
def test_a_step_in_reported_speech_or_a_colleagues_step_under_way_commits(commitment):
    assert "missing_commitment" not in codes(f"{EMPATHY}{REQUEST}{commitment}")


@pytest.mark.parametrize(
    "no_commitment",
    [
        "Told her she'd need to contact her bank.",
        "Said she wasn't sure whether she'd be contacted.",
        "You can call back on Monday if it happens again.",
        "Our claims coordinator is on leave until Monday.",
    ],
)
def test_near_misses_that_leave_the_step_to_others_are_still_warned(no_commitment):
    assert "missing_commitment" in codes(f"{EMPATHY}{REQUEST}{no_commitment}")


@pytest.mark.parametrize(
    "promise",
    [
        "Told her we'd waive the late fee and her bill would come down next month.",
        "Explained that we'd refund the delivery charge.",
        "Your account has been credited with £20.",
    ],
)
def test_an_outcome_in_reported_speech_or_an_account_credited_is_a_promise(promise):
    assert "promises_outcome" in codes(f"{EMPATHY}{REQUEST}{promise}")


@pytest.mark.parametrize(
    "near_miss",
    [
        "Told him we'd check whether the loyalty discount applies.",
        "I'll check whether your account has been credited.",
        "Told her the account would be reviewed this week.",
    ],
)
def test_a_review_or_a_condition_told_is_no_promise(near_miss):
    assert "promises_outcome" not in codes(f"{EMPATHY}{REQUEST}{near_miss}")


@pytest.mark.parametrize(
    "blame",
    [
        "The crash is caused by your staff running two copies of the app.",
        "The damp is down to residents not opening the windows.",
        "The rejection was due to the expired passport you submitted.",
        "The fading comes from how it was dried.",
        "You've typed the voucher code incorrectly.",
        "The checkout clearly tells you the delivery date.",
        "Running two syncs at once, which our guidance advises against, locks the file.",
        "Returns go through the seller, so you needed to contact them.",
        "That's exactly what you were told at booking.",
    ],
)
def test_the_customers_handling_named_as_the_cause_is_blame(blame):
    assert "blames_customer" in codes(f"{EMPATHY}{REQUEST}{blame} {COMMITMENT}")


@pytest.mark.parametrize(
    "near_miss",
    [
        "The crash is caused by our update running twice.",
        "The delay was due to the wrong label we printed.",
        "I'm sorry you needed to call us twice.",
        "We entered the code incorrectly on our side.",
        "Could you tell me what you were told at the desk?",
    ],
)
def test_our_own_failing_or_asking_what_they_were_told_is_no_blame(near_miss):
    assert "blames_customer" not in codes(f"{EMPATHY}{REQUEST}{near_miss} {COMMITMENT}")
