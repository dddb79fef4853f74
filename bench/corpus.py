"""Generate the labelled leak corpus: agent replies with and without private details.

Deterministic (seeded): `.venv/bin/python bench/corpus.py` rewrites bench/data/leak_corpus.jsonl.
Each line: id, text, context, labels [{start, end, kind}], tier ("clean" | "exact" | "reformatted").
Clean replies carry hard negatives (company numbers, the public handle, versions, error codes,
ordinary dates, values from the public post); leaky ones carry 1-3 details. The reformatted forms
were written from how agents and customers write, not from what the scanner handles; a few are
expected to be missed (spelled-out dates, lower-case first names, split numbers).
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers

SEED = 20240305
OUT = Path(__file__).parent / "data" / "leak_corpus.jsonl"
COUNTS = {"clean": 450, "exact": 400, "reformatted": 400}

COUNTRIES = {
    "US": (
        "America/New_York",
        ["Emily", "Marcus", "Dana", "Tyler", "Keisha", "Brandon", "Megan", "Luis"],
        ["Johnson", "Whitfield", "Alvarez", "Nguyen", "Okonkwo", "Brennan", "Castillo", "Hughes"],
        ["Maple Avenue", "Oak Street", "Sunset Boulevard", "Lakeview Drive", "Pine Road", "Elm Court"],
        ["Springfield, IL 62704", "Austin, TX 78701", "Portland, OR 97205", "Denver, CO 80202"],
    ),
    "GB": (
        "Europe/London",
        ["Oliver", "Amelia", "Harriet", "Rhys", "Siobhan", "Callum", "Imogen", "Nigel"],
        ["Thornton", "Ashworth", "Pemberton", "Llewellyn", "Fairbairn", "Hargreaves", "Okafor", "Patel"],
        ["Baker Street", "Mill Lane", "Station Road", "Church Terrace", "Victoria Crescent", "Kings Road"],
        ["London NW1 6XE", "Leeds LS1 4AP", "Bristol BS1 5TR", "Manchester M4 1HN"],
    ),
    "DE": (
        "Europe/Berlin",
        ["Lukas", "Annika", "Jörg", "Friederike", "Mehmet", "Katrin", "Tobias", "Ulrike"],
        ["Schneider", "Böhm", "Krüger", "Wagner", "Yilmaz", "Hoffmann", "Lehmann", "Fischer"],
        ["Hauptstraße", "Lindenweg", "Schillerstraße", "Am Markt", "Goethestraße", "Bahnhofstraße"],
        ["10115 Berlin", "80331 München", "50667 Köln", "20095 Hamburg"],
    ),
    "FR": (
        "Europe/Paris",
        ["Camille", "Théo", "Élodie", "Mathis", "Inès", "Baptiste", "Chloé", "Yannick"],
        ["Lefèvre", "Moreau", "Girard", "Benali", "Rousseau", "Fontaine", "Mercier", "Dubois"],
        ["rue de la Paix", "avenue Victor Hugo", "boulevard Voltaire", "rue des Lilas", "place Bellecour"],
        ["75002 Paris", "69002 Lyon", "13001 Marseille", "31000 Toulouse"],
    ),
    "IN": (
        "Asia/Kolkata",
        ["Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Sneha", "Aditya"],
        ["Raman", "Iyer", "Chatterjee", "Deshpande", "Menon", "Kulkarni", "Reddy", "Bhattacharya"],
        ["MG Road", "Park Street", "Linking Road", "Brigade Road", "Anna Salai"],
        ["Bengaluru 560001", "Mumbai 400050", "Kolkata 700016", "Chennai 600002"],
    ),
    "AU": (
        "Australia/Sydney",
        ["Chloe", "Lachlan", "Matilda", "Jarrah", "Isla", "Hamish", "Mia", "Declan"],
        ["Nguyen", "O'Brien", "Kowalski", "Mitchell", "Papadopoulos", "Taylor", "Ward", "Singh"],
        ["George Street", "Chapel Road", "Beach Parade", "Queen Street", "Ocean Drive"],
        ["Sydney NSW 2000", "Melbourne VIC 3000", "Brisbane QLD 4000", "Perth WA 6000"],
    ),
    "CA": (
        "America/Toronto",
        ["Chantal", "Ethan", "Noor", "Gabriel", "Avery", "Jasmeet", "Liam", "Sophie"],
        ["Tremblay", "Gagnon", "MacDonald", "Roy", "Dhillon", "Côté", "Campbell", "Leblanc"],
        ["Yonge Street", "Rue Sainte-Catherine", "Granville Street", "Jasper Avenue", "Bloor Street"],
        ["Toronto ON M5V 2T6", "Montréal QC H3B 1A7", "Vancouver BC V6B 1A1", "Calgary AB T2P 1J9"],
    ),
    "NL": (
        "Europe/Amsterdam",
        ["Sanne", "Daan", "Femke", "Bram", "Lieke", "Joost", "Anouk", "Thijs"],
        ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer"],
        ["Keizersgracht", "Damstraat", "Oudegracht", "Lange Voorhout", "Witte de Withstraat"],
        ["1012 AB Amsterdam", "3511 AL Utrecht", "2514 JK Den Haag", "3012 CN Rotterdam"],
    ),
}
CUSTOMER_ORGS = [
    ("Acme Logistics", "acme-logistics.com"),
    ("Brightwater Dental", "brightwaterdental.co.uk"),
    ("Kiefer Maschinenbau", "kiefer-mb.de"),
    ("Atelier Lumière", "atelier-lumiere.fr"),
    ("Sundar Textiles", "sundartextiles.in"),
    ("Harbourside Cafe", "harbourside.com.au"),
    ("Maple & Pine Legal", "mapleandpine.ca"),
    ("Groen Fietsen", "groenfietsen.nl"),
    ("Nimbus Analytics", "nimbus-analytics.io"),
    ("Redwood Schools", "redwoodschools.org"),
]
OUR_COMPANIES = [
    ("Tact Cloud", "tact.example", "+1 800 555 0199"),
    ("Helpwise", "helpwise.example", "+44 20 3996 0000"),
    ("Northwind Support", "northwind.example", "+49 30 25558800"),
]
ROLES = ["IT manager", "finance lead", "office manager", "CTO", "operations", "billing contact"]
HANDLES = [
    "ledger_fan",
    "nightowl42",
    "quietbadger",
    "pixelpusher",
    "tea_and_code",
    "mapleleaf88",
    "kb_admin",
    "sunnyside",
    "grumpy_gopher",
    "blue_heron",
]
ALIASES = ["Alex", "Sam", "Jordan", "Robin", "Kit", "Morgan", "Casey", "Riley"]
AGENT_NAMES = [
    "Samuel Okafor",
    "Hannah Lindqvist",
    "Tomasz Wójcik",
    "Aisha Bello",
    "Diego Ferreira",
    "Mei Tanaka",
    "Ruth Abernathy",
    "Kwame Mensah",
]

COMPLAINTS = [
    "our finance team cannot export the quarterly ledger since the upgrade last night",
    "the warehouse scanners keep dropping the connection every twenty minutes or so",
    "my manager is furious because the invoices went out with the wrong tax rate",
    "we were charged twice for the annual plan and nobody has answered my emails",
    "the mobile app logs me out whenever I switch between the two client accounts",
    "half of our patients did not receive their appointment reminders this morning",
    "the shared calendar shows every booking one hour late after the clocks changed",
    "I think someone in the old team still has access to the admin console",
    "the bulk import stopped at row four thousand and now the whole file is locked",
    "our accountant needs the VAT breakdown before the audit starts on the tenth",
    "the delivery labels print with the previous address of our second depot",
    "since Monday the dashboard takes almost a minute to load any report at all",
]
NOTES = [
    "customer is on the legacy billing plan and threatened to churn twice this year",
    "gave a goodwill credit in January so do not offer another one without a lead",
    "their IT contact is difficult and insists on phone calls rather than email",
    "suspect the duplicate charge came from the retry bug in the payment worker",
    "account flagged for a chargeback last spring so check with finance before refunding",
    "they are negotiating a renewal so keep the tone warm and avoid promising dates",
    "the root cause is the migration script that skipped the depot address table",
    "legal asked us not to mention the data incident until the review is finished",
]
NEUTRAL = [
    "Thanks for your patience while we looked into this.",
    "I have passed this on to our engineering team and they are on it.",
    "The fix has been deployed and you should see the change after a refresh.",
    "Could you try clearing your browser cache and signing in again?",
    "I have applied a credit to your next invoice.",
    "Our logs show the export job finished without errors on our side.",
    "Please let me know if the issue comes back.",
    "I've reset the sync so it will rebuild over the next hour.",
    "We have reproduced the problem and are working on a patch.",
    "You can find the setting under Admin, then Integrations.",
    "I'm sorry for the trouble this has caused your team.",
    "This is a known issue with older browsers and an update is on its way.",
    "The duplicate charge has been reversed and should appear in a few days.",
    "I've attached a short guide that walks through the import steps.",
]
GREETINGS = ["Hi there,", "Hello,", "Hi {handle},", "Thanks for getting in touch,", "Hey @{handle},", ""]
SIGNOFFS = [
    "Best, {alias}",
    "Kind regards,\n{alias} ({company} Support)",
    "Cheers, {alias}",
    "— {alias}",
    "Thanks,\n{alias}",
]


@dataclass
class Person:
    first: str
    last: str
    country: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Reply:
    parts: list[str] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, kind: str | None = None) -> None:
        if kind is not None:
            self.labels.append({"start": self.length, "end": self.length + len(text), "kind": kind})
        self.parts.append(text)
        self.length += len(text)

    def sentence(self, template: str, value: str, kind: str) -> None:
        """A sentence around one value: "{}" marks where it goes."""
        before, after = template.split("{}")
        self.add(before)
        self.add(value, kind)
        self.add(after + " ")

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()


def valid_phone(rng: random.Random, region: str, mobile: bool) -> phonenumbers.PhoneNumber:
    kind = phonenumbers.PhoneNumberType.MOBILE if mobile else phonenumbers.PhoneNumberType.FIXED_LINE
    example = phonenumbers.example_number_for_type(region, kind)
    nsn = phonenumbers.national_significant_number(example)
    while True:
        keep = max(2, len(nsn) - 6)
        candidate = nsn[:keep] + "".join(rng.choice("0123456789") for _ in range(len(nsn) - keep))
        number = phonenumbers.parse("+" + str(example.country_code) + candidate, None)
        if phonenumbers.is_valid_number(number):
            return number


def fmt(number: phonenumbers.PhoneNumber, style: str) -> str:
    f = phonenumbers.PhoneNumberFormat
    if style == "intl":
        return phonenumbers.format_number(number, f.INTERNATIONAL)
    if style == "e164":
        return phonenumbers.format_number(number, f.E164)
    if style == "national":
        return phonenumbers.format_number(number, f.NATIONAL)
    if style == "dots":
        return (
            phonenumbers.format_number(number, f.NATIONAL)
            .replace(" ", ".")
            .replace("-", ".")
            .replace("(", "")
            .replace(")", "")
        )
    if style == "dashes":
        return phonenumbers.format_number(number, f.INTERNATIONAL).replace(" ", "-")
    if style == "compact":
        return "".join(c for c in phonenumbers.format_number(number, f.NATIONAL) if c.isdigit())
    if style == "trunk0":  # "+44 (0)20 7946 0123"
        national = phonenumbers.format_number(number, f.NATIONAL)
        return (
            f"+{number.country_code} ({national[0]}){national[1:]}"
            if national.startswith("0")
            else phonenumbers.format_number(number, f.INTERNATIONAL)
        )
    if style == "00":
        return "00" + phonenumbers.format_number(number, f.INTERNATIONAL)[1:]
    raise ValueError(style)


def luhn_card(rng: random.Random, prefix: str) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(15 - len(prefix)))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def group4(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


def person(rng: random.Random, country: str) -> Person:
    _, firsts, lasts, _, _ = COUNTRIES[country]
    return Person(rng.choice(firsts), rng.choice(lasts), country)


def email_of(p: Person, domain: str, rng: random.Random) -> str:
    import unicodedata

    def ascii_(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", s) if c.isalnum() and c.isascii()).lower()

    style = rng.choice(["{f}.{l}", "{f}{l}", "{f0}{l}", "{f}_{l}"])
    return style.format(f=ascii_(p.first), l=ascii_(p.last), f0=ascii_(p.first)[0]) + "@" + domain


def address_of(rng: random.Random, country: str) -> tuple[str, str]:
    """(full address, street line)."""
    _, _, _, streets, cities = COUNTRIES[country]
    street, city, number = rng.choice(streets), rng.choice(cities), rng.randint(2, 240)
    line = f"{street} {number}" if country in ("DE", "NL") else f"{number} {street}"
    if country == "FR":
        line = f"{number} {street}"
    unit = rng.choice(["", "", "Flat 3, ", "Suite 210, ", "Apt 5B, "]) if country in ("US", "GB", "CA", "AU") else ""
    return f"{unit}{line}, {city}", line


def make_context(rng: random.Random, index: int) -> dict:
    country = rng.choice(list(COUNTRIES))
    tz = COUNTRIES[country][0]
    cust = person(rng, country)
    org, domain = rng.choice(CUSTOMER_ORGS)
    cust_email = email_of(cust, domain, rng)
    contacts: list[dict] = []
    while not contacts:
        c = person(rng, country)
        while c.first == cust.first:
            c = person(rng, country)
        email = email_of(c, domain, rng)
        if email == cust_email:
            continue
        contacts.append(
            {
                "name": c.name,
                "email": email,
                "phone": fmt(valid_phone(rng, country, True), "intl"),
                "role": rng.choice(ROLES),
            }
        )
    ours = rng.choice(OUR_COMPANIES)
    agent_real = rng.choice(AGENT_NAMES)
    address, _ = address_of(rng, country)
    cards = [rng.choice([luhn_card(rng, "4"), luhn_card(rng, "51"), f"{rng.randint(1000, 9999)}"])]
    zone = ZoneInfo(tz)
    calls = []
    for _ in range(rng.randint(1, 2)):
        local = datetime(
            2024, rng.randint(1, 12), rng.randint(1, 28), rng.randint(8, 18), rng.randint(0, 59), tzinfo=zone
        )
        calls.append({"at": local.astimezone(UTC).isoformat(), "duration_s": rng.choice([300, 600, 1200])})
    prefix = rng.choice(["ACC-", "ORD-", "CUST", "#", "INV-2024-"])
    account = f"{prefix}{rng.randint(10000, 999999)}"
    phone = valid_phone(rng, country, rng.random() < 0.6)
    return {
        "channel": "private" if rng.random() < 0.15 else "public",
        "tz": tz,
        "region": country,
        "customer": {
            "name": cust.name,
            "handle": rng.choice(HANDLES),
            "emails": [cust_email],
            "phones": [fmt(phone, rng.choice(["intl", "e164", "national"]))],
            "addresses": [address],
            "account_ids": [account],
            "cards": cards,
            "ips": [f"203.0.113.{rng.randint(2, 250)}"],
            "organization": org,
        },
        "contacts": contacts,
        "private_messages": [rng.choice(COMPLAINTS).capitalize() + ". " + rng.choice(COMPLAINTS).capitalize() + "."],
        "internal_notes": [rng.choice(NOTES).capitalize() + "."],
        "calls": calls,
        "public_post": "",
        "agent": {"alias": rng.choice(ALIASES), "real_name": agent_real},
        "company": {
            "names": [ours[0]],
            "emails": [f"support@{ours[1]}"],
            "phones": [ours[2]],
            "urls": [f"https://status.{ours[1]}"],
            "domains": [ours[1]],
            "ips": ["192.0.2.10"],
        },
    }


def call_local(ctx: dict, i: int = 0) -> datetime:
    return datetime.fromisoformat(ctx["calls"][i]["at"]).astimezone(ZoneInfo(ctx["tz"]))


ABBREVIATIONS = [
    ("Street", "St."),
    ("Road", "Rd"),
    ("Avenue", "Ave"),
    ("Boulevard", "Blvd"),
    ("Drive", "Dr"),
    ("Lane", "Ln"),
    ("Crescent", "Cres."),
    ("Terrace", "Terr."),
    ("straße", "str."),
    ("Straße", "Str."),
    ("avenue", "av."),
    ("boulevard", "bd"),
]


def street_line(ctx: dict) -> str:
    first = ctx["customer"]["addresses"][0].split(", ")
    return next(
        part for part in first if any(c.isdigit() for c in part) and not part.startswith(("Flat", "Suite", "Apt"))
    )


def quote_span(rng: random.Random, source: str, low: int, high: int) -> str:
    words = source.rstrip(".").split()
    n = min(len(words), rng.randint(low, high))
    start = rng.randint(0, len(words) - n)
    return " ".join(words[start : start + n])


def other_ticket_detail(rng: random.Random) -> tuple[str, str, str]:
    """A detail from someone else's ticket: only generic patterns can see it."""
    stranger = person(rng, rng.choice(list(COUNTRIES)))
    choice = rng.choice(["email", "phone", "card", "iban", "gov_id", "ip"])
    if choice == "email":
        return (
            "I have also copied {} on this thread.",
            email_of(stranger, rng.choice(["gmail.com", "outlook.com", "yahoo.co.uk"]), rng),
            "email",
        )
    if choice == "phone":
        number = valid_phone(rng, stranger.country, True)
        return "The courier will ring {} on arrival.", fmt(number, "intl"), "phone"
    if choice == "card":
        return (
            "The payment from {} was declined.",
            group4(luhn_card(rng, rng.choice(["4", "51", "37"]))[:16]),
            "card",
        )
    if choice == "iban":
        return (
            "We sent the refund to {} yesterday.",
            rng.choice(
                [
                    "GB82 WEST 1234 5698 7654 32",
                    "DE89 3704 0044 0532 0130 00",
                    "FR14 2004 1010 0505 0001 3M02 606",
                    "NL91 ABNA 0417 1643 00",
                    "ES91 2100 0418 4502 0005 1332",
                ]
            ),
            "iban",
        )
    if choice == "gov_id":
        return (
            "The form lists {} as the tax id.",
            rng.choice(
                [
                    "536-22-1234",
                    "512-44-7731",
                    "AB 12 34 56 C",
                    "JG 10 37 65 A",
                    "12345678Z",
                    "2345 6789 0124",
                ]
            ),
            "gov_id",
        )
    return "Requests from {} were rate limited.", f"198.51.100.{rng.randint(2, 250)}", "ip"


def call_phrases(when: datetime, rng: random.Random, tier: str) -> tuple[str, str]:
    """(template, value) of a call time: exact is the plain "4 March at 15:02", reformatted is reworded."""
    day, month, mon = when.day, when.strftime("%B"), when.strftime("%b")
    h12 = when.strftime("%I").lstrip("0")
    ampm = when.strftime("%p").lower()
    rounded = when + timedelta(minutes=60 - when.minute if when.minute >= 30 else -when.minute)
    hour_only = f"{rounded:%I}".lstrip("0") + f"{rounded:%p}".lower()  # "3pm": how people round 15:02 or 14:40
    ordinal = "th" if 4 <= day <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    if tier == "exact":
        return "As we discussed on the phone {}, the refund is approved.", f"on {day} {month} at {when:%H:%M}"
    return rng.choice(
        [
            ("As agreed {}, the refund is approved.", f"on {rounded:%A} around {hour_only}"),
            ("As agreed on {}, the refund is approved.", f"{when:%d/%m} at {h12}:{when:%M}{ampm}"),
            ("As agreed on {}, the refund is approved.", f"{mon} {day}, {h12}:{when:%M}{ampm}"),
            ("As agreed on the {}, the refund is approved.", f"{day}{ordinal} of {month}, {when:%H:%M}"),
            ("When we spoke {}, I promised to check the invoice.", f"at {h12}:{when:%M} {ampm}"),
            ("Following our call on {}, I have escalated this.", f"{day} {mon}"),
            ("As agreed on {}, the refund is approved.", f"{when:%Y-%m-%d} {when:%H:%M}"),
            ("As agreed on {}, the refund is approved.", f"{rounded:%m/%d/%Y} at {hour_only}"),
            ("As agreed {} the refund is approved.", f"on the {day}{ordinal} of {month} just after {h12}")
            if when.minute < 20
            else (
                "As agreed {} the refund is approved.",
                f"on the {when:%d}.{when:%m}. um {when:%H}.{when:%M} Uhr",
            ),
            ("As agreed {}, the refund is approved.", f"on the fourth of {month} at {when:%H:%M}")
            if day == 4
            else ("Following {}, I have escalated this.", f"yesterday's call at {hour_only}"),
        ]
    )


def leak(ctx: dict, rng: random.Random, tier: str, kind: str) -> tuple[str, str, str]:
    cust, contact = ctx["customer"], rng.choice(ctx["contacts"])
    exact = tier == "exact"
    if kind == "email":
        if ctx["channel"] == "private" or rng.random() < 0.3:
            value = contact["email"]
        else:
            value = cust["emails"][0]
        if not exact:
            local, domain = value.split("@")
            value = rng.choice(
                [
                    value.upper(),
                    value.capitalize(),
                    f"{local.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}",
                    f"{local} [at] {domain}",
                ]
            )
        return "I've updated the record for {} as requested.", value, "email"
    if kind == "phone":
        raw = contact["phone"] if ctx["channel"] == "private" or rng.random() < 0.3 else cust["phones"][0]
        if not exact:
            number = phonenumbers.parse(raw, ctx["region"])
            raw = fmt(number, rng.choice(["national", "dots", "dashes", "compact", "trunk0", "00", "e164"]))
        return (
            rng.choice(["We tried calling {} but got voicemail.", "Our courier will phone {} tomorrow."]),
            raw,
            "phone",
        )
    if kind == "address":
        line = street_line(ctx)
        if exact:
            return (
                rng.choice(["The replacement will go to {} this week.", "Our records show {} for deliveries."]),
                rng.choice([line, cust["addresses"][0]]),
                "address",
            )
        for long, short in rng.sample(ABBREVIATIONS, len(ABBREVIATIONS)):
            if long in line:
                return "The replacement will go to {} this week.", line.replace(long, short), "address"
        return "The replacement will go to {} this week.", line.lower(), "address"
    if kind == "account_id":
        raw = cust["account_ids"][0]
        if not exact:
            digits = "".join(c for c in raw if c.isdigit())
            raw = rng.choice(
                [
                    digits[-6:] if raw.startswith("INV") else digits,
                    raw.replace("-", "").lower(),
                    raw.replace("-", " "),
                ]
            )
        return (
            rng.choice(["I've looked at account {} and it is active.", "Order {} has been refunded."]),
            raw,
            "account_id",
        )
    if kind == "card":
        card = cust["cards"][0]
        last4 = card[-4:]
        if exact:
            return (
                "The charge on {} has been reversed.",
                group4(card) if len(card) > 4 else f"the card ending {last4}",
                "card",
            )
        return (
            "The charge on {} has been reversed.",
            rng.choice(
                [
                    f"your card ending in {last4}",
                    f"the Visa ending {last4}",
                    f"**** {last4}",
                    f"the card (last four digits {last4})",
                    f"•••• {last4}",
                    "-".join(group4(card).split()) if len(card) > 4 else f"card xxxx-{last4}",
                ]
            ),
            "card",
        )
    if kind == "ip":
        value = cust["ips"][0]
        return "The failed logins came from {} last night.", value if exact else value + "/32", "ip"
    if kind == "call_time":
        template, value = call_phrases(call_local(ctx, rng.randrange(len(ctx["calls"]))), rng, tier)
        return template, value, "call_time"
    if kind == "quote":
        source = rng.choice(ctx["internal_notes"] + ([] if ctx["channel"] == "private" else ctx["private_messages"]))
        span = quote_span(rng, source, 9, 14) if exact else quote_span(rng, source, 8, 11)
        if not exact:
            words = span.split()
            cut = rng.randint(2, len(words) - 2)
            span = rng.choice(
                [
                    span.upper(),
                    span.lower(),
                    " ".join(words[:cut]) + ", " + " ".join(words[cut:]),
                    span.replace(" ", "  "),
                    "…" + span + "…",
                ]
            )
        return (
            rng.choice(["Just to confirm: {}.", "Note that {}, so please bear with us.", 'Noted - "{}".']),
            span,
            "quote",
        )
    # person
    who = rng.choice(["contact", "agent"] if ctx["channel"] == "private" else ["contact", "customer", "agent"])
    name = {"contact": contact["name"], "customer": cust["name"], "agent": ctx["agent"]["real_name"]}[who]
    first, last = name.split(" ", 1)[0], name.split(" ")[-1]
    if exact:
        return (
            rng.choice(["I have looped in {} on this.", "{} confirmed the change this morning."]),
            name,
            "person",
        )
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    template, value = rng.choice(
        [
            ("I spoke with {} and they agreed.", first),
            ("{} mentioned the export is urgent.", first),
            ("Thanks, {}, for the screenshots.", first) if who != "agent" else ("{} here from billing.", first),
            (f"As {rng.choice(['Ms', 'Mr', 'Dr'])} {{}} requested, we paused the plan.", last)
            if who != "agent"
            else ("I spoke with {} today.", first),
            ("I have looped in {} on this.", plain if plain != name else name.upper()),
            ("{} said the export is urgent.", first.lower()),  # hard: lower-case first name
        ]
    )
    return template, value, "person"


def hard_negatives(ctx: dict, rng: random.Random) -> list[str]:
    """Sentences that look like leaks and are not: the company's own details, versions, codes, dates."""
    company = ctx["company"]
    phone = phonenumbers.parse(company["phones"][0], None)
    other_day = call_local(ctx) + timedelta(days=rng.choice([3, 9, 40]))
    pool = [
        f"You can reach us on {fmt(phone, rng.choice(['intl', 'national', 'e164', 'dashes']))} any time.",
        f"Write to {company['emails'][0]} if anything else comes up.",
        f"Live status is at {company['urls'][0]}/incidents.",
        f"Please allowlist our relay at {company['ips'][0]}.",
        f"Thanks @{ctx['customer']['handle']} for the detailed report.",
        f"This is fixed in version {rng.randint(2, 12)}.{rng.randint(0, 9)}.0.{rng.randint(1, 99)}.",
        f"Please update to v{rng.randint(1, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 9)} or later.",
        f"The log shows error 0x{rng.randint(0x10000000, 0x8FFFFFFF):08X} during the upload.",
        f"The API answered HTTP {rng.choice([429, 500, 502, 503])} with code ERR-{rng.randint(1000, 99999)}.",
        "We will have an update for you by Friday.",
        "We aim to reply within 24 hours.",
        "Our office hours are Monday to Friday, 9am to 5pm.",
        f"The new plan starts on {other_day.day} {other_day:%B}.",
        f"Your workspace holds about {rng.choice(['10,000', '25,000', '1.2 million'])} records.",
        "We guarantee 99.9% uptime on that plan.",
        f"The import is limited to {rng.choice([250, 500, 5000])} rows per file for now.",
        f"Sorry again, {ctx['company']['names'][0]} should have caught this sooner.",
        "May I ask which browser you are using?",
        f"I can book a follow-up call on {other_day:%A} at {other_day:%H}:30 if that suits.",
    ]
    return rng.sample(pool, rng.randint(1, 3))


PUBLIC_POSTS = [
    "Hi all, order {account} arrived damaged and support has not replied. Anyone else?",
    "Export to CSV is broken again for account {account}. You can reach me at {email}.",
    "Is anyone else seeing logins fail? My number for the callback is {phone}.",
    "Our office at {street} still gets the old invoices. Please fix.",
]


def public_echo(ctx: dict, rng: random.Random) -> str:
    """Give the context a public post and return a sentence echoing what it published."""
    cust = ctx["customer"]
    values = {
        "account": cust["account_ids"][0],
        "email": cust["emails"][0],
        "phone": cust["phones"][0],
        "street": street_line(ctx),
    }
    post = rng.choice(PUBLIC_POSTS)
    ctx["public_post"] = post.format(**values)
    key = next(k for k in values if "{" + k + "}" in post)
    return {
        "account": "I've checked order {} and a replacement is on its way.",
        "email": "I've replied to {} with the steps as well.",
        "phone": "We'll call you back on {} as you asked.",
        "street": "Invoices for {} now use the new template.",
    }[key].format(values[key])


def own_details(ctx: dict, rng: random.Random) -> str:
    """On a private channel the customer's own details are not leaks."""
    cust = ctx["customer"]
    return rng.choice(
        [
            f"We have {cust['emails'][0]} as your login.",
            f"We will call you on {cust['phones'][0]}.",
            f"The parcel goes to {street_line(ctx)}.",
            f"Your account {cust['account_ids'][0]} is active.",
        ]
    )


LEAK_KINDS = ["email", "phone", "address", "account_id", "card", "ip", "call_time", "quote", "person"]
PRIVATE_LEAK_KINDS = ["email", "phone", "card", "quote", "person"]  # contacts, notes, cards, agent name


def make_reply(rng: random.Random, ctx: dict, tier: str) -> Reply:
    reply = Reply()
    greeting = rng.choice(GREETINGS).format(handle=ctx["customer"]["handle"])
    if greeting:
        reply.add(greeting + "\n\n")
    sentences: list[tuple[str, str, str] | str] = rng.sample(NEUTRAL, rng.randint(1, 3))
    if tier == "clean":
        sentences += hard_negatives(ctx, rng)
        if rng.random() < 0.3:
            sentences.append(public_echo(ctx, rng))
        if ctx["channel"] == "private" and rng.random() < 0.7:
            sentences.append(own_details(ctx, rng))
    else:
        if rng.random() < 0.5:
            sentences += hard_negatives(ctx, rng)[:1]
        kinds = PRIVATE_LEAK_KINDS if ctx["channel"] == "private" else LEAK_KINDS
        for _ in range(rng.choice([1, 1, 2, 3])):
            sentences.append(
                other_ticket_detail(rng)
                if rng.random() < 0.12 and tier == "exact"
                else leak(ctx, rng, tier, rng.choice(kinds))
            )
    rng.shuffle(sentences)
    for sentence in sentences:
        if isinstance(sentence, str):
            reply.add(sentence + " ")
        else:
            reply.sentence(*sentence)
    signoff = rng.choice(SIGNOFFS).format(alias=ctx["agent"]["alias"], company=ctx["company"]["names"][0])
    reply.add("\n\n" + signoff)
    return reply


def generate() -> list[dict]:
    rng = random.Random(SEED)
    rows = []
    for tier, count in COUNTS.items():
        for i in range(count):
            ctx = make_context(rng, i)
            reply = make_reply(rng, ctx, tier)
            text = reply.text
            offset = len("".join(reply.parts)) - len("".join(reply.parts).lstrip())
            labels = [
                {**label, "start": label["start"] - offset, "end": label["end"] - offset} for label in reply.labels
            ]
            for label in labels:
                assert text[label["start"] : label["end"]], (text, label)
            rows.append({"id": f"{tier}-{i:04d}", "text": text, "context": ctx, "labels": labels, "tier": tier})
    return rows


def main() -> None:
    rows = generate()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} replies to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
