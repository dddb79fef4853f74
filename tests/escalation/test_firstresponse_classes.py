"""Classes of promising and blaming the patterns recognise (docs/first-response.md), each beside near misses
that must stay quiet. The sentences are in no labelled set: they test a class, not a memorised line."""

from pathlib import Path

import pytest

from bench._harness import load_corpus
from escalation.firstresponse import check
from tests.escalation.draft_classes import blames, codes, promises

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"


PROMISE_CLASSES = {
    "passive future": [
        "A refund will be issued to your card.",
        "Your account will be credited with the difference.",
        "A new handset will be dispatched today.",
        "Your booking will be reinstated.",
        "Your last three payments will be refunded.",
    ],
    "you'll receive": [
        "You will receive a replacement within three days.",
        "You'll get a brand new one.",
        "You'll be sent a new card.",
        "You will be getting the deposit back.",
    ],
    "we'll make sure you get": [
        "I'll make sure you're not out of pocket.",
        "We'll make sure the lost miles are back on your account.",
    ],
    "an outcome the team brings about": [
        "We'll swap it for a new one.",
        "We'll honour the original price.",
        "We'll get it fixed for you.",
        "I'm issuing a full refund.",
        "As a goodwill gesture we're adding £20 to your account.",
        "Our electrician will sort it out tomorrow.",
    ],
    "an outcome offered before a review": [
        "We'd be happy to refund you in full.",
        "Let me refund the delivery charge for you.",
        "You can keep the item.",
        "There's a refund on its way to you.",
        "The update on Friday will fix it.",
        "We'll make it up to you.",
    ],
    "no cost as a certainty": ["You won't pay a penny for this.", "There'll be no charge for the repair."],
    "a scheduled fix": ["The fix goes live on Monday.", "That glitch will be gone after the update."],
    "hedged but promising": [
        "The refund should be with you within 3-5 working days.",
        "You should see the credit by Friday.",
        "It's very likely you'll be reimbursed for the hotel.",
        "I expect we'll be able to refund you in full.",
        "You're owed a partial refund.",
    ],
    "reported as done": [
        "The login bug is now fixed for every account.",
        "We've already repaired the fault on your line.",
        "The late fees have been reversed on your account.",
    ],
    "due by a time, in the passive future": [
        "Your new licence will be posted to you by the end of next week.",
        "Your meter will be replaced on Thursday.",
        "You'll be seen by a nurse first thing tomorrow.",
    ],
    "back to normal after a fix": [
        "Your broadband will be stable again after the engineer's visit.",
        "The app will load properly after the update.",
        "The next update will fix the crash.",
        "Version 3.2 drops on Monday with the fix.",
    ],
    "certainty words": [
        "Your parcel will definitely arrive on Saturday.",
        "We'll take it back, no questions asked.",
        "The leak is fixed for good.",
    ],
    "someone else brings it about": [
        "The airline will be refunding your seat fee.",
        "Billing will credit the overcharge to your card.",
        "The manager has agreed to replace the heater.",
        "We'll send an engineer at no charge.",
    ],
    "a request for details is no condition": [
        "If you could send the receipt, we'll refund the full amount.",
        "Once I have the photos, I'll get the claim approved.",
    ],
}
PROMISE_NEAR_MISSES = [
    "We'll look into whether a refund is possible.",
    "If the review shows we got it wrong, we'll refund you.",
    "A refund may be possible once we've looked at it.",
    "I'll ask the team whether a replacement can be sent.",
    "You should hear back from us by Friday.",
    "You'll receive an email confirming your case number.",
    "You'll get a reply from the billing team tomorrow.",
    "I'll make sure the right team looks at this.",
    "Whether a replacement is possible depends on the stock.",
    "I'd be happy to look into a refund for you.",
    "Let me check the delivery charge for you.",
    "You can keep an eye on the tracking page.",
    "You won't be charged while we look into it.",
    "You should have read the confirmation email first.",
    "Your refund was processed yesterday and should show within a few days.",
    "I'll retry the payment tonight.",
    "We're investigating and will post an update by Tuesday.",
    "Is the page working again now?",
    "The outage isn't fixed yet, but I'm chasing the engineers.",
    "Your request has been passed to the billing team.",
    "Your case will be reviewed by Friday.",
    "You'll be sent an update by Monday.",
    "Your claim will be handled by our assessors.",
    "Let me know whether it works normally after the update.",
    "The next update may fix the crash, but I can't promise it.",
    "I'll definitely look into it.",
    "No question is too small, so do ask.",
    "Billing will check whether the overcharge can be credited.",
    "I can't say yet whether you can cancel with no fee.",
    "If the receipt shows the wrong price, we'll refund the difference.",
    "Once I have the photos, I'll look into it.",
]


@pytest.mark.parametrize(
    "sentence", [(cls, s) for cls, sentences in PROMISE_CLASSES.items() for s in sentences], ids=lambda p: p[1]
)
def test_each_class_of_promise_is_warned_with_its_words(sentence):
    _, text = sentence
    (span,) = promises(text)
    assert len(span) >= 6


@pytest.mark.parametrize("near_miss", PROMISE_NEAR_MISSES)
def test_near_misses_of_a_promise_are_not_warned(near_miss):
    assert promises(near_miss) == []


BLAME_CLASSES = {
    "it was clear": ["The instructions were very clear.", "The price was clear on the product page."],
    "your responsibility": [
        "It's up to you to keep your password safe.",
        "You are responsible for making sure the address is correct.",
        "We can't be held responsible for your bank's delays.",
    ],
    "you agreed or were told": [
        "You agreed to this when you signed up.",
        "You accepted the rental conditions.",
        "You were made aware of the fee at checkout.",
        "This was explained to you on the phone.",
    ],
    "insinuating a mistake": [
        "Perhaps you missed the notice on the homepage.",
        "You seem to have misunderstood how the plan works.",
        "You appear to have chosen the wrong size.",
        "I think you'll find the charge is correct.",
        "Surely you saw the warning?",
        "Any reasonable person would have checked first.",
        "If you'd taken the time to read the guide, this wouldn't have happened.",
        "The payment failed because your card details were out of date.",
    ],
    "what they failed or were supposed to do": [
        "If you had told us earlier, we could have stopped the order.",
        "Unfortunately you didn't cancel before the renewal date.",
        "You were supposed to return the form within 14 days.",
        "The onus is on you to check your spam folder.",
        "Guests are required to check out by 11am.",
        "You left it too late to change the booking.",
        "You booked a non-refundable rate.",
        "This was down to your misunderstanding of the offer.",
    ],
    "defending ourselves, talking down": [
        "We've checked and there's nothing wrong on our end.",
        "Everything was working fine on our side.",
        "You need to understand that we can't keep holding the room.",
        "It's not rocket science, just press reset.",
        "Frankly, you should know how this works by now.",
        "Did you not see the email we sent?",
    ],
    "policing tone, setting apart": [
        "There's no need for that tone.",
        "Shouting at us won't help.",
        "You're the only customer who has had this issue.",
        "Our installers followed the process to the letter.",
        "In future, please read the reminder emails.",
    ],
}
BLAME_NEAR_MISSES = [
    "It's not your responsibility to chase this.",
    "It's up to you whether you'd like a call or an email.",
    "You're responsible for nothing here; it's our mistake.",
    "The instructions weren't clear enough, sorry.",
    "Our terms aren't clear about this, and I'm sorry for the confusion.",
    "You were right to flag this.",
    "You agreed to a monthly plan, and I can see it was billed yearly, which is our error.",
    "You may have been sent the wrong link, and that's on us.",
    "I'm sorry you didn't get a reply sooner.",
    "If you had any trouble with the form, I can help.",
    "Everything should be working on our side now; could you try again?",
    "I'm sorry you were asked to send it twice.",
    "You chose a great hotel, and I'm sorry the room let you down.",
]


@pytest.mark.parametrize(
    "sentence", [(cls, s) for cls, sentences in BLAME_CLASSES.items() for s in sentences], ids=lambda p: p[1]
)
def test_each_class_of_blame_is_warned_with_its_words(sentence):
    _, text = sentence
    assert len(blames(text)) == 1


@pytest.mark.parametrize("near_miss", BLAME_NEAR_MISSES)
def test_near_misses_of_blame_are_not_warned(near_miss):
    assert blames(near_miss) == []


def test_the_fourth_development_set_shares_no_draft_with_the_training_sets():
    dev = {row["text"] for row in load_corpus(DATA / "firstresponse_dev4.jsonl")}
    train = {row["text"] for row in load_corpus(DATA / "firstresponse_train4.jsonl")}
    assert len(dev) == 48 and len(train) == 91 and not dev & train


@pytest.mark.parametrize(
    "private",
    [
        "Pop us a message with your order number.",
        "Shoot us a private msg with the details.",
        "Could you call us on the number on your card?",
        "Could you send the details via Messenger?",
        "Mind DMing us the reference?",
    ],
)
def test_asking_for_a_message_is_asking_to_continue_in_private(private):
    assert check(f"Sorry about that! {private} We'll look into it.", channel="twitter") == []
    asked_here = "Sorry about that! Reply here with your order number. We'll look into it."
    assert codes(asked_here, "twitter") == ["missing_info_request"]


def test_a_list_of_what_is_needed_after_a_colon_asks_for_it():
    text = "Sorry about the charge. To look into it I'll need:\n- the invoice number\n- the card's last four digits"
    assert "missing_info_request" not in codes(text)
    assert "missing_info_request" in codes("Sorry about the charge. I'll look into it.")


def test_texting_shorthand_apologises_and_asks():
    assert check("sry!! whats ur order number? ill check it now", channel="chat") == []
    assert codes("sry!! ill check it now", "chat") == ["missing_info_request"]


def test_an_emoji_ends_a_sentence_before_an_imperative_request():
    assert check("Sorry about that 😞 Pop your order number in a DM and we'll check.", channel="twitter") == []
    assert codes("Sorry about that 😞 we'll check.", "twitter") == ["missing_info_request"]
