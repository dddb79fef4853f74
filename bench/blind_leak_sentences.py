"""The sentences of bench/blind_leak_set.py: leaky ones (segments, some labelled) and harmless look-alikes."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from blind_leak_pools import AWAY_TZ, NEGATIVES

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


class L:
    """A labelled span of the reply."""

    def __init__(self, value, kind, cls, tier, also=None):
        self.value, self.kind, self.cls, self.tier, self.also = value, kind, cls, tier, also


def ordinal(n):
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def h12(dt):
    h = dt.hour % 12 or 12
    return h, "am" if dt.hour < 12 else "pm"


def fmt_exact(at):
    return f"{DAYS[at.weekday()]} {at.day} {MONTHS[at.month - 1]} at {at:%H:%M}"


# ------------------------------------------------------------------------------------------------
# Leaky sentences, one function per way of leaking. Each returns segments: str or L.
# ------------------------------------------------------------------------------------------------
def other_staff(t):
    return t.staff[t.rng.randint(1, 8)]


def staff_full(t):
    s = other_staff(t)
    return t.rng.choice(
        [
            ["I've asked ", L(s["name"], "person", "staff", "exact"), " from our billing team to go through it."],
            ["Your case is now with ", L(s["name"], "person", "staff", "exact"), ", who handles refunds."],
            [L(s["name"], "person", "staff", "exact"), " on our side signed off the credit this morning."],
        ]
    )


def staff_first(t):
    s = other_staff(t)
    first = s["name"].split()[0]
    return t.rng.choice(
        [
            [L(first, "person", "staff", "reformatted"), " in accounts will give you a ring once it's approved."],
            ["i've pinged ", L(first.lower(), "person", "staff", "reformatted"), " from billing, she's on it"],
            ["My colleague ", L(first, "person", "staff", "reformatted"), " looked at this before me and agrees."],
        ]
    )


def staff_last(t):
    s = other_staff(t)
    last = s["name"].split()[-1]
    first = s["name"].split()[0]
    return t.rng.choice(
        [
            ["Our engineer ", L(last, "person", "staff", "reformatted"), " will be the one visiting."],
            [
                "This was approved by ",
                L(f"{first[0]}. {last}", "person", "staff", "reformatted"),
                " in our finance team.",
            ],
        ]
    )


def staff_username(t):
    s = other_staff(t)
    return t.rng.choice(
        [
            ["(Internally it's assigned to ", L(s["username"], "person", "staff", "exact"), ", if you call in.)"],
            ["If you phone, ask for the case owned by ", L(s["username"], "person", "staff", "exact"), "."],
        ]
    )


def staff_email(t):
    s = other_staff(t)
    return t.rng.choice(
        [
            ["You can write to ", L(s["email"], "email", "staff", "exact", ["person"]), " directly about the refund."],
            ["I've cc'd ", L(s["email"], "email", "staff", "exact", ["person"]), " so she can see the thread."],
        ]
    )


def staff_self(t):
    real = t.agent["name"]
    return t.rng.choice(
        [
            ["If you need me, ask for ", L(real, "person", "staff", "exact"), "."],
            ["Signed, ", L(real.split()[0], "person", "staff", "reformatted"), " (", t.alias, " on the chat)."],
        ]
    )


def colleague_full(t):
    c = t.rng.choice(t.contacts)
    return t.rng.choice(
        [
            ["I've copied ", L(c["name"], "person", "colleague", "exact"), " in, as your ", c["role"], "."],
            [
                "We spoke to ",
                L(c["name"], "person", "colleague", "exact"),
                " at your office and she confirmed the order.",
            ],
        ]
    )


def colleague_first(t):
    c = t.rng.choice(t.contacts)
    first = c["name"].split()[0]
    return t.rng.choice(
        [
            ["we will ring ", L(first, "person", "colleague", "reformatted"), " tomorrow to confirm the delivery slot"],
            ["Could you copy ", L(first, "person", "colleague", "reformatted"), " into your reply?"],
            ["ask ", L(first, "person", "colleague", "reformatted"), "."],
            [
                "As ",
                L(first, "person", "colleague", "reformatted"),
                " said on the phone, the invoices go to the finance inbox.",
            ],
        ]
    )


def colleague_phone(t):
    c = t.rng.choice(t.contacts)
    first = c["name"].split()[0]
    if t.rng.random() < 0.5:
        return ["We tried ", L(c["phone"][0], "phone", "colleague", "exact"), " a couple of times without luck."]
    return [
        "I'll call ",
        L(first, "person", "colleague", "reformatted"),
        " on ",
        L(c["phone"][1], "phone", "colleague", "reformatted"),
        " after lunch.",
    ]


def colleague_email(t):
    c = t.rng.choice(t.contacts)
    return ["The invoice copy went to ", L(c["email"], "email", "colleague", "exact", ["person"]), " as well."]


def call_exact(t):
    away = t.rng.random() < 0.35
    tz = ZoneInfo(t.rng.choice(AWAY_TZ)) if away else None
    at = t.add_call(t.rng.randint(2, 20), t.rng.randint(8, 19), t.rng.choice([3, 7, 14, 26, 41, 48, 55]), tz)
    return t.rng.choice(
        [
            [
                "As we discussed on the phone on ",
                L(fmt_exact(at), "call_time", "call_time", "exact"),
                ", the credit is approved.",
            ],
            [
                "When you rang us on ",
                L(fmt_exact(at), "call_time", "call_time", "exact"),
                " I promised an update, so here it is.",
            ],
        ]
    )


def call_numeric(t):
    at = t.add_call(t.rng.randint(2, 20), t.rng.randint(9, 17), t.rng.choice([5, 12, 20, 35, 47]))
    h, ap = h12(at)
    dm = f"{at.month:02d}/{at.day:02d}" if t.region == "US" else f"{at.day:02d}/{at.month:02d}"
    return [
        "Per our call on ",
        L(f"{dm} at {h}:{at:%M} {ap}", "call_time", "call_time", "reformatted"),
        ", I've reopened the claim.",
    ]


def call_approx(t):
    kind = t.rng.choice(["around", "part", "late"])
    if kind == "late":
        at = t.add_call(t.rng.randint(3, 12), t.rng.randint(19, 21), t.rng.choice([10, 25, 40]))
        return [
            "Sorry we were short with you when you phoned ",
            L(f"late on the {ordinal(at.day)}", "call_time", "call_time", "reformatted"),
            ".",
        ]
    at = t.add_call(t.rng.randint(2, 6), t.rng.randint(9, 17), t.rng.choice([2, 5, 8, 52, 55]))
    day = DAYS[at.weekday()]
    if kind == "around":
        rounded = at + timedelta(minutes=30)
        h, ap = h12(rounded.replace(minute=0))
        return [
            "Thanks for calling ",
            L(f"{day} around {h}{ap}", "call_time", "call_time", "reformatted"),
            ", it really helped.",
        ]
    part = "morning" if at.hour < 12 else "afternoon"
    return [
        "Following your call on ",
        L(f"{day} {part}", "call_time", "call_time", "reformatted"),
        ", I've checked the meter readings.",
    ]


def call_relative(t):
    if t.rng.random() < 0.5:
        at = t.add_call(1, t.rng.randint(13, 17), t.rng.choice([0, 4, 10]))
        h, _ = h12(at)
        return [
            "Like I said when we spoke ",
            L(f"yesterday at {h}", "call_time", "call_time", "reformatted"),
            ", the part is on order.",
        ]
    at = t.add_call(t.rng.randint(3, 6), t.rng.randint(9, 17), t.rng.choice([15, 30, 45]))
    return [
        "Since your call ",
        L(f"last {DAYS[at.weekday()]}", "call_time", "call_time", "reformatted"),
        " we've been chasing the courier.",
    ]


def card_profile(t):
    return t.rng.choice(
        [
            [
                "I can see the payment from your card ending ",
                L(t.card, "card", "card", "exact"),
                " and it's been refunded.",
            ],
            ["The ", L(f"Visa {t.card}", "card", "card", "exact"), " was charged twice on the same day."],
            ["We've refunded card ", L(t.card, "card", "card", "exact"), "."],
        ]
    )


def card_private(t):
    last4 = t.other_card[-4:]
    return t.rng.choice(
        [
            ["The charge went to your other card, the one ending ", L(last4, "card", "card", "reformatted"), "."],
            ["Refund sent to the Mastercard ", L(last4, "card", "card", "reformatted"), " you mentioned."],
        ]
    )


def card_unicode(t):
    return t.rng.choice(
        [
            [
                "Refund confirmed to your card ending ",
                L(t.card.translate(FULLWIDTH), "card", "card", "reformatted"),
                ".",
            ],
            [
                "カード末尾",
                L(t.card.translate(FULLWIDTH), "card", "card", "reformatted"),
                "への返金を確認しました — the refund to that card is confirmed.",
            ],
        ]
    )


def greet_leak(t):
    return ["Thanks, ", L(t.first, "person", "profile", "reformatted"), ", for sticking with us on this."]


def private_phone(t):
    if t.rng.random() < 0.5:
        return ["We'll try your mobile, ", L(t.alt_phone, "phone", "private_text", "exact"), ", this afternoon."]
    return ["I left a voicemail on ", L(t.alt_phone_nat, "phone", "private_text", "reformatted"), "."]


def private_email(t):
    return ["I've sent the forms to ", L(t.alt_email, "email", "private_text", "exact"), " as you asked."]


def private_account(t):
    return ["The second account, ", L(t.alt_account, "account_id", "private_text", "exact"), ", is now closed too."]


def private_address(t):
    if t.rng.random() < 0.5:
        return ["The replacement is going to ", L(t.new_address, "address", "private_text", "exact"), "."]
    return [
        "The courier has the new address (",
        L(t.new_address_short, "address", "private_text", "reformatted"),
        ") now.",
    ]


def private_iban(t):
    return ["The refund will go to ", L(t.iban, "iban", "private_text", "exact"), " within five days."]


def private_gov(t):
    if t.rng.random() < 0.5:
        return [
            "For security we don't need your number (",
            L(t.gov, "gov_id", "private_text", "exact"),
            ") by email, please delete it.",
        ]
    return ["We've removed ", L(t.gov_alt, "gov_id", "private_text", "reformatted"), " from our records."]


def quote_leak(t):
    where, _, before, part, after = t.quote
    return [before, L(part, "quote", "quote", "exact"), after]


def paraphrase_leak(t):
    where, _, before, part, after = t.para
    return [before, L(part, "quote", "paraphrase", "reformatted"), after]


def profile_leak(t):
    return t.rng.choice(
        [
            ["We've updated the account for ", L(t.name, "person", "profile", "exact"), "."],
            ["We've emailed ", L(t.email, "email", "profile", "exact"), " with the details."],
            ["We'll call you on ", L(t.phone, "phone", "profile", "exact"), " shortly."],
            ["We'll call you on ", L(t.phone_nat, "phone", "profile", "reformatted"), " shortly."],
            ["The engineer is booked for ", L(t.address, "address", "profile", "exact"), "."],
            ["The parcel was left at ", L(t.address_short, "address", "profile", "reformatted"), " by mistake."],
            ["Your account ", L(t.account, "account_id", "profile", "exact"), " has been credited."],
            ["The log-ins came from ", L(t.ip, "ip", "profile", "exact"), ", which we've recognised as yours."],
        ]
    )


# (function, channels it leaks on, how many rows)
LEAKS = [
    (staff_full, "any", 12),
    (staff_first, "any", 10),
    (staff_last, "any", 6),
    (staff_username, "any", 6),
    (staff_email, "any", 6),
    (staff_self, "any", 5),
    (colleague_full, "any", 8),
    (colleague_first, "any", 10),
    (colleague_phone, "any", 9),
    (colleague_email, "any", 4),
    (call_exact, "public", 10),
    (call_numeric, "public", 7),
    (call_approx, "public", 9),
    (call_relative, "public", 7),
    (card_profile, "any", 8),
    (card_private, "any", 7),
    (card_unicode, "any", 4),
    (private_phone, "public", 6),
    (private_email, "public", 4),
    (private_account, "public", 4),
    (private_address, "public", 5),
    (private_iban, "public", 4),
    (private_gov, "public", 5),
    (quote_leak, "quote", 14),
    (paraphrase_leak, "para", 22),
    (profile_leak, "public", 16),
    (greet_leak, "public", 5),
]


# ------------------------------------------------------------------------------------------------
# Harmless sentences that look like leaks (hard negatives)
# ------------------------------------------------------------------------------------------------
def negative(t):
    return t.rng.choice(NEGATIVES).format(
        cphone=t.rng.choice([t.company_phone(), t.company_phone_nat()]),
        cemail=f"billing@{t.domain}",
        url=f"https://status.{t.domain}",
        url_help=f"https://help.{t.domain}",
        case=t.case,
        version=t.version,
        bot=t.bot,
        order=t.order,
        domain=t.domain,
    )


def own_details_private(t):
    """On a private channel the customer's own details, call times and words may be repeated to them."""
    rng = t.rng
    choice = rng.randrange(7)
    if choice == 0:
        return f"We'll call you back on {t.phone} as you asked."
    if choice == 1:
        return f"I've sent a copy of the invoice to {t.email}."
    if choice == 2:
        return f"The engineer is booked for {t.address}."
    if choice == 3:
        return f"I've checked account {t.account} and it's all up to date."
    if choice == 4:
        at = t.add_call(rng.randint(2, 15), rng.randint(9, 17), rng.choice([6, 19, 33, 44]))
        return f"When we spoke on {fmt_exact(at)}, I said I'd check with the warehouse, and I have."
    if choice == 5:
        at = t.add_call(1, rng.randint(10, 16), rng.choice([0, 10, 20]))
        return f"Thanks for your call yesterday at {h12(at)[0]}, it helped a lot."
    return f'You wrote "{t.own_words}", and you\'re right to be annoyed.'


def public_post_echo(t):
    t.public_post = rng_post(t)
    return f"Thanks for posting. We've found account {t.account} from your post and we're on it."


def rng_post(t):
    return t.rng.choice(
        [
            f"Account {t.account} has been overcharged for three months and nobody at {t.company} answers. "
            "Disgraceful.",
            f"@{t.company} my account {t.account} still shows the old tariff. Third time asking!!",
        ]
    )


def future_call(t):
    return t.rng.choice(
        [
            "I can book a follow-up call on Thursday at 14:30 if that suits.",
            "Would next Monday at 10am work for a quick call?",
            "We'll try you again tomorrow afternoon.",
        ]
    )
