"""Classes of asking for information (docs/first-response.md, "a request for information") beside near misses
that ask for nothing the case needs: an offer of more help, thanks for having told us, a rhetorical question.
The sentences are in no labelled set: they test a class, not a memorised line."""

import time

import pytest

from escalation.firstresponse import asks_for_information, check, default_patterns
from tests.escalation.draft_classes import COMMITMENT, EMPATHY, codes

REQUEST_CLASSES = {
    "a request said as a condition": [
        "If you send your order number, I'll check the returns options.",
        "If you'd like to share the invoice, we'll go through it.",
        "We'll see what can be done if you forward the confirmation email.",
        "If you post your config file, I'll have a look.",
    ],
    "a need or a wish stated": [
        "I'll just need your account email.",
        "All we need is the tracking number.",
        "A photo of the damage would be really helpful.",
        "Your booking reference would help us find it.",
        "I'd be grateful for a copy of the receipt.",
    ],
    "a bare noun asked for": ["Order number please.", "Booking ref, please?", "Ugh 😩 Order number?"],
    "texting shorthand": ["can u slide into our DMs w/ the tracking no.?", "whats the order number\n"],
    "an imperative after an emoticon, an emoji or a line break": [
        "Sorry :( DM your order number.",
        "sorry :/ pop us a dm with the details",
        "So sorry 🙈DM the order number",
        "Hi Sam\nSend the order number over",
        "Please add your app version and a screenshot.",
        "Please resend the file with the form attached.",
    ],
}


@pytest.mark.parametrize("request_", [sentence for sentences in REQUEST_CLASSES.values() for sentence in sentences])
def test_each_class_of_request_asks(request_):
    assert check(EMPATHY + request_ + " " + COMMITMENT, channel="chat") == []
    assert asks_for_information(request_)


@pytest.mark.parametrize(
    "courtesy",
    [
        "Let us know if you have any questions.",
        "Please let me know if there's anything else we can do.",
        "If there's anything else, just let us know.",
        "If anything else comes up, just let us know.",
        "Is there anything else I can help you with today?",
        "Anything else at all?",
        "Please do not hesitate to contact me should you have any further concerns.",
        "Should you wish to discuss this further, please reply to this email.",
        "Please let me know if I can be of any further assistance.",
        "Let me know if that helps!",
        "Let us know how you get on.",
        "Thank you for taking the time to tell us about your stay.",
        "We appreciate you taking the time to write to us.",
    ],
)
def test_an_offer_of_more_help_or_thanks_for_telling_us_asks_for_nothing(courtesy):
    assert codes(EMPATHY + courtesy + " " + COMMITMENT) == ["missing_info_request"]
    assert not asks_for_information(courtesy)


@pytest.mark.parametrize(
    "request_",
    [
        "Let us know if you still have the box.",
        "If you have any more details, let us know.",
        "Let us know if you're not sure which order it was.",
        "Let us know the order number, and if you have any questions.",
    ],
)
def test_a_real_request_beside_or_inside_an_offer_still_asks(request_):
    assert check(EMPATHY + request_ + " " + COMMITMENT, channel="email") == []


def test_an_offer_to_continue_in_private_is_the_request_a_public_reply_wants():
    assert check(EMPATHY + "DM us if you need anything else. " + COMMITMENT, channel="twitter") == []


@pytest.mark.parametrize(
    "near_miss",
    [
        "If you send the faulty kettle back to us, we'll check it.",
        "We'd be grateful for your patience.",
        "What a day, eh?",
        "How annoying is that?",
        "Sorry about the wait time, please bear with us.",
    ],
)
def test_near_misses_of_a_request_ask_for_nothing(near_miss):
    assert codes(EMPATHY + near_miss + " " + COMMITMENT) == ["missing_info_request"]


def test_an_offer_is_found_in_time_however_many_little_words_lead_up_to_it():
    """The offer's lead-in ("so please just ...") is a few words: a draft of nothing but them (pasted or held
    down) is read in a blink, where an unbounded lead-in was tried again from every word, seconds per draft."""
    assert not asks_for_information("So please just let us know if you have any questions.")
    patterns = default_patterns()
    assert patterns.courtesy is not None
    started = time.perf_counter()
    list(patterns.courtesy.finditer("and " * 5_000))
    assert time.perf_counter() - started < 1.0


def test_a_long_sentence_without_a_question_mark_is_not_searched_for_a_question():
    """A question needs its "?": a sentence of thousands of words without one is passed over at once, where it
    was searched from each of its words (5 s for a 20,000-character run of "do so and")."""
    assert asks_for_information("Do you have the order number?")
    text = "do so and " * 2_000
    started = time.perf_counter()
    for group in default_patterns().of("info_request"):
        list(group.regex.finditer(text))
    assert time.perf_counter() - started < 1.0
