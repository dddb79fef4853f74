"""The held-out set's cases: hand-written agent sentences per class of leak, and clean hard negatives.

Part of `bench/holdout.py` (see its docstring for how and why). A case is `make(rng, world) -> (channel,
sentences)`: channel "public", "private" or "any"; sentences carry `[[kind|class|tier|text]]` labels.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from datetime import timedelta

from holdout_prose import clock12, hour12, nearest_hour, negatives, ordinal, phone_as, pick, tag

Case = Callable[[random.Random, object], tuple[str, list[str]]]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


# -- leak cases ----------------------------------------------------------------------------------------


def staff_exact(rng, w):
    s = w.colleague
    full, email, user, team = (
        tag("person", "staff", "exact", s["full"]),
        tag("email+person", "staff", "exact", s["email"]),
        tag("person", "staff", "exact", s["username"]),
        s["team"],
    )
    return "any", [
        pick(
            rng,
            [
                f"I've passed this to {full} in our {team} team, who will look at it today.",
                f"{full} from {team} has confirmed the fix is live.",
                f"You can also write to {email} directly, that's our {team} lead.",
                f"If you see a note from {user} in the portal, that's our {team} desk picking it up.",
                f"I've checked with {full} and the refund is approved.",
                f"Sorry for the delay, {full} was off sick and the case sat in {team}.",
                f"I've cc'd {email} so {team} sees the whole thread.",
            ],
        )
    ]


def author_real_name(rng, w):
    """The agent signs or speaks with their own real name instead of the alias."""
    a = w.author
    return "any", [
        pick(
            rng,
            [
                f"I'm {tag('person', 'staff', 'exact', a['full'])} and I'll own this until it's fixed.",
                f"If you ring back, ask for {tag('person', 'staff', 'reformatted', a['first'])} and quote this ticket.",
                f"You can reply to me directly at {tag('email+person', 'staff', 'exact', a['email'])}.",
            ],
        )
    ]


def staff_reformatted(rng, w):
    s = w.colleague
    first, last, team = s["first"], s["last"], s["team"]
    local, domain = s["email"].split("@")
    spelled = local + " at " + domain.replace(".", " dot ")

    def t(text):
        return tag("person", "staff", "reformatted", text)

    return "any", [
        pick(
            rng,
            [
                f"{t(first)} from our {team} team will call you back.",
                f"I've asked {t(first)} to double-check the invoice.",
                f"Our {team} lead, {t(last)}, has signed off the refund.",
                f"{t(first)}'s team is already on it.",
                f"{t(first.lower())} in {team} is on it, should be sorted today.",
                f"I've flagged it to {t(f'{first[0]}. {last}')} in {team}.",
                f"This went to {t(first)} on the {team} desk this morning.",
                f"Ask for {t(first)} if you ring back, they know the case.",
                f"You can reach our {team} lead at {tag('email+person', 'staff', 'reformatted', spelled)}.",
                f"Sorry — {t(last)} in {team} missed your email while on leave.",
            ],
        )
    ]


def colleague_exact(rng, w):
    c = w.contacts[rng.randrange(3)]
    name, email, phone = (
        tag("person", "colleague", "exact", c["full"]),
        tag("email+person", "colleague", "exact", c["email"]),
        tag("phone", "colleague", "exact", c["phone"]),
    )
    return "any", [
        pick(
            rng,
            [
                f"We'll ring {name} tomorrow to confirm the new billing address.",
                f"I've copied {email} on this so your {c['role']} sees it.",
                f"We will ring {tag('person', 'colleague', 'reformatted', c['first'])} on {phone} tomorrow morning.",
                f"{name} approved the change on your side, so we've gone ahead.",
                f"I've sent the corrected invoice to {name} as well.",
                f"We tried {phone} a couple of times without luck.",
            ],
        )
    ]


def colleague_reformatted(rng, w):
    c = w.contacts[rng.randrange(3)]
    initial = f"{c['first'][0]}. {c['last']}"

    def t(text):
        return tag("person", "colleague", "reformatted", text)

    return "any", [
        pick(
            rng,
            [
                f"If it's urgent, ask {t(c['first'])}.",
                f"Could you copy {t(c['first'])} on your reply?",
                f"We will ring {t(c['first'])} tomorrow about the invoices.",
                f"Your {c['role']}, {t(c['first'])}, already approved it last week.",
                f"I've let {t(initial)} know as well.",
                f"We can also call {tag('phone', 'colleague', 'reformatted', phone_as(c['phone'], rng))} "
                "if you're away.",
                f"{t(c['first'])} mentioned the card had changed, so we held the payment.",
                f"Once {t(c['first'])} signs off, we'll switch the plan.",
            ],
        )
    ]


def _cue(rng):
    return pick(rng, ["when we spoke", "on our call", "on the phone", "during our call", "when we talked"])


def call_exact(rng, w):
    old = w.old
    forms = [
        f"{old.strftime('%A')} {old.day} {old.strftime('%B')} at {old.strftime('%H:%M')}",
        f"{old.day} {old.strftime('%B')} at {clock12(old, rng)}",
        f"{old.strftime('%B')} {old.day} at {clock12(old, rng)}",
        f"{old.strftime('%H:%M')} on {old.day} {old.strftime('%B')}",
    ]
    week = w.week
    forms.append(f"{week.strftime('%a')} {week.day} {week.strftime('%b')} at {week.strftime('%H:%M')}")
    when = tag("call_time", "call_time", "exact", pick(rng, forms))
    return "public", [
        pick(
            rng,
            [
                f"Following up on our call on {when}, the credit has now been applied.",
                f"As discussed on the phone on {when}, we've escalated this.",
                f"Thanks for taking my call on {when}.",
                f"Since we spoke on {when} I've chased the engineers twice.",
            ],
        )
    ]


def call_reformatted(rng, w):
    old, week, yday = w.old, w.week, w.yesterday
    week_day, old_day = week.strftime("%A"), old.strftime("%A")

    def t(text):
        return tag("call_time", "call_time", "reformatted", text)

    dm = f"{old.day:02d}/{old.month:02d}" if w.company["region"] != "US" else f"{old.month}/{old.day}"
    options = [
        f"Following our call on {t(f'{dm} at {clock12(old, rng)}')}, I've chased this up.",
        f"{_cue(rng).capitalize()} {t(f'yesterday at {yday.hour - 12}')}, the refund is on its way.",
        f"As promised {_cue(rng)} {t('yesterday afternoon')}, here's the update.",
        f"{_cue(rng).capitalize()} {t('last ' + week_day)}, I said we'd have news by now.",
        f"Sorry it's taken longer than I said on the phone {t(week_day + ' morning')}.",
        f"Thanks for your time on the phone {t(f'yesterday just after {hour12(yday.hour)}')}.",
    ]
    if w.old_evening:
        options += [
            f"Since we spoke {t(f'late on the {ordinal(old.day)}')}, nothing has changed on our side.",
            f"As I said {_cue(rng)} {t(old_day + ' evening')}, the engineer is booked.",
        ]
    else:
        options += [
            f"{_cue(rng).capitalize()} {t(f'{old_day} around {hour12(nearest_hour(old))}')}, I promised an update.",
            f"As mentioned {_cue(rng)} on {t(f'the {ordinal(old.day)} at about {hour12(nearest_hour(old))}')}, "
            "the fee is waived.",
        ]
    return "public", [pick(rng, options)]


def card_exact(rng, w):
    spaced = " ".join(w.private_card[i : i + 4] for i in range(0, 16, 4))
    return "any", [
        pick(
            rng,
            [
                f"The card ending {tag('card', 'card', 'exact', w.card)} was charged twice, "
                "and one charge is reversed.",
                f"I can see the payment from your card ending {tag('card', 'card', 'exact', w.private_card[-4:])} "
                "and it's been refunded.",
                f"The charge on {tag('card', 'card', 'exact', spaced)} has been reversed.",
                f"We'll refund to the card ending in {tag('card', 'card', 'exact', w.card)} within five days.",
                f"The refund went to the card ending {tag('card', 'card', 'exact', w.private_card[-4:])}, "
                "not the one on file.",
            ],
        )
    ]


def card_reformatted(rng, w):
    last4 = rng.choice([w.card, w.private_card[-4:]])

    def t(text):
        return tag("card", "card", "reformatted", text)

    dashed = "-".join(w.private_card[i : i + 4] for i in range(0, 16, 4))
    return "any", [
        pick(
            rng,
            [
                f"The refund is going back to card {t(last4)}.",
                f"Your Visa {t(last4)} was charged on the renewal date.",
                f"I can see two payments from the Mastercard {t(last4)}.",
                f"The card ending {t(last4.translate(FULLWIDTH))} was declined by your bank.",
                f"The charge on card {t(last4.translate(DEVANAGARI))} is now reversed.",
                f"Payment was taken from {t(dashed)}, so that's where the refund goes.",
                f"The refund is going back to {t(w.private_card)}.",
                f"Your card ****{t(last4)} was charged twice.",
            ],
        )
    ]


def private_text_exact(rng, w):
    def t(kind, text):
        return tag(kind, "private_text", "exact", text)

    return "public", [
        pick(
            rng,
            [
                f"We'll call you on your mobile, {t('phone', w.alt_phone)}, this afternoon.",
                f"I've sent the details to {t('email', w.personal_email)} as you asked.",
                f"The replacement will go to {t('address', w.alt_address)}.",
                f"I've merged {t('account_id', w.alt_account)} into your main account.",
                f"The refund will go to {t('iban', w.iban)} within three days.",
                f"The tax form now shows {t('gov_id', w.ssn)} correctly.",
                f"We'll try the landline, {tag('phone', 'private_text', 'exact', w.note_phone)}, if the mobile is off.",
            ],
        )
    ]


def private_text_reformatted(rng, w):
    def t(kind, text):
        return tag(kind, "private_text", "reformatted", text)

    street = (
        w.alt_address.split(",")[0]
        if not w.alt_address.startswith(("Flat", "Unit"))
        else ", ".join(w.alt_address.split(",")[:2])
    )
    street = street.replace("Street", "St").replace("Road", "Rd").replace("Avenue", "Ave").replace("straße", "str.")
    prefix, digits = w.alt_account.split("-")
    local, domain = w.personal_email.split("@")
    spelled = local + " at " + domain.replace(".", " dot ")
    return "public", [
        pick(
            rng,
            [
                f"We'll call you on {t('phone', phone_as(w.alt_phone, rng))} this afternoon.",
                f"The parcel is going to {t('address', street)} now.",
                f"Your second account ({t('account_id', f'{prefix.lower()} {digits}')}) is merged.",
                f"I've merged account {t('account_id', f'{prefix}{digits}')} into the main one.",
                f"I've replied to your other address, {t('email', spelled)}.",
                f"The refund goes to IBAN {t('iban', w.iban.replace(' ', ''))}.",
                f"Your SSN {t('gov_id', w.ssn.replace('-', ' '))} is now on the form.",
                f"We'll try {t('phone', phone_as(w.note_phone, rng))} if the mobile is off.",
            ],
        )
    ]


def profile_exact(rng, w):
    c = w.customer

    def t(kind, text):
        return tag(kind, "profile", "exact", text)

    return "public", [
        pick(
            rng,
            [
                f"I've sent the reset link to {t('email', c['email'])}.",
                f"We'll call you on {t('phone', c['phone'])} in the next hour.",
                f"The engineer is booked for {t('address', c['address'])}.",
                f"Account {t('account_id', c['account'])} is unlocked now.",
                f"We saw the failed logins from {t('ip', c['ip'])} and blocked them.",
                f"Thanks {t('person', c['full'])}, I've updated the ticket.",
            ],
        )
    ]


def profile_reformatted(rng, w):
    c = w.customer

    def t(kind, text):
        return tag(kind, "profile", "reformatted", text)

    prefix, digits = c["account"].split("-")
    street = (
        c["address"].split(",")[0]
        if not c["address"].startswith(("Flat", "Unit"))
        else c["address"].split(",")[1].strip()
    )
    return "public", [
        pick(
            rng,
            [
                f"We'll call you on {t('phone', phone_as(c['phone'], rng))} in the next hour.",
                f"Account {t('account_id', prefix + digits)} is unlocked now.",
                f"I've reopened {t('account_id', f'{prefix} {digits}')} for you.",
                f"The engineer is booked for {t('address', street)}.",
                f"Sorry, {t('person', c['first'])}, that's not the service we want to give.",
                f"Thanks {t('person', c['first'] + ' ' + c['last'][0] + '.')}, I've updated the ticket.",
                f"I've sent the reset link to {t('email', c['email'].upper())}.",
            ],
        )
    ]


def quote_exact(rng, w):
    note = w.note_fact.rstrip(".")
    return "public", [
        pick(
            rng,
            [
                f'You wrote that "{tag("quote", "quote", "exact", w.fact.rstrip("."))}" and I\'m sorry about that.',
                f"Our notes say: {tag('quote', 'quote', 'exact', note)}.",
            ],
        )
    ]


def paraphrase(rng, w):
    if rng.random() < 0.6:
        text = rng.choice(w.fact_paraphrases)
    else:
        text = rng.choice(w.note_paraphrases)
    p = tag("quote", "paraphrase", "reformatted", text)
    return "public", [
        pick(
            rng,
            [
                f"I can see {p}, and I'm sorry.",
                f"I understand {p}, so we've paused everything for now.",
                f"Thanks for explaining, I know {p}.",
                f"We know {p}; I've made sure nobody chases you.",
            ],
        )
    ]


def name_and_phone(rng, w):
    """A name and a phone in one reply: both must be found, not just the phone."""
    c = w.contacts[rng.randrange(3)]
    return "any", [
        f"We'll ring {tag('person', 'colleague', 'reformatted', c['first'])} on "
        f"{tag('phone', 'colleague', 'exact', c['phone'])} to sort the invoice.",
        f"{tag('person', 'staff', 'exact', w.colleague['full'])} will join the call from our side.",
    ]


# -- clean cases (hard negatives) ----------------------------------------------------------------------


def clean_generic(rng, w):
    return "any", rng.sample(negatives(rng, w), 2)


def clean_own_details_private(rng, w):
    """On email and the portal the customer's own details (not their card) may be repeated to them."""
    c, old = w.customer, w.old
    return "private", [
        pick(
            rng,
            [
                f"We'll call you on {c['phone']} in the next hour as agreed.",
                f"I've sent the reset link to {c['email']}.",
                f"The engineer is booked for {c['address']}.",
                f"Account {c['account']} is unlocked now.",
                f"Following our call on {old.day} {old.strftime('%B')} at {old.strftime('%H:%M')}, "
                "the credit is applied.",
                f"As you said, {w.fact[0].lower()}{w.fact[1:-1]}; I'm sorry, and I've paused the account.",
                f"We'll call your mobile, {w.alt_phone}, rather than the office.",
                f"I've sent a copy to {w.personal_email} as you asked.",
                f"The parcel will go to {w.alt_address} from now on.",
                f"Thanks for the call yesterday at {w.yesterday.hour - 12}, {c['first']}.",
            ],
        )
    ]


def clean_public_post(rng, w):
    """What the customer already posted publicly may be repeated in public."""
    c = w.customer
    w.public_post = (
        f"Account {c['account']} has been locked for three days and nobody at {w.company['names'][1]} answers!!"
    )
    return "public", [
        pick(
            rng,
            [
                f"I've unlocked {c['account']} just now.",
                f"{c['account']} is working again, sorry for the three days.",
            ],
        )
    ]


def clean_handle_name(rng, w):
    """The customer's first name inside their public handle is not a leak."""
    first = w.customer["first"]
    w.customer["handle"] = f"{unicodedata.normalize('NFKD', first).encode('ascii', 'ignore').decode().lower()}_bakes"
    w.public_post = "Order still not here after two weeks. Not impressed."
    return "public", [f"Thanks {first}, sorry about the wait, it's on the van today."]


def clean_aliases_and_teams(rng, w):
    return "any", [
        pick(
            rng,
            [
                f"My colleague {w.other_alias} will take over tomorrow, and I've briefed them fully.",
                f"I'm {w.alias}, and I'll be looking after this from here.",
                "I've passed this to our billing team, who will look at it today.",
                "One of our engineers has confirmed the fix is live.",
                f"{w.other_alias} from payments has approved the refund.",
                "Our team lead has signed off the credit.",
            ],
        ),
        pick(rng, negatives(rng, w)),
    ]


def clean_future_times(rng, w):
    t = w.now + timedelta(days=rng.randrange(2, 6))
    return "any", [
        pick(
            rng,
            [
                f"I can call you on {t.strftime('%A')} at {(t.hour + 3) % 12 + 1}:15 if that suits.",
                f"The engineer's slot is {t.strftime('%A')} {t.day} {t.strftime('%B')}, 8am-12pm.",
                "We're open 9am-5pm, Monday to Friday, and 10am-2pm on Saturdays.",
                f"Could we book a call for {t.strftime('%A')} afternoon?",
                f"Your next bill is on {t.day} {t.strftime('%B')}.",
            ],
        )
    ]


def clean_test_cards(rng, w):
    return "any", [
        pick(
            rng,
            [
                "For testing, please use 4242 4242 4242 4242 with any CVC and a future date.",
                "Use card number 5555 5555 5555 4444 in the sandbox to simulate a Mastercard.",
                "The test Visa 4111111111111111 only works in test mode, not live.",
                "Cards like 4000 0000 0000 9995 are our test cards for a declined payment.",
            ],
        ),
        pick(
            rng, ["Your live card is untouched.", "Nothing was charged to your real card.", "That's just the sandbox."]
        ),
    ]


CASES: dict[str, tuple[Case, int]] = {
    "staff": (staff_exact, 22),
    "staff~": (staff_reformatted, 28),
    "staff_self": (author_real_name, 8),
    "colleague": (colleague_exact, 16),
    "colleague~": (colleague_reformatted, 22),
    "call_time": (call_exact, 20),
    "call_time~": (call_reformatted, 34),
    "card": (card_exact, 16),
    "card~": (card_reformatted, 22),
    "private_text": (private_text_exact, 18),
    "private_text~": (private_text_reformatted, 22),
    "profile": (profile_exact, 14),
    "profile~": (profile_reformatted, 16),
    "quote": (quote_exact, 8),
    "paraphrase": (paraphrase, 22),
    "name_and_phone": (name_and_phone, 8),
    "clean_generic": (clean_generic, 40),
    "clean_private_own": (clean_own_details_private, 40),
    "clean_public_post": (clean_public_post, 10),
    "clean_handle_name": (clean_handle_name, 8),
    "clean_aliases": (clean_aliases_and_teams, 20),
    "clean_future_times": (clean_future_times, 20),
    "clean_test_cards": (clean_test_cards, 12),
}


def schedule(rng: random.Random) -> list[tuple[str, Case]]:
    items = [
        (name.rstrip("~").removesuffix("_self"), make) for name, (make, count) in CASES.items() for _ in range(count)
    ]
    rng.shuffle(items)
    return items
