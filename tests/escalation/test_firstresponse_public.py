"""The public-channel convention of the first-response checker: in the thread a reply may ask for what is not
private; an order number, an email address or a card there wants the customer to continue in private."""
import pytest

from escalation.firstresponse import check
from tests.escalation.draft_classes import codes


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("Sorry your train was cancelled, what a rubbish start to the morning. Which station were you at and "
         "roughly what time was it due? We'll check with the control team and reply here.", "twitter"),
        ("Sorry the plugin keeps crashing your editor. Which version are you running? I'll try to reproduce it.",
         "forum"),
        ("Oh no, sorry the class was cancelled 😣 Which studio was it? We'll look into it and come back to you here.",
         "instagram"),
        ("Sorry the installer hangs. Which OS are you on? Please don't post your licence key here. We'll look "
         "into it.", "forum"),
    ],
)
def test_an_in_thread_question_about_what_is_not_private_is_a_good_request(text, channel):
    assert check(text, channel=channel) == []


@pytest.mark.parametrize(
    "ask",
    [
        "What's your order number?",
        "Can you reply to this tweet with your order number and postcode?",
        "Drop the email address on your account below.",
        "Please comment with your account number.",
        "Could you post your phone number and home address here?",
        "Tell us the last four digits of the card you paid with.",
        "Can you comment your policy number and date of birth?",
    ],
)
def test_a_private_detail_asked_in_the_thread_is_warned_to_continue_in_private(ask):
    warnings = check(f"Sorry about that. {ask} We'll look into it.", channel="twitter")
    assert [w.code for w in warnings] == ["missing_info_request"]
    assert "continue in private" in warnings[0].message and "public thread" in warnings[0].message
    assert check(f"Sorry about that. {ask} We'll look into it.", channel="email") == []


@pytest.mark.parametrize(
    "ask",
    [
        "DM us your order number.",
        "Could you send us a private message with the email on your account?",
        "Please email support with your licence key.",
        "Pop your booking reference in a DM.",
    ],
)
def test_a_private_detail_asked_for_in_private_is_a_good_request(ask):
    assert check(f"Sorry about that. {ask} We'll look into it.", channel="facebook") == []


@pytest.mark.parametrize(
    "rhetorical",
    ["Who wants to start their trip like that, right?", "Nobody wants to land without their bag, do they?"],
)
def test_a_rhetorical_question_asks_for_nothing(rhetorical):
    assert codes(f"Sorry to hear that! {rhetorical} We'll look into it.", "twitter") == ["missing_info_request"]


def test_a_public_reply_that_asks_for_nothing_is_still_warned():
    assert codes("Sorry about that. We'll look into it.", "forum") == ["missing_info_request"]
