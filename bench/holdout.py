"""Writes the held-out leak set, bench/data/leak_holdout.jsonl: replies the scanner was never tuned on.

    .venv/bin/python bench/holdout.py [--out FILE]

How it was written, and why it is independent of the regression corpus (bench/corpus.py):
- It was written from the scanner's public interface only (docs/scanner.md: the context format, the kinds,
  the channel policy) and from the classes of miss in issue 9, by someone who read neither the scanner's
  detectors nor corpus.py's generator. Nobody tunes detection on it: once it lands it is a held-out set.
- Its method differs: each reply is a hand-written agent sentence in a markup that carries its own label
  (`[[kind|class|tier|text]]`: the span is where the text lands), set among hand-written openers,
  apologies, hard-negative sentences and sign-offs; the sentences are written as agents write under
  pressure (lists, long replies, replies to public complaints on social and forum channels, private email
  and portal replies). Its people, companies, places and facts (bench/holdout_people.py) are its own.
- Every reply has its own ticket context with ~2 KB of private text and profile: the customer's profile,
  their organization's contacts, private messages, internal notes, calls logged with the call's own UTC
  offset, the staff directory ("staff") and the time of writing ("now").
- A checker refuses any reply in which a private value of its context appears outside a label unless the
  channel's policy allows it (the customer's own details on a private channel, what they posted publicly),
  so the labels are complete by construction, not by what a scanner finds.

Each line: {id, text, context, labels: [{start, end, kind, also?, class, tier}], tier, class, channel}.
`kind` is the finding kind expected; `also` lists another acceptable kind where the detail is both (a
staff member's email is an email and names a person). `tier` is exact (the value as the context holds it),
reformatted (another format, a part of a name, approximate or relative times, paraphrase) or clean;
`channel` is the ticket's channel (social and forum are public; email and portal private).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

import holdout_cases as cases  # noqa: E402
from holdout_people import (  # noqa: E402
    ALIASES,
    COMPANIES,
    HANDLES,
    NOTE_FACTS,
    ORGANIZATIONS,
    PARAPHRASED_FACTS,
    PEOPLE,
    REGIONS,
    ROLES,
    STAFF_TEAMS,
)
from holdout_prose import reply  # noqa: E402

OUT = Path(__file__).parent / "data" / "leak_holdout.jsonl"
SEED = 90_311
PUBLIC, PRIVATE = ("social", "forum"), ("email", "portal")
WEBMAIL = ["gmail.com", "outlook.com", "proton.me"]
TEST_CARD_ENDINGS = ("4242", "1111", "0002", "4444", "9995")
MARKUP = re.compile(r"\[\[([a-z_+]+)\|([a-z_]+)\|(exact|reformatted)\|(.+?)\]\]", re.S)


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    digits = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def iban_for(country: str, bban: str) -> str:
    numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    check = 98 - int(numeric) % 97
    raw = f"{country}{check:02d}{bban}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def ssn(rng: random.Random) -> str:
    return f"{rng.randrange(101, 665)}-{rng.randrange(10, 99)}-{rng.randrange(1001, 9999)}"


class World:
    """One ticket's private context and the values replies may (or must not) repeat."""

    def __init__(self, rng: random.Random, number: int) -> None:
        self.rng = rng
        self.company = COMPANIES[number % len(COMPANIES)]
        region = self.company["region"] if rng.random() < 0.8 else rng.choice(sorted(REGIONS))
        self.region = REGIONS[region]
        people = rng.sample(PEOPLE, 14)
        self.customer = self._person(people[0])
        self.contacts = [self._person(p) for p in people[1:4]]
        self.staff = [self._person(p) for p in people[4:14]]
        self.author, self.colleague = self.staff[0], self.staff[1]
        self.alias, self.other_alias = rng.sample(ALIASES, 2)
        self.org, self.org_domain = rng.choice(ORGANIZATIONS)
        for contact in self.contacts:
            contact["email"] = (
                f"{ascii_fold(contact['first']).lower()}."
                f"{ascii_fold(contact['last']).lower().replace(' ', '')}@{self.org_domain}"
            )
            contact["phone"] = self._phone()
            contact["role"] = rng.choice(ROLES)
        domain = self.company["domain"]
        for member in self.staff:
            first, last = ascii_fold(member["first"]).lower(), ascii_fold(member["last"]).lower().replace(" ", "")
            member["username"] = rng.choice([f"{first[0]}{last}", f"{first}.{last}", f"{first}{last[0]}"]).replace(
                "-", ""
            )
            member["email"] = f"{first.replace('-', '')}.{last}@{domain}"
            member["team"] = rng.choice(STAFF_TEAMS)
        c = self.customer
        c["handle"] = rng.choice(HANDLES)
        c["email"] = f"{ascii_fold(c['first']).lower()}@{self.org_domain}"
        c["phone"] = self._phone()
        c["address"] = rng.choice(self.region["streets"]).format(n=rng.randrange(2, 220))
        prefix = rng.choice(["LC", "TW", "OT", "KP", "AC"])
        c["account"] = f"{prefix}-{rng.randrange(100000, 999999)}"
        c["ip"] = f"81.{rng.randrange(2, 220)}.{rng.randrange(1, 250)}.{rng.randrange(2, 250)}"
        self.card = TEST_CARD_ENDINGS[0]
        while self.card in TEST_CARD_ENDINGS:  # a help text's test card must not be the customer's
            self.card = luhn_complete(rng.choice(["45", "51", "53"]), 16, rng)[-4:]
        while True:
            self.private_card = luhn_complete(rng.choice(["49", "52", "54"]), 16, rng)
            if self.private_card[-4:] not in (self.card, *TEST_CARD_ENDINGS):
                break
        self.alt_phone = self._phone()
        self.note_phone = self._phone()
        mailbox = f"{rng.choice(['home', 'mail', 'p'])}{rng.randrange(10, 99)}"
        self.personal_email = f"{ascii_fold(c['first']).lower()}.{mailbox}@{rng.choice(WEBMAIL)}"
        self.alt_account = f"{prefix}-{rng.randrange(100000, 999999)}"
        self.alt_address = rng.choice(self.region["streets"]).format(n=rng.randrange(2, 220))
        self.ssn = ssn(rng)
        self.iban = (
            iban_for("GB", f"NWBK{rng.randrange(100000, 999999)}{rng.randrange(10_000_000, 99_999_999)}")
            if rng.random() < 0.5
            else iban_for("DE", f"{rng.randrange(10**17, 10**18)}")
        )
        self.fact, self.fact_paraphrases = rng.choice(PARAPHRASED_FACTS)
        self.note_fact, self.note_paraphrases = rng.choice(NOTE_FACTS)
        self.order = f"{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}"
        self._calls()
        self.public_post = ""

    def _person(self, pair: tuple[str, str]) -> dict:
        first, last = pair
        return {"first": first, "last": last, "full": f"{first} {last}"}

    def _phone(self) -> str:
        rng = self.rng
        return rng.choice(self.region["phones"]).format(
            a=rng.randrange(10, 99), b=rng.randrange(100, 999), c=rng.randrange(10)
        )

    def _calls(self) -> None:
        """Three calls: yesterday just after 3pm, a morning five or six days ago, and an older one logged in the
        customer's own timezone (an afternoon near a round hour, or an evening)."""
        rng = self.rng
        self.agent_tz = ZoneInfo(self.company["tz"])
        self.customer_tz = ZoneInfo(rng.choice(self.region["tzs"]))
        day = datetime(2024, rng.randrange(2, 12), rng.randrange(1, 28), 10, rng.randrange(0, 50), tzinfo=self.agent_tz)
        self.now = day + timedelta(minutes=rng.randrange(0, 60))
        self.yesterday = (day - timedelta(days=1)).replace(hour=15, minute=rng.randrange(0, 9))
        week = (day - timedelta(days=rng.choice([5, 6]))).replace(
            hour=rng.choice([8, 9, 10]), minute=rng.randrange(5, 55)
        )
        self.week = week
        old_day = (day - timedelta(days=rng.randrange(12, 40))).astimezone(self.customer_tz)
        self.old_evening = rng.random() < 0.35
        if self.old_evening:
            old = old_day.replace(hour=rng.choice([18, 19]), minute=rng.randrange(0, 59))
        else:
            old = old_day.replace(
                hour=rng.choice([13, 14, 15, 16]), minute=rng.choice([0, 2, 5, 8, 12, 15, 18, 48, 50, 55])
            )
        self.old = old
        self.calls = [
            {"at": self.old.isoformat(), "duration_s": rng.choice([240, 420, 600])},
            {"at": self.week.isoformat(), "duration_s": rng.choice([180, 300, 540])},
            {"at": self.yesterday.isoformat(), "duration_s": rng.choice([120, 300, 480])},
        ]

    def private_messages(self) -> list[str]:
        c = self.customer
        spaced = " ".join(self.private_card[i : i + 4] for i in range(0, 16, 4))
        return [
            f"Hello, {self.fact} I have tried the help pages and the chat twice and nobody has got back to me.",
            f"You can reach me on my mobile {self.alt_phone} or at my personal address {self.personal_email}, "
            f"I don't check the work one. The payment went out of my other card, {spaced}, not the one on file.",
            f"Please send the replacement to {self.alt_address} instead, we moved in the summer. The second "
            f"account is {self.alt_account}. For the refund my IBAN is {self.iban}. Your form also asked for my "
            f"SSN, it is {self.ssn}.",
            f"{self.contacts[0]['first']} from our side ({self.contacts[0]['role']}) looks after invoices, "
            f"and {self.contacts[1]['full']} is the one to call if I'm away. Thanks, {c['first']}",
        ]

    def internal_notes(self) -> list[str]:
        s = self.colleague
        return [
            self.note_fact,
            f"Escalated to {s['full']} ({s['username']}) in {s['team']}. Customer gave a landline for callbacks: "
            f"{self.note_phone}. Card on file ends {self.card}.",
            f"Callback agreed with {self.contacts[2]['full']} ({self.contacts[2]['role']}) at the office, "
            f"{self.contacts[2]['phone']}. {self.staff[2]['full']} approved the goodwill credit.",
        ]

    def context(self, channel: str) -> dict:
        c = self.customer
        company = self.company
        return {
            "channel": "public" if channel in PUBLIC else "private",
            "tz": company["tz"],
            "region": company["region"],
            "customer": {
                "name": c["full"],
                "handle": c["handle"],
                "emails": [c["email"]],
                "phones": [c["phone"]],
                "addresses": [c["address"]],
                "account_ids": [c["account"]],
                "cards": [self.card],
                "ips": [c["ip"]],
                "organization": self.org,
            },
            "contacts": [{k: p[k] for k in ("email", "phone", "role")} | {"name": p["full"]} for p in self.contacts],
            "private_messages": self.private_messages(),
            "internal_notes": self.internal_notes(),
            "calls": self.calls,
            "public_post": self.public_post,
            "agent": {"alias": self.alias, "real_name": self.author["full"]},
            "company": {
                "names": company["names"],
                "emails": company["emails"],
                "phones": company["phones"],
                "urls": company["urls"],
                "domains": [company["domain"]],
                "ips": company["ips"],
            },
            "staff": [{"name": s["full"], "username": s["username"], "email": s["email"]} for s in self.staff],
            "now": self.now.isoformat(),
        }


def render(parts: list[str]) -> tuple[str, list[dict]]:
    """The reply's text and its labels, from sentences carrying `[[kind|class|tier|text]]` markup."""
    text, labels, pos = "", [], 0
    source = "".join(parts)
    for match in MARKUP.finditer(source):
        text += source[pos : match.start()]
        kind, cls, tier, value = match.groups()
        kinds = kind.split("+")
        label = {"start": len(text), "end": len(text) + len(value), "kind": kinds[0], "class": cls, "tier": tier}
        if len(kinds) > 1:
            label["also"] = kinds[1:]
        labels.append(label)
        text += value
        pos = match.end()
    text += source[pos:]
    return text, labels


DIGITS = re.compile(r"\d[\d \-./()]*\d|\d")


def _digits(text: str) -> str:
    return "".join(str(unicodedata.digit(ch)) for ch in text if ch.isdigit())


def check(text: str, labels: list[dict], context: dict, w) -> None:
    """Refuse a reply that shows a private value of its context outside a label, unless the policy allows it."""
    spans = [(lb["start"], lb["end"]) for lb in labels]
    private = context["channel"] == "private"
    post = context["public_post"].lower()

    def labelled(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in spans)

    def fail(what: str, value: str) -> None:
        raise AssertionError(f"unlabelled {what} {value!r} in reply:\n{text}\nlabels {labels}")

    c = w.customer
    words: list[tuple[str, str]] = []  # (value, owner)
    for person in w.staff:
        words += [
            (person["first"], "staff"),
            (person["last"], "staff"),
            (person["username"], "staff"),
            (person["email"], "staff"),
        ]
    for person in w.contacts:
        words += [(person["first"], "contact"), (person["last"], "contact"), (person["email"], "contact")]
    words += [
        (c["first"], "customer"),
        (c["last"], "customer"),
        (c["email"], "customer"),
        (w.personal_email, "customer"),
    ]
    for value, owner in words:
        for match in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE):
            if labelled(*match.span()) or (owner == "customer" and (private or value.lower() in c["handle"])):
                continue
            fail(owner, value)
    numbers = [(_digits(x)[-9:], "customer") for x in (c["phone"], w.alt_phone, w.ssn, c["ip"])]
    numbers += [(_digits(x), "customer") for x in (c["account"], w.alt_account)]
    numbers += [(_digits(p["phone"])[-9:], "contact") for p in w.contacts] + [(_digits(w.note_phone)[-9:], "internal")]
    numbers += [(_digits(w.iban)[-8:], "customer")]
    cards = (w.card, w.private_card[-4:])
    for match in DIGITS.finditer(text):
        found = _digits(match.group())
        if labelled(*match.span()):
            continue
        if found in cards or (len(found) >= 13 and found[-4:] in cards):
            fail("card", match.group())
        for value, owner in numbers:
            if found.endswith(value):
                allowed = owner == "customer" and (private or match.group().lower() in post)
                if not allowed:
                    fail(owner, match.group())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rng = random.Random(SEED)
    rows = []
    for number, (name, make) in enumerate(cases.schedule(rng)):
        world = World(rng, number)
        channel, body = make(rng, world)
        channel = rng.choice(PUBLIC if channel == "public" else PRIVATE if channel == "private" else PUBLIC + PRIVATE)
        text, labels = render(reply(rng, world, channel, body))
        context = world.context(channel)
        check(text, labels, context, world)
        tiers = {label["tier"] for label in labels}
        rows.append(
            {
                "id": f"holdout-{number:04d}",
                "text": text,
                "context": context,
                "labels": labels,
                "tier": "clean"
                if not labels
                else "exact"
                if tiers == {"exact"}
                else "reformatted"
                if tiers == {"reformatted"}
                else "mixed",
                "class": name,
                "channel": channel,
            }
        )
    with args.out.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} replies to {args.out}")


if __name__ == "__main__":
    main()
