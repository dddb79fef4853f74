"""The classes of blame read from train7 and the retired blind sets 5 and 6: correcting the customer's account,
"as you were told", a policy or record cited to put the fault on them, sarcasm. Each beside near misses that must
stay quiet: a polite explanation of a policy is not blame. The sentences are in no labelled set."""

import pytest

from tests.escalation.draft_classes import blames


@pytest.mark.parametrize(
    "sentence",
    [
        # correcting the customer's account
        "To clarify though, the app never removed your photos; they moved to the archive tab.",
        "Small correction: the engineer arrived at 9, not 11.",
        "I should set the record straight: the discount ended on Sunday.",
        "You were not, as you say, 'left on hold for hours' - the call lasted twelve minutes.",
        "The fee wasn't added at the till like you said, it was on the booking.",
        "There seems to be a misunderstanding on your part about the trial.",
        "Our courier did knock twice before leaving the card.",
        # as you were told
        "The closure was announced on our app two weeks in advance.",
        "We emailed you about the price change in March.",
        "If the boiler had been bled as we advised, the pressure would have held.",
        "As posted several times in this group, the market moved to Saturdays.",
        "You've been reminded about the overdue balance.",
        "I note that you cancelled the insurance in May.",
        # a policy or a record cited to put the fault on them
        "Under our terms you should have inspected the sofa on delivery.",
        "Sadly you didn't tick the gift-wrap box, so it came unwrapped.",
        "The claim failed because the form was not submitted within 14 days.",
        "Your booking was made after the early-bird deadline, so the full price applies.",
        "It is the passenger's duty to check the departure board.",
        "The crack looks consistent with a drop rather than a defect.",
        "You were the one who picked the slower route.",
        # sarcasm
        "It turns out nobody reads the care label 😉",
        "Did you try, you know, plugging it in?",
        "The opening hours are on the door in big letters.",
        "Maybe this time try to actually read the setup guide.",
        "Sure, the app crashed 🙄",
        "Most customers find the pairing steps pretty easy.",
        "We've had no other complaints about that batch.",
    ],
)
def test_each_new_class_of_blame_is_warned_with_its_words(sentence):
    spans = blames(sentence)
    assert spans and all(span.strip() and span in sentence for span in spans)


@pytest.mark.parametrize(
    "near_miss",
    [
        # a polite policy explanation names the rule, not the customer's failure
        "Our policy is that deposits are non-refundable within 24 hours, but I'd like to hear what happened.",
        "Tickets aren't normally refundable, but we do look at medical cases individually.",
        "Orders placed after 2pm usually go out the next working day.",
        "The warranty doesn't cover accidental damage, but I'll check what we can do.",
        "To clarify, are you asking about the March or the April bill?",
        # kind words and our own failings
        "I'm so sorry you've been told three different things.",
        "I'm sorry, this is the third time you've had to contact us.",
        "You should have received a confirmation email; I'll resend it.",
        "If you didn't order this item, please let us know and we'll investigate.",
        "I can see you tried resetting it, thanks for doing that.",
        "We should have warned you about the change in advance, and I'm sorry we didn't.",
        "Most of our team found the new layout confusing too.",
        "We'll make sure the prices are displayed clearly in future.",
        "Thanks for your patience 😉 we'll get to the bottom of it.",
    ],
)
def test_near_misses_of_the_new_classes_of_blame_are_not_warned(near_miss):
    assert blames(near_miss) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Nobody else on this firmware is reporting dropouts.",
        "We've shipped thousands of these kettles without a problem.",
        "It's probably something on your end.",
        "The cut-off is clearly stated on our website.",
        "The listing clearly says the jacket runs small.",
        "The booking email told you to arrive by nine, so the crew was right to refuse boarding.",
        "Our staff followed the correct procedure.",
        "If the filter had been fitted as shown, it would not leak.",
        "Did you maybe tap the button twice?",
        "We can only ship to the address you entered.",
        "Please keep in mind our drivers are only human.",
        "The care instructions are on the label for a reason.",
        "We've explained this many times in the group.",
        "It was left on overnight, which the manual warns against.",
        "For next time, the opening times are on the door.",
        "That's not how the loyalty scheme works.",
        "This is the third ticket you've opened about it.",
        "The export only fails when two people edit the file at once.",
        "I'd gently point out that the voucher had expired.",
    ],
)
def test_more_ways_of_blaming_are_warned(sentence):
    assert blames(sentence)


@pytest.mark.parametrize(
    "near_miss",
    [
        "The fault is clearly on our side, and I'm sorry.",
        "Nobody else should have to go through this.",
        "The confirmation email should have told you about the delay; I'm sorry it didn't.",
        "I'll check whether staff followed the correct procedure.",
        "We ask for photo ID to keep your account safe.",
        "We note that you've been waiting since Monday, and I'm sorry.",
        "You can change your own settings under Profile.",
        "The tracking shows a delay at the depot, which is on us.",
        "This is why we ask for the order number: it finds the parcel faster.",
        "The crash only happens on older phones; we're working on a fix.",
    ],
)
def test_near_misses_of_more_ways_of_blaming_are_not_warned(near_miss):
    assert blames(near_miss) == []
