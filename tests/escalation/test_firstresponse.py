"""The first-response checker (escalation.firstresponse): codes, spans, negation, hedges, public channels."""
import pytest

from escalation.firstresponse import CODES, PatternError, check, default_patterns, patterns_load
from tests.escalation.draft_classes import codes

GOOD = (
    "I'm sorry the charge went through twice. Could you reply with the date of the payment? "
    "I'll look into it and get back to you."
)


def test_a_draft_that_follows_the_formula_has_no_warnings():
    assert check(GOOD, channel="email") == []


def test_each_missing_part_of_a_first_response_is_warned_with_an_empty_span():
    warnings = check("Your ticket has been received.", channel="email")
    assert [w.code for w in warnings] == ["missing_empathy", "missing_info_request", "missing_commitment"]
    assert all((w.start, w.end) == (0, 0) and w.message for w in warnings)


def test_missing_codes_only_apply_to_first_responses():
    assert codes("Your ticket has been received.", first_response=False) == []


@pytest.mark.parametrize(
    "promise",
    ["We will refund you.", "Your refund is guaranteed.", "It will be fixed by Friday.",
     "You'll be compensated for the outage.", "This will never happen again.",
     "We'll send you a replacement tomorrow.", "We'll waive the fee."],
)
def test_promises_of_an_outcome_are_warned_on_every_reply_with_their_span(promise):
    text = "Thanks for the update. " + promise
    (warning,) = check(text, first_response=False)
    assert warning.code == "promises_outcome"
    assert 23 <= warning.start < warning.end <= len(text)


@pytest.mark.parametrize(
    "hedged",
    ["We can't promise a refund.", "There is no guarantee it will be fixed by Friday.",
     "If the review finds we made a mistake, we will refund you.", "You may be eligible for compensation.",
     "Would you like us to refund you?", "We won't refund you before the review.",
     "You wrote \"you guaranteed delivery\", and I'm checking that.", "I promise we'll look into it."],
)
def test_negated_conditional_quoted_or_asked_promises_are_not_warned(hedged):
    assert "promises_outcome" not in codes(hedged, first_response=False)


@pytest.mark.parametrize(
    "blame",
    ["You should have read the terms.", "As we already told you, that plan has no phone support.",
     "That's your fault.", "Nobody else has had this problem.", "You clearly didn't check the size chart."],
)
def test_arguing_with_or_blaming_the_customer_is_warned(blame):
    (warning,) = check(blame, first_response=False)
    assert warning.code == "blames_customer"
    assert blame[warning.start : warning.end].strip()


@pytest.mark.parametrize(
    "kind",
    ["It's not your fault.", "None of this is your fault.", "You shouldn't have had to ask twice.",
     "You should have received a confirmation email."],
)
def test_kind_words_about_fault_are_not_blame(kind):
    assert codes(kind, first_response=False) == []


def test_a_public_channel_needs_a_request_to_continue_in_private():
    text = "Sorry to hear that. What's your order number? We'll look into it."
    assert codes(text, channel="email") == []
    warnings = check(text, channel="social")
    assert [w.code for w in warnings] == ["missing_info_request"]
    assert "private" in warnings[0].message
    assert codes("Sorry to hear that. Please DM us your order number and we'll look into it.", channel="forum") == []


def test_empathy_without_cliches_and_a_question_without_please_count():
    text = "That sounds stressful with a trip coming up. Which airport were you flying from? I'm checking now."
    assert codes(text, channel="portal") == []


def test_spans_are_offsets_into_the_original_text_with_curly_apostrophes():
    text = "Sorry! We’ll refund you today. What’s the order number? We’ll look into it."
    (warning,) = check(text)
    assert text[warning.start : warning.end] == "We’ll refund"


def test_the_codes_are_exactly_the_published_ones():
    assert CODES == ("missing_empathy", "missing_info_request", "missing_commitment", "promises_outcome",
                     "blames_customer")


def test_patterns_are_data_and_a_broken_file_is_refused_with_its_entry_named():
    assert default_patterns().digest
    with pytest.raises(PatternError, match=r"\[\[empathy\]\] #1"):
        patterns_load("[cues]\nnegation='not'\nhedge='if'\n[[empathy]]\npatterns=['(unclosed']\n")
    with pytest.raises(PatternError, match="incomplete"):
        patterns_load("[[empathy]]\npatterns=['sorry']\n")


def test_a_pattern_set_passed_in_is_the_one_used():
    text = "\n".join(f"[[{cls}]]\npatterns=['zzz']" for cls in
                     ("empathy", "info_request", "private_channel", "private_detail", "commitment", "blame"))
    custom = patterns_load("[cues]\nnegation='not'\nhedge='if'\n" + text + "\n[[promise]]\npatterns=['\\bsoon\\b']\n")
    assert codes("We will refund you soon.", first_response=False, patterns=custom) == ["promises_outcome"]


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("Not the experience we want for you at all. Pop your order number in a DM and our team will take a look.",
         "social"),
        ("Oof, what a pain. Slide into our DMs with the error message and we'll get on it.", "social"),
        ("Hi Chris - annoying, I know. Quick one: what's the serial number? I'll take it from there.", "portal"),
        ("No one wants that on their birthday. If you could PM me the order number, I'll follow it up.", "forum"),
        ("I understand how disruptive this is. Send over a sample file and we'll try to reproduce it.", "portal"),
        ("That's on us, not you. Fire over a DM with the account email and we'll sort out next steps.", "twitter"),
        ("Totally valid to be annoyed. Please inbox us the tracking code and we'll chase the courier.", "facebook"),
        ("I can't imagine how stressful that was. Got the flight number handy? I'll circle back with ops.", "email"),
        ("Sorry you're stuck. Fill in the form at tact.example/check and we'll review your request.", "portal"),
        ("Eek, not ideal! Pop us a DM with the booking reference and we'll dig into it.", "twitter"),
        ("Sorry, a frustrating bug. Could you record a screen capture? I'll hand it to the devs.", "portal"),
        ("Ah, I see why that's confusing! Got the code? I'm going to try reproducing it this afternoon.", "chat"),
        ("Dear Mr Fraser, we have clearly not met the standard you are entitled to expect. I should be grateful if "
         "you would provide your account number. I shall refer the matter to our legal team.", "email"),
        ("Dear Ms Baker, I am sorry to learn of the difficulties you have had. Whether compensation is due will "
         "depend on our review, which I have started. Please could you send the dates of the outages?", "email"),
        ("Spoke to Mr Ade. Apologised for the confusion over his bill. Asked him to email a copy of the letter. "
         "Will review with billing and call him back.", "phone"),
        ("That sounds frustrating. I can't promise a refund yet, but we'll check whether one applies. What's the "
         "order number?", "email"),
    ],
)
def test_good_drafts_in_other_voices_are_not_warned(text, channel):
    assert check(text, channel=channel) == []


@pytest.mark.parametrize(
    "promise",
    ["I will ensure the full amount is returned to your account by Friday.", "Consider it done.",
     "We'll make sure you're compensated for the trouble.", "A replacement is already on its way to you.",
     "Whatever happened, you're getting a full refund.", "You will receive a £50 voucher.",
     "The second payment will be reversed straight away.", "We'll cover the cost of the call.",
     "Your next order is on us.", "The refund will be processed today.", "Everyone affected gets a free month.",
     "I'll make sure your account is restored before the tournament."],
)
def test_promises_in_other_words_are_warned(promise):
    assert codes(promise, first_response=False) == ["promises_outcome"]


@pytest.mark.parametrize(
    "blame",
    ["Per my last email, the charge is correct.", "The terms you agreed to are pretty clear.",
     "You must have entered the wrong address at checkout.", "If you'd updated the app, this wouldn't happen.",
     "That's on you for choosing the cheapest shipping option.", "We did send three reminders before the deadline.",
     "Backing up is the user's responsibility.", "I'm not sure why you're surprised.",
     "As mentioned before, the price stands.", "The double charge is there because you clicked Pay twice.",
     "For future reference, the import only takes UTF-8.", "We've replied to you three times now.",
     "Plenty of other customers are happy with the new app.", "It looks like you skipped the migration."],
)
def test_blame_in_other_words_is_warned(blame):
    assert codes(blame, first_response=False) == ["blames_customer"]


def test_you_should_have_is_blame_not_a_hedge_that_hides_a_promise():
    text = "You should have checked the size chart, but we'll refund you anyway."
    assert sorted(codes(text, first_response=False)) == ["blames_customer", "promises_outcome"]


@pytest.mark.parametrize("channel", ["twitter", "X", "facebook", "instagram", "reddit"])
def test_social_networks_by_name_are_public_channels(channel):
    text = "Sorry to hear that. What's your order number? We'll look into it."
    assert codes(text, channel=channel) == ["missing_info_request"]
    assert codes("Sorry to hear that. DM us your order number and we'll look into it.", channel=channel) == []


def test_owning_the_mistake_is_empathy_not_a_promise_or_blame():
    assert codes("That's on us, sorry. DM us your order number and we'll look into it.", channel="twitter") == []
    assert codes("We dropped the ball. What's the order number? I'll look into it.", channel="email") == []


@pytest.mark.parametrize(
    "promise",
    ["I've gone ahead and credited £30 to your account.", "We have already waived the cancellation fee.",
     "Your money is on its way back to you.", "This is resolved in the next app update.",
     "You have my word on that.", "Expect your refund within the week.", "Consider it sorted.",
     "The courier will have it with you first thing tomorrow.", "We'll make sure this doesn't happen again.",
     "Our technician will fix the boiler.", "The late fee has been removed.", "All sorted, your plan is back."],
)
def test_outcomes_granted_or_certain_in_grammatical_shapes_are_promises(promise):
    assert codes(promise, first_response=False) == ["promises_outcome"]


@pytest.mark.parametrize(
    "blame",
    ["Our logs show you reset the router yourself.", "The order was placed for the wrong day by you.",
     "With respect, that isn't what our agent said.", "Actually, you declined the parcel at the door.",
     "You were sent two warnings before the account closed.", "It says in the listing that batteries are extra.",
     "Everyone else manages to find the button.", "You've got the dates wrong.",
     "The postcode you entered was incomplete.", "Had you read the confirmation, you'd have seen the time."],
)
def test_pointing_at_what_the_customer_did_or_knew_is_blame(blame):
    assert set(codes(blame, first_response=False)) == {"blames_customer"}


@pytest.mark.parametrize(
    "commitment",
    ["Someone in our returns team will be in touch.", "You'll hear back from me by Friday.",
     "Expect a call from our billing lead tomorrow.", "Your complaint is now with our quality team.",
     "I've reached out to the branch manager.", "My colleague Ravi will take it from here.",
     "Don't worry I'll check the order.", "Our engineers have your report and will go through it."],
)
def test_commitments_in_other_shapes_are_not_warned_missing(commitment):
    text = f"Sorry about this. Could you send the order number? {commitment}"
    assert codes(text) == []


@pytest.mark.parametrize(
    "good",
    ["We'll check whether a refund applies.", "I know you were told something different, and I'm sorry.",
     "Refunds usually take five days once approved, so I'll check where yours is.",
     "We expect the fix to ship soon, and I'll check with the team."],
)
def test_near_misses_of_promise_and_blame_are_not_warned(good):
    assert codes(f"Sorry about this. Could you send the order number? {good} I'll look into it.") == []
