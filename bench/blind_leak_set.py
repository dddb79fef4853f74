"""Writes bench/data/leak_holdout2.jsonl, the blind leak set: agent replies, each with its own ticket context.

    .venv/bin/python bench/blind_leak_set.py

Written without reading the scanner, the other sets or their generators, from issue 9's classes of miss and
the context format. Each reply is built from segments, and the labelled ones carry their kind, class (staff,
colleague, call_time, card, private_text, quote, paraphrase, profile) and tier (exact: the value as the context
holds it; reformatted: another format, part of a name, an approximate or relative time, a paraphrase). A
check refuses any reply that shows a private value outside a label, so the labels are complete. What is
private follows docs/scanner.md's policy: on a private channel the customer's own details, call times and
words are not leaks (those replies are hard negatives), cards, staff, notes and colleagues are.
"""

import json
import random
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from blind_leak_pools import (  # noqa: E402
    ALIASES,
    BODY,
    BOT_NAMES,
    CLOSERS,
    COMPANIES,
    CONTACTS,
    CUSTOMERS,
    HANDLE_WORDS,
    OPENERS,
    ORGS,
    PARAPHRASES,
    PLAIN_MESSAGES,
    PLAIN_NOTES,
    QUOTES,
    REGIONS,
    SIGNOFFS,
    STAFF,
    STREETS,
)

OUT = Path(__file__).parent / "data" / "leak_holdout2.jsonl"

from blind_leak_sentences import FULLWIDTH, LEAKS, L, future_call, negative, own_details_private, public_post_echo  # noqa: E402


def luhn_card(rng, first):
    digits = [int(first)] + [rng.randint(0, 9) for _ in range(14)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    digits.append((10 - total % 10) % 10)
    s = "".join(map(str, digits))
    return " ".join(s[i : i + 4] for i in range(0, 16, 4))


def iban(rng, country, bank):
    bban = bank + "".join(str(rng.randint(0, 9)) for _ in range(14))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    raw = f"{country}{check:02d}{bban}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def phone(rng, region):
    """(international form as the context holds it, national form)."""
    if region == "GB":
        if rng.random() < 0.6:
            n = f"{rng.randint(900000, 900999)}"
            return f"+44 7700 {n[:3]} {n[3:]}", f"07700 {n}"
        n = f"{rng.randint(0, 999):03d}"
        return f"+44 113 496 0{n}", f"0113 496 0{n}"
    if region in ("US", "CA"):
        area = rng.choice(["312", "608", "503", "604", "250", "416"])
        n = f"01{rng.randint(0, 99):02d}"
        return f"+1 {area}-555-{n}", f"({area}) 555-{n}"
    if region == "AU":
        n = f"{rng.randint(100, 999)}"
        return f"+61 491 570 {n}", f"0491 570 {n}"
    a, b = rng.randint(100, 999), rng.randint(1000, 9999)
    return f"+353 85 {a} {b}", f"085 {a} {b}"


def address(rng, region):
    street, town, post = rng.choice(STREETS[region])
    num = rng.randint(2, 240)
    flat = rng.random() < 0.25
    full = f"{'Flat ' + str(rng.randint(1, 9)) + ', ' if flat else ''}{num} {street}, {town} {post}"
    return full, f"{num} {street}"


def account_id(rng, style):
    return [
        f"AC-{rng.randint(100000, 999999)}",
        f"CUS{rng.randint(10000000, 99999999)}",
        f"MBR-{rng.randint(10000, 99999)}-{rng.choice('ABCDEFGH')}{rng.choice('KLMNPQRS')}",
        f"ACC{rng.randint(1000, 9999)}-{rng.randint(100, 999)}",
    ][style]


def slug(text):
    return re.sub(r"[^a-z]+", "", text.lower())


class Ticket:
    """One ticket's context plus the private values a reply might leak."""

    def __init__(self, rng, channel):
        self.rng, self.channel = rng, channel
        self.region = region = rng.choice(list(REGIONS))
        self.tz = ZoneInfo(REGIONS[region]["tz"])
        self.company_full, self.company, self.domain = rng.choice(COMPANIES)
        self.name, nick = rng.choice(CUSTOMERS)
        self.first, self.last = self.name.split(" ", 1)
        word = rng.choice(HANDLE_WORDS)
        self.handle_has_first = rng.random() < 0.3
        self.handle = f"{nick}_{word}" if self.handle_has_first else f"{word}{rng.randint(7, 98)}"
        if self.handle_has_first and slug(nick) != slug(self.first):
            self.handle_has_first = False
        self.org = rng.choice(ORGS)
        orgdom = slug(self.org.split()[0]) + rng.choice([".org", ".co.uk", ".com", ".ie"])
        self.email = f"{slug(self.first)}.{slug(self.last)}@{orgdom}"
        self.phone, self.phone_nat = phone(rng, region)
        self.address, self.address_short = address(rng, region)
        self.account = account_id(rng, rng.randrange(4))
        self.card_full = luhn_card(rng, rng.choice("45"))
        self.card = self.card_full[-4:]
        self.ip = (
            f"{rng.choice([81, 86, 92, 109, 151])}.{rng.randint(1, 250)}.{rng.randint(1, 250)}.{rng.randint(1, 250)}"
        )
        # the customer's colleagues
        self.contacts = []
        for cn, role in rng.sample(CONTACTS, rng.randint(2, 3)):
            given, family = cn.split(" ", 1)
            self.contacts.append(
                {
                    "name": cn,
                    "role": role,
                    "email": f"{slug(given)}.{slug(family)}@{orgdom}",
                    "phone": phone(rng, region),
                }
            )
        # staff
        picks = rng.sample(STAFF, 9)
        self.staff = [
            {"name": n, "username": u, "email": f"{slug(n.split()[0])}.{slug(n.split()[-1])}@{self.domain}"}
            for n, u in picks
        ]
        self.agent = self.staff[0]
        self.alias = rng.choice(ALIASES)
        # details only in private text
        self.alt_phone, self.alt_phone_nat = phone(rng, region)
        self.alt_email = (
            f"{slug(self.first)}{rng.randint(10, 99)}@{rng.choice(['gmail.com', 'outlook.com', 'proton.me'])}"
        )
        self.alt_account = account_id(rng, rng.randrange(4))
        self.other_card = luhn_card(rng, rng.choice("45"))
        self.new_address, self.new_address_short = address(rng, region)
        self.iban = iban(rng, rng.choice(["GB", "IE"]), rng.choice(["NWBK", "BUKB", "AIBK", "BOFI"]))
        if region == "US":
            self.gov = f"{rng.randint(101, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
            self.gov_alt = self.gov.replace("-", " ")
        else:
            letters = rng.choice(["JG", "AB", "NP", "SK", "TR"])
            digits = f"{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            self.gov = f"{letters} {digits} {rng.choice('ABCD')}"
            self.gov_alt = self.gov.replace(" ", "")
        self.para = rng.choice(PARAPHRASES)
        self.quote = rng.choice(QUOTES)
        self.escalated_to = self.staff[rng.randint(1, 8)]
        self.approver = self.staff[rng.randint(1, 8)]
        while self.approver is self.escalated_to:
            self.approver = self.staff[rng.randint(1, 8)]
        # time of writing, calls
        day = datetime(
            2024, rng.choice([9, 10, 11]), rng.randint(1, 28), rng.randint(8, 17), rng.randint(0, 59), tzinfo=self.tz
        )
        self.now = day
        self.calls = []
        self.case = str(rng.randint(30000000, 39999999))
        self.order = f"{rng.choice(['ORD', 'SO', 'WEB'])}-{rng.randint(200000, 299999)}"
        self.version = f"{rng.randint(3, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
        self.bot = rng.choice(BOT_NAMES)
        self.public_post = ""

    # -- calls ---------------------------------------------------------------------------------
    def add_call(self, days_ago, hour, minute, tz=None):
        local = (self.now - timedelta(days=days_ago)).replace(hour=hour, minute=minute)
        at = local.astimezone(tz) if tz else local
        if tz:  # a call logged elsewhere: its own local clock
            at = datetime(local.year, local.month, local.day, hour, minute, tzinfo=tz)
        self.calls.append(at)
        return at

    def filler_calls(self):
        while len(self.calls) < 2:
            self.add_call(self.rng.randint(8, 40), self.rng.randint(9, 18), self.rng.choice([4, 11, 17, 23, 38, 52]))

    # -- context -------------------------------------------------------------------------------
    def context(self, messages, notes):
        return {
            "channel": self.channel,
            "tz": str(self.tz),
            "region": self.region,
            "customer": {
                "name": self.name,
                "handle": self.handle,
                "emails": [self.email],
                "phones": [self.phone],
                "addresses": [self.address],
                "account_ids": [self.account],
                "cards": [self.card],
                "ips": [self.ip],
                "organization": self.org,
            },
            "contacts": [
                {"email": c["email"], "phone": c["phone"][0], "role": c["role"], "name": c["name"]}
                for c in self.contacts
            ],
            "private_messages": messages,
            "internal_notes": notes,
            "calls": [
                {"at": c.isoformat(), "duration_s": self.rng.choice([120, 180, 240, 300, 420, 600])}
                for c in sorted(self.calls)
            ],
            "public_post": self.public_post,
            "agent": {"alias": self.alias, "real_name": self.agent["name"]},
            "company": {
                "names": [self.company_full, self.company],
                "emails": [f"help@{self.domain}", f"billing@{self.domain}"],
                "phones": [self.company_phone()],
                "urls": [f"https://status.{self.domain}", f"https://help.{self.domain}"],
                "domains": [self.domain],
                "ips": ["198.51.100.24"],
            },
            "staff": self.staff,
            "now": self.now.isoformat(),
        }

    def company_phone(self):
        return {
            "GB": "+44 20 7946 0718",
            "US": "+1 800-555-0199",
            "CA": "+1 888-555-0123",
            "AU": "+61 2 9876 5432",
            "IE": "+353 1 555 0142",
        }[self.region]

    def company_phone_nat(self):
        return {
            "GB": "020 7946 0718",
            "US": "1-800-555-0199",
            "CA": "1-888-555-0123",
            "AU": "(02) 9876 5432",
            "IE": "01 555 0142",
        }[self.region]

    def private_texts(self):
        rng = self.rng
        c0 = self.contacts[0]
        self.own_words = rng.choice(PLAIN_MESSAGES)
        messages = [self.own_words] + [
            f"You can reach me on my mobile {self.alt_phone} or at {self.alt_email}, I never check the work one.",
            f"The payment went out of my other card, {self.other_card}, not the one you have on file.",
            f"Please send the replacement to {self.new_address} instead, we moved in the summer. "
            f"The second account is {self.alt_account}.",
            f"For the refund my IBAN is {self.iban}. Your form also wanted my "
            f"{'SSN' if self.region == 'US' else 'NI number'}, "
            f"it is {self.gov}.",
            f"{c0['name'].split()[0]} ({c0['role']}) deals with the invoices here, "
            f"and {self.contacts[1]['name']} is the "
            "one to ring if I'm away.",
        ]
        notes = rng.sample(PLAIN_NOTES, 1) + [
            f"Escalated to {self.escalated_to['name']} ({self.escalated_to['username']}) in billing. "
            f"Card on file ends {self.card}.",
            f"Callback agreed with {c0['name']} ({c0['role']}) on {c0['phone'][0]}. "
            f"{self.approver['name']} approved the goodwill credit.",
        ]
        where, fact = self.para[0], self.para[1]
        (messages if where == "message" else notes).append(fact)
        where, sent = self.quote[0], self.quote[1]
        (messages if where == "message" else notes).append(sent)
        rng.shuffle(messages)
        rng.shuffle(notes)
        return messages, notes


# ------------------------------------------------------------------------------------------------
# Composing a reply
# ------------------------------------------------------------------------------------------------
def greeting(t):
    rng = t.rng
    if t.channel == "private":
        return rng.choice(
            [
                f"Hi {t.first},",
                f"Dear {t.name},",
                f"Hello {t.first},",
                f"hey {t.first}!",
                f"{t.first} —",
                f"Good morning {t.first},",
            ]
        )
    options = [f"@{t.handle}", f"Hi @{t.handle},", "Hi there,", "Hello,", "Thanks for posting,"]
    if t.handle_has_first:
        options.append(f"Hi {t.first},")
    return rng.choice(options)


def render(parts):
    text, labels = "", []
    for part in parts:
        if isinstance(part, L):
            label = {
                "start": len(text),
                "end": len(text) + len(part.value),
                "kind": part.kind,
                "class": part.cls,
                "tier": part.tier,
            }
            if part.also:
                label["also"] = part.also
            labels.append(label)
            text += part.value
        else:
            text += part
    return text, labels


def compose(t, signals, style):
    """signals: lists of segments (leaky) or plain strings (harmless); returns the reply's segments."""
    rng = t.rng
    body = rng.sample(BODY, rng.randint(1, 3))
    negs = [negative(t) for _ in range(rng.randint(0, 2))]
    sentences = body + negs
    for sig in signals:
        sentences.insert(rng.randint(0, len(sentences)), sig)
    sign = rng.choice(SIGNOFFS).format(alias=t.alias, company=t.company)
    if style == "short" and t.channel == "public":
        sentences = [s for s in sentences if not isinstance(s, str) or s in signals] + body[:1]
        return [f"@{t.handle} "] + join(sentences, " ") + [f" ^{t.alias}"]
    if style == "list":
        lines = [greeting(t), "\n\n", rng.choice(OPENERS), " Where things stand:\n"]
        for s in sentences:
            lines += ["\n- "] + (s if isinstance(s, list) else [s])
        return lines + ["\n\n", rng.choice(CLOSERS), "\n\n", sign]
    out = [greeting(t), "\n\n", rng.choice(OPENERS), " "]
    half = len(sentences) // 2 or 1
    out += join(sentences[:half], " ")
    if sentences[half:]:
        out += ["\n\n"] + join(sentences[half:], " ")
    if style == "quoted" and t.public_post:
        out += ["\n\n> ", t.public_post]
    closer = rng.choice(CLOSERS)
    return out + (["\n\n", closer] if closer else []) + ["\n\n", sign]


def join(sentences, sep):
    out = []
    for i, s in enumerate(sentences):
        if i:
            out.append(sep)
        out += s if isinstance(s, list) else [s]
    return out


# ------------------------------------------------------------------------------------------------
# The completeness check: a private value outside a label rejects the reply
# ------------------------------------------------------------------------------------------------
def digits_pattern(value, keep=7):
    digits = re.sub(r"\D", "", value)[-keep:]
    return re.compile(r"[\s\-.()]*".join(digits) + r"(?!\d)")


def word_pattern(value):
    return re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)", re.IGNORECASE)


def shingles(text, n=6):
    words = re.findall(r"[a-z0-9£']+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def unlabelled_leaks(t, text, labels):
    pats = []
    for s in t.staff:
        pats += [word_pattern(s["name"]), word_pattern(s["username"]), word_pattern(s["email"])]
        pats += [word_pattern(tok) for tok in s["name"].split() if len(tok) > 2]
    for c in t.contacts:
        pats += [word_pattern(c["email"]), digits_pattern(c["phone"][0])]
        pats += [word_pattern(tok) for tok in c["name"].split() if len(tok) > 2]
    for card in (t.card, t.card.translate(FULLWIDTH), t.other_card[-4:]):
        pats.append(re.compile(r"(?<![\d０-９])" + card + r"(?![\d０-９])"))
    private_texts = list(t.notes)
    if t.channel != "private":
        for tok in t.name.split():
            if not (t.handle_has_first and tok == t.first):
                pats.append(word_pattern(tok))
        pats += [
            word_pattern(t.email),
            digits_pattern(t.phone),
            word_pattern(t.address_short),
            word_pattern(t.ip),
            word_pattern(t.alt_email),
            digits_pattern(t.alt_phone),
            word_pattern(t.alt_account),
            word_pattern(t.new_address_short),
            digits_pattern(t.iban, 8),
            digits_pattern(t.gov, 6),
        ]
        if t.account not in t.public_post:
            pats.append(word_pattern(t.account))
        private_texts += t.messages
    bad = []
    for pat in pats:
        for m in pat.finditer(text):
            if not any(lb["start"] < m.end() and m.start() < lb["end"] for lb in labels):
                bad.append(m.group())
    quoted = " ".join(text[lb["start"] : lb["end"]] for lb in labels)
    for src in private_texts:
        for sh in shingles(src) & shingles(text):
            if sh not in shingles(quoted):
                bad.append(sh)
    return bad


# ------------------------------------------------------------------------------------------------
def make_row(rng, fn=None, where="any", second=None):
    t = Ticket(rng, None)
    if where == "quote":
        where = "public" if t.quote[0] == "message" else "any"
    if where == "para":
        where = "public" if t.para[0] == "message" else "any"
    t.channel = "public" if where == "public" else rng.choice(["public", "private"])
    t.messages, t.notes = t.private_texts()
    signals = []
    if fn is not None:
        signals.append(fn(t))
        if second is not None:
            signals.append(second(t))
        if rng.random() < 0.3:
            signals.append(negative(t))
    else:
        if t.channel == "private":
            signals += [own_details_private(t) for _ in range(rng.choice([0, 1, 1, 2]))]
        else:
            if rng.random() < 0.3:
                signals.append(public_post_echo(t))
            if t.handle_has_first and rng.random() < 0.5:
                signals.append(f"Thanks {t.first}, good to hear from you again.")
        if rng.random() < 0.3:
            signals.append(future_call(t))
        if rng.random() < 0.2:
            signals.append(f"I'm {t.alias}, by the way, and I'll stay with this case.")
    if t.channel == "public" and not t.public_post and rng.random() < 0.4:
        t.public_post = rng.choice(
            [
                f"Three weeks waiting for a refund from {t.company}. Absolute joke.",
                f"Anyone else's {t.company} app logging them out every day?",
                f"Still no engineer. @{t.company} you said Thursday.",
            ]
        )
    t.filler_calls()
    style = rng.choice(["email", "email", "short", "list", "quoted"])
    text, labels = render(compose(t, signals, style))
    context = t.context(t.messages, t.notes)
    if unlabelled_leaks(t, text, labels):
        return None
    if fn is not None and not labels:
        return None
    tiers = {lb["tier"] for lb in labels}
    tier = "clean" if not labels else ("exact" if tiers == {"exact"} else "reformatted")
    return {"text": text, "context": context, "labels": labels, "tier": tier}


def main():
    rng = random.Random(20261204)
    rows, rejected = [], 0
    for fn, where, count in LEAKS:
        made = 0
        while made < count:
            second = None
            if rng.random() < 0.25:
                other, owhere, _ = rng.choice(LEAKS)
                if other is not fn and owhere in ("any",):
                    second = other
            row = make_row(rng, fn, where, second)
            if row is None:
                rejected += 1
                continue
            rows.append(row)
            made += 1
    clean = 0
    while clean < 165:
        row = make_row(rng)
        if row is None:
            rejected += 1
            continue
        rows.append(row)
        clean += 1
    rng.shuffle(rows)
    with open(OUT, "w", encoding="utf-8") as out:
        for i, row in enumerate(rows):
            out.write(json.dumps({"id": f"blind-{i:04d}", **row}, ensure_ascii=False) + "\n")
    from collections import Counter

    print(len(rows), "rows,", clean, "clean,", rejected, "rejected")
    print(Counter((lb["class"], lb["tier"]) for r in rows for lb in r["labels"]))
    print(Counter(r["context"]["channel"] for r in rows))


if __name__ == "__main__":
    main()
