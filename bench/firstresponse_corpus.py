"""Writes bench/data/firstresponse_corpus.jsonl: the labelled drafts the checker's patterns are tuned on (a
regression set).

Deterministic (seeded): drafts are assembled from parts written many ways — greetings, empathy (apologies and
plain acknowledgements), information requests (questions without "please", imperatives, "we'll need"), requests
to continue in private, commitments, neutral context, sign-offs — and, for the bad drafts, promises of an outcome
and blame; many hard negatives (negated, conditional and hedged promises, questions about a refund, kind words
about fault). The held-out set (bench/data/firstresponse_holdout.jsonl) was written by hand, as whole replies,
before any tuning, and is never tuned on.

    .venv/bin/python bench/firstresponse_corpus.py
"""
import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("data") / "firstresponse_corpus.jsonl"
NAMES = ["Ana", "Ben", "Chloe", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivo", "Jo", "Kemal", "Lena"]
GREETINGS = ["Hi {n},", "Hello {n} —", "Hey {n}!", "", "Good morning {n},", "Dear {n},", "Hi there,", "{n},"]
SIGNOFFS = ["", "Best, Sam", "Thanks,\nRiley from Support", "Speak soon.", "Kind regards,\nThe Helpdesk team", "— Jo"]
EMPATHY = [
    "I'm sorry the order arrived late.",
    "So sorry about the double charge.",
    "Apologies for the trouble with the login page.",
    "I can see why this has been frustrating.",
    "That sounds really stressful, especially before a holiday.",
    "I understand how annoying it is to lose your settings.",
    "We're sorry you've had to wait this long.",
    "That's not the experience we want you to have.",
    "Thank you for your patience while we sort this.",
    "Thanks for flagging this, and sorry for the hassle.",
    "I can imagine how worrying an unexpected bill is.",
    "I really regret that this happened.",
    "We let you down here, and I'm sorry.",
    "Sad to hear the replacement broke as well.",
    "That must have been a rotten start to the day.",
    "I hear you — waiting a week for a reply isn't okay.",
    "Thank you for taking the time to explain all of this.",
    "I appreciate how much hassle this has caused you.",
    "Oh no, that sounds like a nightmare.",
    "You shouldn't have had to chase us for this.",
    "I'm really sorry, this isn't the service you should get from us.",
    "That's frustrating, and I completely get why you're upset.",
    "Sincere apologies for the confusion with your booking.",
    "We fell short on this one.",
]
NEUTRAL_OPENERS = [
    "Thanks for getting in touch.", "We received your message.", "This is about your order.",
    "Regarding your ticket,", "Hello from the support team.", "Your request has been logged.",
    "Thanks for your email.", "Ok.",
]
INFO_PRIVATE = [
    "Could you send me the order number?",
    "What's the email address on the account?",
    "Which browser are you using?",
    "Please share a screenshot of the error.",
    "Can you tell me roughly when you were charged?",
    "Would you mind forwarding the confirmation email?",
    "Let us know the last four digits of the card used.",
    "We'll need the serial number from the back of the device.",
    "When did this first start happening?",
    "Reply with the tracking number when you get a moment.",
    "If you could send the invoice reference, that would help.",
    "Was the app up to date when it crashed?",
    "Tell me which address the parcel was going to.",
    "Kindly confirm the postcode on the order.",
    "Do you still have the packaging?",
    "Is the error the same on your phone?",
]
INFO_PUBLIC = [
    "Please DM us your order number.",
    "Could you send us a direct message with the email on your account?",
    "Drop us a DM with your booking reference.",
    "Can you email us at help@example.com with the details?",
    "Please send us a private message with a screenshot.",
    "Would you mind messaging us privately with the tracking number?",
    "Send us a PM with your username.",
    "If you email us the order number, we can take it from there in private.",
    "Could you open a support ticket with your account details?",
    "Please get in touch by DM with the date of the charge.",
]
QUESTION_ONLY = [  # asks for private details, but in the public thread
    "What's your order number?", "Can you tell us the email on your account?", "Reply here with your phone number.",
    "Could you share the booking reference?",
]
COMMITMENT = [
    "I'll look into it and get back to you.",
    "We'll review your account today.",
    "Our billing team will investigate what happened.",
    "I'm checking with the courier now.",
    "Let me dig into the logs.",
    "We're looking into it.",
    "I've passed this to our engineers.",
    "I will personally follow this up.",
    "The team is reviewing every report of this.",
    "We'll take a proper look and keep you posted.",
    "I'm going to raise this with the warehouse.",
    "Someone from our payments team will be in touch.",
    "We'll go through the recordings and come back to you.",
    "I have escalated this to a supervisor.",
    "This is being looked into as a priority.",
    "We'll check what went wrong and update you.",
    "Leave it with me and I'll find out what happened.",
]
CONTEXT = [
    "Our records show the parcel left the warehouse on Monday.",
    "There was a payments outage on Tuesday that affected some orders.",
    "The app was updated to version 5.2 last night.",
    "Refunds normally take three to five working days to show.",
    "The login page was changed last week.",
]
PROMISES = [
    "We will refund you in full.",
    "Your refund is guaranteed.",
    "It will be fixed by Friday.",
    "You'll be compensated for the whole month.",
    "We'll credit your account with £20.",
    "I promise you'll get your money back.",
    "This will never happen again.",
    "A replacement is on its way and will arrive tomorrow.",
    "We'll send you a brand new one.",
    "You will receive a full refund within 24 hours.",
    "The outage will be resolved by tonight.",
    "We'll waive the late fee.",
    "Rest assured, the money will be back in your account by Monday.",
    "I can assure you this won't happen again.",
    "Your account will definitely be unlocked today.",
    "We guarantee delivery by the weekend.",
    "You'll be reimbursed for the taxi.",
    "We will fix it by tomorrow morning.",
    "The charge will be refunded.",
    "100% you'll have it back tomorrow.",
]
HARD_NEGATIVE_PROMISES = [
    "We can't promise a refund before we've seen the details.",
    "There's no guarantee the old files can be restored.",
    "If the review shows we made a mistake, we'll refund you.",
    "You may be eligible for compensation.",
    "Whether you get a refund depends on what we find.",
    "Would you prefer a refund or a replacement?",
    "We're not able to promise a date yet.",
    "I won't guarantee anything until the engineers have looked.",
    "Refunds are usually possible within 30 days, and I'll check yours.",
    "We hope to have it fixed this week, though I can't say for sure.",
    "I promise we'll look into this properly.",
    "Once we confirm the charge was a duplicate, it would normally be refunded.",
    "We cannot guarantee compensation for short outages.",
    "Do you want us to send a replacement?",
]
BLAMES = [
    "You should have read the terms before ordering.",
    "As we already told you, the plan has no phone support.",
    "That's your fault for using an old browser.",
    "Nobody else has had this problem.",
    "You clearly didn't check the size chart.",
    "If you had followed the setup guide, this wouldn't have happened.",
    "That is simply not true.",
    "The problem must be on your end.",
    "You failed to cancel before the renewal date.",
    "Next time, please read the instructions.",
    "Like I said before, we don't ship to that country.",
    "This is not our fault.",
    "You're mistaken about the price.",
    "For the third time, the discount code expired.",
    "You were told about the fee at checkout.",
    "It's user error, not a bug.",
]
HARD_NEGATIVE_BLAMES = [
    "It's not your fault at all.",
    "None of this is your fault.",
    "You should have received a confirmation email on Tuesday.",
    "You're right, and we got this wrong.",
    "You did nothing wrong here.",
    "The mistake was ours.",
]
FOLLOW_UPS = [
    "Thanks, that's exactly what we needed.",
    "The fix went out in version 5.3 — let us know if you still see it.",
    "I've checked with the warehouse and your parcel left this morning.",
    "Quick update: the engineers are still on it.",
    "I can confirm we received the returned item.",
    "Your refund was processed yesterday and should show within a few days.",
]


def draft(rng, body: list[str]) -> str:
    greeting = rng.choice(GREETINGS).format(n=rng.choice(NAMES))
    parts = [p for p in [greeting, *body, rng.choice(SIGNOFFS)] if p]
    sep = rng.choice([" ", "\n\n", "\n"])
    return sep.join(parts)


def build() -> list[dict]:
    rng = random.Random(10)
    rows: list[tuple[str, str, bool, list[str]]] = []

    def private():
        return rng.choice(["email", "portal", "phone", "email"])

    def public():
        return rng.choice(["social", "forum"])

    for _ in range(70):  # good first responses
        is_public = rng.random() < 0.35
        info = rng.choice(INFO_PUBLIC if is_public else INFO_PRIVATE)
        body = [rng.choice(EMPATHY), info, rng.choice(COMMITMENT)]
        if rng.random() < 0.3:
            body.insert(1, rng.choice(CONTEXT))
        if rng.random() < 0.25:
            body[1:3] = [body[2], body[1]]
        rows.append((draft(rng, body), public() if is_public else private(), True, []))
    for hard in HARD_NEGATIVE_PROMISES * 3 + HARD_NEGATIVE_BLAMES * 3:  # good, with a hard negative
        is_public = rng.random() < 0.3
        body = [rng.choice(EMPATHY), rng.choice(INFO_PUBLIC if is_public else INFO_PRIVATE), hard,
                rng.choice(COMMITMENT)]
        rows.append((draft(rng, body), public() if is_public else private(), True, []))
    for _ in range(25):
        rows.append((draft(rng, [rng.choice(NEUTRAL_OPENERS), rng.choice(INFO_PRIVATE), rng.choice(COMMITMENT)]),
                     private(), True, ["missing_empathy"]))
    for _ in range(20):
        rows.append((draft(rng, [rng.choice(EMPATHY), rng.choice(COMMITMENT)]), private(), True,
                     ["missing_info_request"]))
    for _ in range(15):
        rows.append((draft(rng, [rng.choice(EMPATHY), rng.choice(QUESTION_ONLY), rng.choice(COMMITMENT)]),
                     public(), True, ["missing_info_request"]))
    for _ in range(25):
        rows.append((draft(rng, [rng.choice(EMPATHY), rng.choice(INFO_PRIVATE + INFO_PUBLIC)]), private(), True,
                     ["missing_commitment"]))
    for promise in PROMISES * 2:
        body = [rng.choice(EMPATHY), rng.choice(INFO_PRIVATE), promise, rng.choice(COMMITMENT)]
        rows.append((draft(rng, body), private(), True, ["promises_outcome"]))
    for promise in PROMISES:
        body = [rng.choice(EMPATHY), rng.choice(INFO_PRIVATE), promise]
        rows.append((draft(rng, body), private(), True, ["promises_outcome"]))  # the promise is the warning
        rows.append((draft(rng, [rng.choice(FOLLOW_UPS), promise]), private(), False, ["promises_outcome"]))
    for blame in BLAMES * 2:
        body = [rng.choice(EMPATHY), blame, rng.choice(INFO_PRIVATE), rng.choice(COMMITMENT)]
        rows.append((draft(rng, body), private(), True, ["blames_customer"]))
    for blame in BLAMES:
        rows.append((draft(rng, [blame, rng.choice(FOLLOW_UPS)]), private(), False, ["blames_customer"]))
    for follow in FOLLOW_UPS * 3:
        extra = rng.choice(HARD_NEGATIVE_PROMISES + HARD_NEGATIVE_BLAMES + [""])
        rows.append((draft(rng, [follow, extra]), rng.choice(["email", "social"]), False, []))
    for _ in range(8):
        rows.append((draft(rng, [rng.choice(NEUTRAL_OPENERS)]), private(), True,
                     ["missing_commitment", "missing_empathy", "missing_info_request"]))
    return [
        {"id": f"c{i:04d}", "text": text, "channel": channel, "first_response": first, "codes": sorted(codes)}
        for i, (text, channel, first, codes) in enumerate(rows, start=1)
    ]


if __name__ == "__main__":
    rows = build()
    with OUT.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} drafts -> {OUT}")
