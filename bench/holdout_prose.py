"""The held-out set's prose around each case: formats, openers, apologies, hard negatives and sign-offs.

Part of `bench/holdout.py` (see its docstring for how and why). Sentences carry `[[kind|class|tier|text]]`
labels; `tag` writes one.
"""

from __future__ import annotations

import random
import re
from datetime import timedelta

import phonenumbers

# -- formats -------------------------------------------------------------------------------------------


def phone_as(number: str, rng: random.Random) -> str:
    """The same phone number written another way than the context holds it."""
    parsed = phonenumbers.parse(number)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    options = {
        national,
        national.replace(" ", ""),
        national.replace(" ", "-"),
        phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
    } - {number}
    return rng.choice(sorted(options))


def ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def clock12(dt, rng: random.Random) -> str:
    hour = dt.hour % 12 or 12
    ampm = rng.choice(["pm", " pm", "PM", " p.m."]) if dt.hour >= 12 else rng.choice(["am", " am", "AM"])
    return f"{hour}:{dt.minute:02d}{ampm}"


def nearest_hour(dt) -> int:
    return (dt.hour + (1 if dt.minute >= 30 else 0)) % 24


def hour12(hour: int) -> str:
    return f"{hour % 12 or 12}{'pm' if hour >= 12 else 'am'}"


def pick(rng: random.Random, options: list[str]) -> str:
    return rng.choice(options)


def tag(kind: str, cls: str, tier: str, text: str) -> str:
    return f"[[{kind}|{cls}|{tier}|{text}]]"


# -- openers, closings and hard-negative sentences -----------------------------------------------------


def opener(rng: random.Random, w, channel: str) -> str:
    handle = w.customer["handle"]
    if channel in ("social", "forum"):
        return pick(
            rng,
            [
                f"Hi @{handle},",
                f"Hey @{handle} —",
                "Hello there,",
                f"@{handle} thanks for flagging this.",
                "Hi, and thanks for your patience.",
                f"Morning @{handle},",
                "Hi again,",
                f"@{handle} hi!",
            ],
        )
    first, full = w.customer["first"], w.customer["full"]
    return pick(
        rng, [f"Hi {first},", f"Dear {first},", f"Hello {first},", f"Dear {full},", "Hi there,", f"{first}, hi —"]
    )


APOLOGIES = [
    "I'm really sorry for the trouble this has caused.",
    "Apologies for the slow reply, it has been a very busy week on our side.",
    "Sorry about this, I know how frustrating it is.",
    "I completely understand how annoying this is, and I'm sorry.",
    "First of all, sorry for the mix-up.",
    "Thanks for bearing with us, and apologies again.",
    "I'm so sorry, this should never have happened.",
    "Really sorry you've had to chase us on this.",
]

EXPLANATIONS = [
    "I've gone through the account history line by line and can see exactly where it went wrong.",
    "The short version is that the renewal ran twice because of a retry on our side.",
    "Nothing you did caused this, and you don't need to do anything else right now.",
    "Once it's done you'll get an automatic email confirming it.",
    "If the app still shows the old balance, sign out and back in and it should refresh.",
    "I've also added a note so whoever picks this up next has the full picture.",
    "I know it's been a long wait and you've had to repeat yourself, which isn't fair.",
    "We're changing the process so this doesn't happen to anyone else.",
    "The engineers found the cause last night and the fix is being tested now.",
    "You're not the only one affected, and we're working through everyone's accounts one by one.",
    "Could you confirm whether you're still seeing the error after that?",
    "I'd rather over-communicate here, so I'll update you even if there's no news.",
    "The credit will show as a separate line on your next bill rather than a new invoice.",
    "If the page still spins, a screenshot of what you see would really help us.",
    "I've put a hold on any further reminders while we sort this out.",
    "Honestly, this one slipped through the cracks and that's on us.",
]

CLOSINGS = [
    "Let me know if there's anything else.",
    "Thanks again for your patience.",
    "We'll keep you posted here.",
    "If anything else comes up, just reply to this thread.",
    "Have a good rest of your day.",
    "Thanks for sticking with us.",
]


def sign_off(rng: random.Random, w) -> str:
    alias, company = w.alias, w.company["names"][0]
    return pick(
        rng,
        [
            f"— {alias}",
            f"Cheers,\n{alias}",
            f"Best,\n{alias} ({company} Support)",
            f"Thanks,\n{alias}",
            f"Kind regards,\n{alias}\n{company} Customer Care",
            f"^{alias}",
        ],
    )


def negatives(rng: random.Random, w) -> list[str]:
    """Sentences that look risky and are not: our own details, help text, generic and future times."""
    co = w.company
    soon = w.now + timedelta(days=rng.randrange(9, 30))
    tomorrow = w.now + timedelta(days=1)
    return [
        f"You can follow progress at {rng.choice(co['urls'])}.",
        f"Our phone line is {rng.choice(co['spoken_phones'])}, open 9am-5pm Monday to Friday.",
        f"You can also email {rng.choice(co['emails'])} any time.",
        f"The fix ships in version {rng.randrange(3, 9)}.{rng.randrange(0, 20)}.{rng.randrange(1, 9)}, "
        "rolling out over the next few days.",
        "If you're testing payments in the sandbox, use the test card 4242 4242 4242 4242 with any future expiry date.",
        "In test mode 4111 1111 1111 1111 is accepted and 4000 0000 0000 0002 is always declined.",
        f"Scheduled maintenance runs on {soon.strftime('%A')} {soon.day} {soon.strftime('%B')} from 01:00 to 03:00.",
        "Invoices are generated on the 1st of each month and due 14 days later.",
        f"Our internal incident reference is INC-{rng.randrange(20000, 29999)}, if you want to quote it.",
        f"The replacement order is #{rng.randrange(40000, 49999)}-B and should dispatch this week.",
        f"Your new order number is {rng.randrange(5_100_000, 5_999_999)}, in case the courier asks.",
        f"I've logged it as case {rng.randrange(30_000_000, 39_999_999)} in our system.",
        f"The billing team works 8:30-17:30, {pick(rng, ['Monday to Friday', 'weekdays', 'Mon–Fri'])}.",
        f"Build {rng.randrange(2023, 2025)}.{rng.randrange(1, 12)}.{rng.randrange(1, 9)} "
        "fixes the sync issue for everyone.",
        "Please allow 3–5 working days for the credit to show on your statement.",
        f"I can call you back tomorrow at {(tomorrow.hour + 5) % 12 + 1}:30 if that's easier.",
        f"My colleague {w.other_alias} from the billing team will pick this up if I'm out.",
        f"{co['names'][0]} support is staffed around the clock on chat.",
        "We've raised it with our engineers and they're on it.",
        f"For anyone else reading: the outage on {soon.day} {soon.strftime('%B')} won't affect card payments.",
        "The app needs iOS 16.4 or later, or Android 12.",
        "It's usually quickest to reply here rather than opening a new ticket.",
        f"There's a walkthrough at {co['urls'][-1]}/billing#refunds if you'd like the details.",
        "Our cut-off for next-day dispatch is 2pm.",
        "Between 12:00 and 13:00 the line is quieter, if you'd rather ring.",
        f"Plans start at {co['currency']}9.99 a month, and the annual plan saves two months.",
    ]


def reply(rng: random.Random, w, channel: str, body: list[str]) -> list[str]:
    """The whole reply: opener, perhaps an apology, the body among hard negatives, a closing and a sign-off."""
    if channel in ("social", "forum") and not w.public_post:
        w.public_post = pick(
            rng,
            [
                f"@{w.company['names'][1]} three days without service and nobody answers the phone. Unbelievable.",
                f"Is anyone at {w.company['names'][0]} actually reading these? Still waiting on a refund.",
                "Charged twice AGAIN this month. Fix your billing!!",
                f"Day 5 of {w.company['product']} not syncing. Any ETA?",
            ],
        )
    plain = re.sub(r"\[\[[^|]+\|[^|]+\|[^|]+\|(.+?)\]\]", r"\1", " ".join(body))
    fillers = [s for s in negatives(rng, w) if s not in body]
    rng.shuffle(fillers)
    explanations = rng.sample(EXPLANATIONS, len(EXPLANATIONS))
    short = channel == "social" and rng.random() < 0.3
    target = 0 if short else rng.randrange(300, 560)
    body, extra = list(body), []
    while len(plain.encode()) + sum(len(x) + 1 for x in extra) < target:
        extra.append(fillers.pop() if rng.random() < 0.45 else explanations.pop())
    for sentence in extra[: len(extra) // 2]:
        body.insert(rng.randrange(len(body) + 1), sentence)
    parts = [opener(rng, w, channel), "\n\n"]
    if not short and rng.random() < 0.7:
        parts.append(pick(rng, APOLOGIES) + " ")
    if rng.random() < 0.25:
        parts.append("Here's where things stand:\n" + "\n".join(f"- {s}" for s in body))
    else:
        parts.append(" ".join(body))
    if extra[len(extra) // 2 :]:
        parts.append("\n\n" + " ".join(extra[len(extra) // 2 :]))
    if not short:
        parts.append("\n\n" + pick(rng, CLOSINGS))
    parts.append("\n\n" + sign_off(rng, w))
    return parts
