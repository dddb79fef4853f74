"""Writes bench/data/firstresponse_train3.jsonl and firstresponse_dev3.jsonl: first-response drafts that teach
the checker meanings, not wordings.

The checker knew the promises and blame of the sets it was tuned on and missed the same meaning in other voices,
and read commitments said in other ways ("someone from billing will be in touch", "I've reached out to the
store") as missing. Every part here is written by hand, one phrase per line, from general knowledge of how
support replies are phrased, not from any held-out set: nothing was read from, or checked against, an
evaluation set.

- promises: future certainty about an outcome ("you'll have your money back", "consider it sorted", "a
  replacement is on its way", "I've credited ...", "this is fixed in the next release", dates and deadlines,
  compensation, "100%", "you have my word");
- blame and arguing: pointing at the customer's action or knowledge ("as you were told", "if you had followed
  the instructions", "this is user error", "our records show you agreed", "please read the FAQ before
  contacting us", sarcasm, "with respect, you're mistaken", correcting their account of events);
- commitments to review in many shapes (a colleague's name as subject, a case already logged, "you'll hear
  from me", "expect an update"), and drafts really without one;
- near-miss good drafts beside them: apologies that own a failure, neutral explanations of policy, "we'll
  check whether ...", "I've asked whether a refund applies", a fix worked on without a date.

A draft is assembled from parts (empathy, a request, a commitment, and at most one promise, blame or neutral
sentence), on email, portal, chat, phone notes, twitter, facebook and forum; its codes follow from its parts.
Each promise, blame, commitment and near-miss list is split in two by position: the even lines build the
training set, the odd lines the development set, so the development figures are on phrasings the patterns were
not tuned on and the model never saw (the threshold is chosen there). Deterministic (seeded).

    .venv/bin/python bench/firstresponse_train3.py
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import save_corpus  # noqa: E402

DATA = Path(__file__).with_name("data")
SEED = 20261204
PUBLIC = ("twitter", "facebook", "forum")
PRIVATE = ("email", "portal", "chat")

EMPATHY = [
    "I'm so sorry about this.",
    "Sorry to hear that, {name}.",
    "That sounds really frustrating.",
    "Oh no, what a hassle.",
    "I can see why you're upset.",
    "Apologies for the trouble this has caused.",
    "That's not the experience we want you to have.",
    "I understand how stressful this must be.",
    "Ugh, that's rubbish, sorry.",
    "Thank you for your patience with this, and I'm sorry it happened.",
    "I can only imagine how annoying that was.",
    "We've let you down here and I'm sorry.",
]
INFO_PRIVATE = [
    "Could you send me the order number?",
    "What's the booking reference?",
    "Please share a screenshot of the error.",
    "Can you tell me which device you're using?",
    "Could you confirm the email address on the account?",
    "Which branch did you visit, and roughly when?",
    "Please reply with the invoice number.",
    "Would you mind sending the tracking number?",
]
INFO_PUBLIC = [
    "Could you DM us your order number?",
    "Please send us a direct message with the booking reference.",
    "Drop us a DM with the email on your account.",
    "Can you message us privately with the tracking number?",
    "Please email support@example.com with your invoice number.",
]
# (file, half of each phrase list, drafts, id prefix): even lines train, odd lines are the development set.
SPLITS = (("firstresponse_train3.jsonl", 0, 320, "r"), ("firstresponse_dev3.jsonl", 1, 160, "v"))
MISSING = {"empathy": "missing_empathy", "info": "missing_info_request", "commit": "missing_commitment"}
NAMES = ["Sam", "Priya", "Tom", "Ana", "Mr Okafor", "Lena", "Kai", "Ms Patel"]

# Commitments to a review, the next step, said many ways (the first lines in shapes the patterns did not read).
COMMIT = [
    "Someone from billing will be in touch.",
    "A colleague from returns will contact you tomorrow.",
    "You'll hear back from me by Thursday.",
    "I'll make sure the right person sees this today.",
    "Expect an update from me tomorrow morning.",
    "I've put in a request with the warehouse to trace it.",
    "Your case is with our billing specialists now.",
    "My colleague Dana will take it from here.",
    "Don't worry I'll look into it.",
    "No problem, I'll check it.",
    "Your complaint has been logged and assigned to a senior agent.",
    "You will hear from us within two working days.",
    "I've reached out to the store manager.",
    "I've sent this over to the tech team.",
    "I've asked the courier what happened.",
    "I'll update you as soon as I hear more.",
    "We're looking into it now.",
    "I've passed this to our payments team.",
    "Our engineers are on it.",
    "I'll report back once I know more.",
    "I have requested the call recording so we can review it.",
    "Our product team has your report and will go through it.",
    "I've flagged this to the site manager.",
    "A member of our accounts team will contact you.",
    "I'm chasing this with the depot today.",
    "I'll keep you posted.",
    "The case is now with our quality team for review.",
    "I've created a ticket for our engineers.",
]
# Statements about what will happen that promise no outcome and commit to nothing (a draft "without commitment").
NO_COMMIT = [
    "Thanks for getting in touch.",
    "We value your feedback.",
    "Orders are usually dispatched within two days.",
    "Our opening hours are on the website.",
    "We know these things happen from time to time.",
    "Hope the rest of your week is better.",
]
# Future certainty about an outcome.
PROMISE = [
    "You'll have your money back by Friday.",
    "Consider it sorted.",
    "We'll make sure this never happens again.",
    "A replacement is on its way to you.",
    "I've credited your account with £20 for the trouble.",
    "This is fixed in the next release.",
    "The new unit will be with you on Tuesday.",
    "You're getting a full refund, 100%.",
    "I've gone ahead and refunded the delivery charge.",
    "Your money is already on its way back.",
    "We'll replace it free of charge.",
    "You have my word that the charge will be reversed.",
    "Your account will be unlocked today.",
    "This won't happen to you again.",
    "Expect the refund in 3 to 5 days.",
    "We'll knock 50% off your next bill.",
    "The engineer will have it working by Monday.",
    "I've waived the late fee.",
    "The missing items are being sent out today.",
    "Next month is on us.",
    "You'll be fully reimbursed for the taxi.",
    "The bug will be gone with the next update.",
    "I've arranged a brand new phone for you, it arrives Wednesday.",
    "I've cancelled the fee, so you won't pay anything.",
    "You will definitely get the parcel tomorrow.",
    "It's all sorted: your booking is reinstated.",
    "Your refund has been approved and will land in your account this week.",
    "I'll personally see that you get every penny back.",
    "We're sending a technician on Thursday who will fix it.",
    "Rest easy, the charge is cancelled.",
    "I've issued a £15 voucher to your account.",
    "That'll be resolved by the end of the day.",
]
# Pointing at the customer's action or knowledge, arguing with their account.
BLAME = [
    "As you were told on the phone, the deadline had passed.",
    "If you had followed the setup guide, this wouldn't have happened.",
    "This is user error, I'm afraid.",
    "Our records show you agreed to the terms on 3 March.",
    "Please read the FAQ before contacting us.",
    "The button is labelled pretty clearly, to be fair.",
    "With respect, you're mistaken about the dates.",
    "Actually, you cancelled the order yourself on Monday.",
    "That's not quite what happened: you declined the delivery.",
    "You were sent three reminders.",
    "You clearly didn't read the email we sent.",
    "Maybe try reading the instructions next time.",
    "You ordered the wrong size.",
    "The logs show you changed the password yourself.",
    "Had you checked the tracking page you'd have seen it.",
    "The app crashed because you didn't update it.",
    "Our driver did knock; you weren't in.",
    "It's all in the FAQ, which a quick search would have found.",
    "You signed up for the annual plan, so the charge is correct.",
    "Contrary to what you say, we never received the item.",
    "To be clear, you agreed to this when you booked.",
    "You must be confusing us with another company.",
    "I'm afraid you've got the wrong end of the stick.",
    "Funny how everyone else manages to log in.",
    "The address you gave us was incomplete.",
    "As stated in our email, returns close after 14 days.",
    "It says on the box that it isn't waterproof.",
    "You opted out of insurance at checkout.",
    "Your own settings blocked the emails.",
    "We can only go by what you entered, which was wrong.",
    "Respectfully, that isn't how the feature works and it never was.",
    "Again, the booking was made for the wrong date by you.",
]
# Good sentences that sound close to a promise or to blame: owning the failure, policy said neutrally, checks.
NEAR_MISS = [
    "We'll check whether a refund applies.",
    "I've asked billing whether the charge can be reversed.",
    "A fix is being worked on, but I can't give a date yet.",
    "Refunds usually take five days once they're approved.",
    "Our returns window is 30 days; I'll check how that applies to your order.",
    "I've asked the warehouse if a replacement can be sent.",
    "I can't promise a refund, but I'll make the case for one.",
    "That was our mistake, not yours.",
    "The instructions could be much clearer, and I'll pass that on.",
    "You did everything right here.",
    "The terms say bookings can be moved up to 24 hours before, so let me see what's possible.",
    "Some customers have reported the same crash, so you're not alone.",
    "If the review finds we got it wrong, we'll put it right.",
    "I know you were told something different on the phone, and I'm sorry for the mix-up.",
    "Our records only show one payment, so I'd like to compare them with your statement.",
    "It's possible the email went to spam; it would help to know if you can find it there.",
    "There may be compensation available, depending on what the review finds.",
    "I've asked our engineers to look at whether the next release could include a fix.",
    "I'll make sure your feedback reaches the product team.",
    "Nobody should have to chase us like this.",
]


def half(items: list[str], part: int) -> list[str]:
    """Even lines (part 0: training) or odd lines (part 1: development)."""
    return items[part::2]


def build(part: int, count: int, prefix: str) -> list[dict]:
    rng = random.Random(SEED + part)
    commit, no_commit = half(COMMIT, part), NO_COMMIT
    promise, blame, near = half(PROMISE, part), half(BLAME, part), half(NEAR_MISS, part)
    rows = []
    for number in range(1, count + 1):
        kind = rng.choices(["good", "promise", "blame", "missing"], weights=[45, 20, 20, 15])[0]
        channel = rng.choice(PUBLIC if rng.random() < 0.4 else PRIVATE)
        public = channel in PUBLIC
        parts: dict[str, str] = {}
        codes: set[str] = set()
        has = {"empathy": True, "info": True, "commit": True}
        if kind == "missing":
            gone = rng.choice(["empathy", "info", "commit"])
            has[gone] = False
            codes.add(MISSING[gone])
        if has["empathy"]:
            parts["empathy"] = rng.choice(EMPATHY).format(name=rng.choice(NAMES))
        if has["info"]:
            parts["info"] = rng.choice(INFO_PUBLIC if public else INFO_PRIVATE)
        parts["commit"] = rng.choice(commit) if has["commit"] else rng.choice(no_commit)
        if kind == "promise":
            parts["extra"] = rng.choice(promise)
            codes.add("promises_outcome")
        elif kind == "blame":
            parts["extra"] = rng.choice(blame)
            codes.add("blames_customer")
        elif has["commit"] and rng.random() < 0.6:  # some near-misses commit to a check themselves
            parts["extra"] = rng.choice(near)
        order = ["empathy", "extra", "info", "commit"] if rng.random() < 0.5 else ["empathy", "info", "commit", "extra"]
        sentences = [parts[key] for key in order if key in parts]
        if channel == "email":
            text = f"Hi {rng.choice(NAMES)},\n\n" + " ".join(sentences) + "\n\nBest,\nJo"
        else:
            text = " ".join(sentences)
        first = not (kind in ("promise", "blame") and rng.random() < 0.15)
        if not first:
            codes -= {"missing_empathy", "missing_info_request", "missing_commitment"}
        rows.append(
            {"id": f"{prefix}{number:03d}", "text": text, "channel": channel, "first_response": first,
             "codes": sorted(codes)}
        )
    return rows


def main() -> None:
    for name, part, count, prefix in SPLITS:
        rows = build(part, count, prefix)
        save_corpus(DATA / name, rows)
        print(f"wrote {DATA / name}: {len(rows)} drafts, {sum(not r['codes'] for r in rows)} good")


if __name__ == "__main__":
    main()
