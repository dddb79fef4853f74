"""The classes of empathy, request and commitment read from train8's good drafts (docs/first-response.md): each
said in words of its own, beside a near miss that lacks the element and is still warned."""

import pytest

from tests.escalation.draft_classes import COMMITMENT, EMPATHY, REQUEST, codes


@pytest.mark.parametrize(
    "empathy",
    [
        "That's maddening, paying twice for one lesson.",
        "Oh, that's such a letdown to unpack.",
        "it's stressful, being locked out on a Monday.",
        "A meter reading that high would worry anybody.",
        "We completely get the frustration of waiting a fortnight.",
        "Acknowledged his worry about the deadline.",
        "Recognised their disappointment with the venue.",
        "Caller understandably upset about the missed visit.",
        "You're right to be annoyed about the second cancellation.",
        "A price change without notice would annoy anyone.",
    ],
)
def test_empathy_without_sorry_counts(empathy):
    assert "missing_empathy" not in codes(f"{empathy} {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    "no_empathy",
    [
        "Ticket acknowledged.",
        "We acknowledge receipt of your letter.",
        "It's hard to say when the new stock lands.",
        "Customer called about the invoice.",
        "The customer was annoyed about the invoice, she said.",
    ],
)
def test_near_misses_without_empathy_are_still_warned(no_empathy):
    assert "missing_empathy" in codes(f"{no_empathy} {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    "asking",
    [
        "Asked which branch she visited.",
        "Asked contract no. and a daytime number.",
        "Ask him the postcode and the meter serial.",
        "A copy of the statement would let me trace the payment.",
        "The device ID and the time of the last crash would help.",
        "If you're able to send a photo of the label, that's ideal.",
        "Once you've emailed us the receipt, I'll compare the prices.",
        "router model + the firmware code?",
        "booking no.?",
        "Please could you let me have the delivery address.",
        "I'd be grateful if you would telephone me on the number below.",
        "Which version are you on, 2.4 or 2.5?",
    ],
)
def test_requests_as_statements_conditions_and_notes_count(asking):
    assert "missing_info_request" not in codes(f"{EMPATHY}{asking} {COMMITMENT}")


@pytest.mark.parametrize(
    "no_request",
    [
        "She asked whether we open on Sundays.",
        "Once you've sent the kettle back, we'll inspect it.",
        "Your feedback would help us improve.",
        "Thanks for telling us about the crash.",
    ],
)
def test_near_misses_that_ask_for_nothing_are_still_warned(no_request):
    assert "missing_info_request" in codes(f"{EMPATHY}{no_request} {COMMITMENT}")


@pytest.mark.parametrize(
    "private",
    [
        "Please send your order number to our returns team by email.",
        "Which pieces are missing? Please use the secure parts form on our site for your address.",
    ],
)
def test_a_private_route_by_email_or_secure_form_counts_in_public(private):
    assert "missing_info_request" not in codes(f"{EMPATHY}{private} {COMMITMENT}", channel="facebook")


def test_the_email_on_a_donation_is_private_in_a_public_thread():
    text = f"{EMPATHY}Comment below with the email on the donation. {COMMITMENT}"
    assert "missing_info_request" in codes(text, channel="facebook")


@pytest.mark.parametrize(
    "commitment",
    [
        "Our customer relations department will investigate the booking.",
        "The returns team will reconcile the delivery note.",
        "Facilities manager to review the CCTV and call her Friday.",
        "Finance have been looped in.",
        "Passing to tier 2 now.",
        "Escalating to the network team today.",
        "Opening a billing investigation this afternoon.",
        "Callback requested via the depot.",
        "Refund request raised as urgent with accounts.",
        "Raised as a priority fault to the network team.",
        "Engineer dispatched, ETA 40 minutes.",
        "He'll get a call from the surveyor by Thursday.",
        "She'll hear back from the clinic within 2 days.",
        "We'll get the meter checked against your reading.",
        "Please DM us so we can take your details and have the charge reviewed.",
        "I'll get the driver on the phone.",
        "I check with the kitchen right now and tell you.",
        "I'm meeting the product team this afternoon about it.",
        "I'll have an update for you by tomorrow.",
        "I will telephone you on Monday.",
        "Will pull the notes today and ring him by 4.",
        "I'll own the case from here.",
    ],
)
def test_commitments_by_a_colleague_in_the_passive_or_in_notes_count(commitment):
    assert "missing_commitment" not in codes(f"{EMPATHY}{REQUEST}{commitment}")


@pytest.mark.parametrize(
    "no_commitment",
    [
        "Asked her to check with the neighbours.",
        "Customer to send photos of the damage.",
        "You'll need to have it checked by a local garage.",
        "Your parcel has been passed to the courier.",
        "Our store team usually replies within two days.",
        "We usually check these within five days.",
        "Your complaint has been logged.",
        "The engineer who came last week was booked for two hours.",
        "Our app will remind you before each payment.",
    ],
)
def test_near_misses_that_say_nothing_about_next_steps_are_still_warned(no_commitment):
    assert "missing_commitment" in codes(f"{EMPATHY}{REQUEST}{no_commitment}")


@pytest.mark.parametrize(
    "own_failing",
    [
        "You were told two days and it's been a fortnight, which isn't good enough.",
        "The engineer visit was cancelled for the third time, and I'm sorry.",
    ],
)
def test_our_own_failing_said_back_is_not_blame(own_failing):
    assert "blames_customer" not in codes(f"{own_failing} {REQUEST}{COMMITMENT}")


@pytest.mark.parametrize(
    "blame",
    ["You were told about the fee at the desk.", "I'm explaining this for the third time.", "For the third time, no."],
)
def test_being_told_or_told_again_still_blames(blame):
    assert "blames_customer" in codes(f"{EMPATHY}{blame} {REQUEST}{COMMITMENT}")


def test_a_response_due_by_a_time_is_a_step_not_a_promise():
    text = f"{EMPATHY}{REQUEST}It has been referred to the depot and a response will be issued within 5 days."
    assert codes(text) == []
    assert "promises_outcome" in codes(f"{EMPATHY}{REQUEST}A new card will be issued within 5 days.")
