"""The classes read from dev9, the tuning half of blind set 9 (docs/first-response.md): each said in words of its
own, beside a near miss that lacks the element (or the flaw) and is warned (or stays quiet) as before."""

import pytest

from tests.escalation.draft_classes import COMMITMENT, EMPATHY, REQUEST, codes


@pytest.mark.parametrize(
    "script",
    [
        '"Oh, I\'m sorry, that sounds like a rough week. What\'s the claim number? I\'ll ring the assessor today."',
        'Agent: "I\'m so sorry. Can you read me the meter serial? I\'ll check it with the billing team."',
        'Call opening: "I do apologise. Which day did you call? I\'ll listen to the recording and come back to you."',
    ],
)
def test_a_draft_that_is_one_quotation_is_the_agents_script(script):
    assert codes(script, channel="phone") == []


@pytest.mark.parametrize(
    "quoted_back",
    [
        'You wrote "I\'m so sorry, can you check the order number? I\'ll look into it" in your email.',
        'Thanks. "sorry, which order? we\'ll look into it" is what the chat said.',
    ],
)
def test_a_quotation_inside_a_reply_is_still_the_customers_words(quoted_back):
    assert {"missing_empathy", "missing_commitment"} <= set(codes(quoted_back))


def test_a_scripted_promise_is_warned():
    assert "promises_outcome" in codes('"I\'m so sorry. What\'s your order number? We will refund you in full."')


@pytest.mark.parametrize(
    "asking",
    ["Screenshot of the error pls?", "pic of the label plz", "Account email?"],
)
def test_a_thing_named_in_shorthand_is_a_request(asking):
    assert "missing_info_request" not in codes(f"{EMPATHY}{asking} {COMMITMENT}", channel="chat")


@pytest.mark.parametrize("no_request", ["Thanks for the screenshot, please bear with us.", "Photos are great."])
def test_near_misses_that_ask_for_nothing_are_still_warned(no_request):
    assert "missing_info_request" in codes(f"{EMPATHY}{no_request} {COMMITMENT}")


@pytest.mark.parametrize(
    "commitment",
    [
        "Claims team to open an investigation this week.",
        "I'll log a bug and post the number here.",
        "We'll raise a ticket with the developers.",
        "I'm going to put a note on your account for the handler.",
        "Then run a line test and book an engineer visit if it fails.",
        "Tell the customer they'll be contacted within 2 working days.",
        "We'll chat to the team at that branch.",
        "I'll send it to our technicians for a second look.",
        "Pass to maintenance to assess.",
    ],
)
def test_a_notes_step_or_a_fault_recorded_commits(commitment):
    assert "missing_commitment" not in codes(f"{EMPATHY}{REQUEST}{commitment}")


@pytest.mark.parametrize(
    "no_commitment",
    [
        "You can run a speed test and book an engineer online.",
        "Please book an engineer visit through the app.",
        "Feel free to chat to us any time.",
        "Your complaint has been logged.",
        "Refer to our FAQ for the returns address.",
        "Pass it on to your bank.",
    ],
)
def test_near_misses_that_leave_the_step_to_the_customer_are_still_warned(no_commitment):
    assert "missing_commitment" in codes(f"{EMPATHY}{REQUEST}{no_commitment}")


@pytest.mark.parametrize(
    "empathy",
    ["I do understand, it's a long wait.", "Acknowledge the customer is upset about the second visit."],
)
def test_understanding_and_a_notes_acknowledged_feeling_count(empathy):
    assert "missing_empathy" not in codes(f"{empathy} {REQUEST}{COMMITMENT}")


def test_a_note_that_acknowledges_receipt_only_is_still_warned():
    assert "missing_empathy" in codes(f"Acknowledge the customer's letter. {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    "promise",
    [
        "We'll have a fresh box delivered to you tomorrow.",
        "The fix is going out in Thursday's patch.",
        "Refund amount will credit to your bank account in 3 days.",
        "Everyone affected will get three free months.",
    ],
)
def test_an_outcome_brought_about_or_on_its_way_is_a_promise(promise):
    assert "promises_outcome" in codes(f"{EMPATHY}{REQUEST}{promise}")


@pytest.mark.parametrize(
    "near_miss",
    [
        "We'll have the box checked by the warehouse.",
        "We'll see whether the fix can go out in Thursday's patch.",
        "Everyone affected will get an update from us by Friday.",
    ],
)
def test_a_review_or_a_condition_is_no_promise(near_miss):
    assert "promises_outcome" not in codes(f"{EMPATHY}{REQUEST}{near_miss}")


@pytest.mark.parametrize(
    "blame",
    [
        "You have entered the wrong postcode at checkout, this is why the parcel went astray.",
        "You did not follow the care label, that is why the colour ran.",
        "Comments like these aren't the way to get this sorted.",
        "Changes must be made 48 hours ahead, which wasn't done in this case.",
        "You say it was never dropped, but the inspection report says otherwise.",
        "Remind them that the lease they signed makes them responsible for the drains.",
        "I understand, but you should've measured the space first.",
    ],
)
def test_the_customers_action_named_as_the_cause_is_blame(blame):
    assert "blames_customer" in codes(f"{EMPATHY}{REQUEST}{blame} {COMMITMENT}")


@pytest.mark.parametrize(
    "near_miss",
    [
        "Our courier entered the wrong postcode, that is why the parcel went astray.",
        "Behaviour like that from our engineer is not acceptable.",
        "Our records show the parcel left on Monday.",
        "Remind them we're open on Sundays.",
    ],
)
def test_our_own_failing_or_a_plain_record_is_no_blame(near_miss):
    assert "blames_customer" not in codes(f"{EMPATHY}{REQUEST}{near_miss} {COMMITMENT}")
