"""Load a realistic desk of N tickets into a PostgreSQL database, fast, for measuring pages at scale.

    .venv/bin/python bench/seed_scale.py --tickets 1000000 [--database tact_scale_1m] [--fresh]

The database is created if missing and migrated first (`manage.py migrate`); it must hold no tickets yet
(`--fresh` drops and recreates it). What it holds afterwards: 20 queues, 200 staff with personas, queue
memberships and (leads, admins) an authenticator; 50,000 customers (half the tickets below 100,000), most in
organizations with contacts, many with a portal account; N tickets over the last three years, most of them
solved or closed, with varied channels and priorities; three messages each (the customer's, a public reply the
gate published, the customer's answer; one message on a ticket still `new`), internal notes, calls, the ticket
history, the notification each reply sent; a handful of tickets with 150 messages, some held replies, a few
suspended customers with messages waiting in the suspended view, escalations (a few still active), and the
leads' dashboard figures rolled up from all of it.

A published reply is written with every row the gate leaves: the reply (published, pointing at its message),
its version (published, hashed, with the persona's alias, avatar seed and signature) and a clean scan of exactly
that text by the current scanner and policy. Held replies have a held version and a scan with findings.

Big tables go in with COPY, a chunk of tickets per transaction, with `session_replication_role = replica`, as a
restore does: that skips foreign-key checks and every trigger, including the gate's guards (a version may not be
inserted as published; a reply message is checked at commit) that would otherwise refuse rows written directly
in their final state. In their place, the same rules are checked afterwards over the whole tables at once
(`violations`): the load fails if any row breaks them. Words of graded frequency (`MARKER_WORDS`) are put in
the customers' first messages so a search for a common and a rare word can be measured; they are printed.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

YEAR_S = 365 * 86400
SPAN_S = 3 * YEAR_S
CHUNK = 10_000  # tickets per COPY transaction
STAFF = 200
QUEUES = 20
LONG_THREAD = 150  # messages on each of the long tickets

# Word -> share of tickets whose first customer message holds it (a word no other text here uses).
MARKER_WORDS = {"lantern": 0.10, "marmalade": 0.01, "periscope": 0.001, "quillwort": 0.0001}
_MARKER_RULES = [(word, round(1 / share), (7919 * (n + 1)) % round(1 / share))
                 for n, (word, share) in enumerate(MARKER_WORDS.items())]

QUEUE_NAMES = [
    "Billing", "Technical", "Accounts", "Shipping", "Returns", "Orders", "Payments", "Security", "Mobile app",
    "Integrations", "Onboarding", "Enterprise", "Partners", "Social", "Community", "Refunds", "Hardware",
    "Subscriptions", "Data requests", "General",
]
# Some queues are much busier than others.
QUEUE_WEIGHTS = [18, 16, 9, 8, 7, 7, 6, 4, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1]
CHANNELS = [("email", 55), ("portal", 25), ("phone", 8), ("social", 8), ("forum", 4)]
PUBLIC_CHANNELS = {"social", "forum"}
PRIORITIES = [(1, 15), (2, 60), (3, 20), (4, 5)]
SLA_S = {4: (3600, 8 * 3600), 3: (4 * 3600, 86400), 2: (8 * 3600, 3 * 86400), 1: (86400, 7 * 86400)}
CLOSURE_REASONS = [("resolved", 80), ("no_response_needed", 8), ("no_details", 6), ("spam", 3), ("duplicate", 3)]
ESCALATION_CATEGORIES = [
    ("legal_regulatory", 30), ("public_viral", 25), ("press_media", 10), ("staff_conduct", 15),
    ("threat_violence", 8), ("self_harm", 5), ("agent_harassment", 7),
]

FIRST = ["Maria", "Tom", "Aisha", "Kenji", "Lucia", "Omar", "Freya", "Diego", "Priya", "Jonas", "Chloe", "Ivan",
         "Nadia", "Felix", "Zara", "Mateo", "Ingrid", "Kwame", "Elena", "Ravi", "Sofia", "Liam", "Yuki", "Amara",
         "Hugo", "Leila", "Noah", "Marta", "Tariq", "Greta", "Pablo", "Hana", "Oscar", "Mei", "Tobias", "Nia"]
LAST = ["Santos", "Becker", "Khan", "Tanaka", "Rossi", "Haddad", "Nilsson", "Garcia", "Patel", "Berg", "Martin",
        "Petrov", "Ali", "Wagner", "Osei", "Lopez", "Larsen", "Mensah", "Popescu", "Iyer", "Costa", "Walsh",
        "Sato", "Okafor", "Dubois", "Rahimi", "Fischer", "Novak", "Aziz", "Holm", "Ruiz", "Kim", "Lind", "Chen"]
ADJECTIVES = ["Harbor", "Quiet", "Amber", "North", "Silver", "Cedar", "Bright", "Misty", "Copper", "Golden",
              "Hidden", "Swift", "Gentle", "Wild", "Still", "Autumn", "Winter", "Summer", "Coral", "Stone"]
NOUNS = ["Wren", "Pine", "Field", "Star", "Brook", "Heron", "Maple", "Ridge", "Finch", "Harbor", "Meadow",
         "Lark"]
PRODUCTS = ["invoice", "subscription", "order", "account", "password", "router", "mobile app", "payment",
            "delivery", "refund", "export", "dashboard", "login", "API key", "plan", "receipt", "shipment",
            "license", "report", "integration", "calendar sync", "printer", "device", "card", "webhook"]
PROBLEMS = ["is not working", "was charged twice", "keeps failing", "is missing", "shows an error",
            "is very slow", "cannot be found", "stopped syncing", "was cancelled", "is wrong", "will not load",
            "needs changing", "was never delivered", "looks duplicated", "expired early"]
OPENINGS = ["Hello,", "Hi there,", "Good morning,", "Hi,", "Dear support team,", "Hey,", "Hello team,"]
CUSTOMER_SENTENCES = [
    "Since yesterday my {p} {q}.", "I tried again this morning and my {p} still {q}.",
    "Could you look into why the {p} {q}?", "This is the third time the {p} {q} this month.",
    "Our whole team is affected because the {p} {q}.", "I followed the guide but the {p} {q}.",
    "Please tell me what I should do next about the {p}.", "I need this fixed before the end of the week.",
    "I attached nothing, but I can send screenshots if that helps.", "Thanks in advance for your help.",
    "We rely on the {p} every day, so this is urgent for us.", "It worked fine until the last update.",
    "I cleared the cache and signed out and in again, no change.", "Is there a known problem right now?",
]
ANSWERS = [
    "Thanks, that fixed it.", "That worked, you can close this.", "It is still happening, unfortunately.",
    "Thank you for the quick answer!", "I tried that and the {p} works again.", "Great, all sorted now.",
    "Not quite: the {p} now {q} in a different way.", "Perfect, thanks for explaining.",
]
REPLY_SENTENCES = [
    "Thanks for getting in touch about your {p}.", "I am sorry for the trouble with the {p}.",
    "I have checked and the {p} is now working again on our side.", "Could you try once more and let us know?",
    "I have reset the {p} for you; it can take a few minutes to show.", "You will not be charged twice.",
    "Our engineers fixed the issue behind this earlier today.", "Here is how to change it in your settings.",
    "If it happens again, reply to this message and we will take a closer look.",
    "I have passed this on to the right team and will update you here.", "Thanks for your patience.",
]
NOTE_SENTENCES = [
    "Checked the logs, looks like the known {p} issue.", "Customer has asked about this before.",
    "Escalated internally to the {p} team.", "Refund approved, waiting for finance.",
    "Possible duplicate of an older ticket.", "Called back, no answer.",
]
ORG_KINDS = ["Traders", "Clinics", "Studio", "Labs", "Foods", "Logistics", "Partners"]
DISCLAIMERS = ["Kind regards,", "Best wishes,", "All the best,", "Thanks again,"]


# --- Plan and text ----------------------------------------------------------------------------------------------


@dataclass
class Plan:
    """What to make: sizes follow the ticket count, so a tiny run keeps the same shape."""

    tickets: int
    seed: int = 13
    customers: int = 0  # 0: 50,000, or half the tickets below 100,000 tickets
    now: float = field(default_factory=lambda: time.time())

    def __post_init__(self) -> None:
        if not self.customers:
            self.customers = 50_000 if self.tickets >= 100_000 else max(10, self.tickets // 2)

    @property
    def staff(self) -> int:
        return STAFF if self.tickets >= 1_000 else 12

    @property
    def queues(self) -> int:
        return QUEUES if self.tickets >= 1_000 else 3

    @property
    def organizations(self) -> int:
        return max(2, self.customers // 10)

    @property
    def long_threads(self) -> int:
        return 5 if self.tickets >= 10_000 else 1

    @property
    def held(self) -> int:
        return min(50, max(3, self.tickets // 20_000))

    @property
    def suspended(self) -> int:
        return min(12, max(2, self.tickets // 50_000))

    @property
    def escalations(self) -> int:
        return max(5, self.tickets // 1_000)

    @property
    def active_escalations(self) -> int:
        return min(40, max(3, self.escalations // 20))


def copy_text(value: str) -> str:
    """A value in COPY's text format: backslash, tab and line breaks escaped."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def ts(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(sep=" ")


def weighted(rng: random.Random, pairs: list[tuple]) -> Callable[[], object]:
    """A picker over (value, weight) pairs, fast enough for millions of calls."""
    values = [v for v, _ in pairs]
    cum, total = [], 0
    for _, w in pairs:
        total += w
        cum.append(total)
    import bisect

    def pick() -> object:
        return values[bisect.bisect_right(cum, rng.random() * total)]

    return pick


class Texts:
    """Pools of bodies made once (so a million rows cost a pick, not a composition), escaped for COPY."""

    def __init__(self, rng: random.Random):
        def compose(sentences: list[str], n: int) -> str:
            p, q = rng.choice(PRODUCTS), rng.choice(PROBLEMS)
            return " ".join(rng.choice(sentences).format(p=p, q=q) for _ in range(n))

        self.subjects = [f"{rng.choice(PRODUCTS).capitalize()} {rng.choice(PROBLEMS)}" for _ in range(400)]
        self.customer = [
            f"{rng.choice(OPENINGS)}\n\n{compose(CUSTOMER_SENTENCES, rng.randint(2, 5))}\n\n{rng.choice(FIRST)}"
            for _ in range(3000)
        ]
        self.answers = [compose(ANSWERS, rng.randint(1, 2)) for _ in range(400)]
        self.notes = [compose(NOTE_SENTENCES, rng.randint(1, 2)) for _ in range(300)]
        replies = [
            f"{rng.choice(OPENINGS)}\n\n{compose(REPLY_SENTENCES, rng.randint(2, 4))}\n\n{rng.choice(DISCLAIMERS)}"
            for _ in range(2000)
        ]
        # (body escaped, sha256 of the raw body): the version's hash is of exactly the text published.
        self.replies = [(copy_text(b), hashlib.sha256(b.encode()).hexdigest()) for b in replies]
        self.subjects = [copy_text(s) for s in self.subjects]
        self.customer = [copy_text(s) for s in self.customer]
        self.answers = [copy_text(s) for s in self.answers]
        self.notes = [copy_text(s) for s in self.notes]


def marker_words(index: int) -> list[str]:
    """The graded-frequency words ticket `index` mentions: each word on its share of tickets."""
    return [word for word, modulus, rest in _MARKER_RULES if index % modulus == rest]


def reference_of(ticket_id: int) -> str:
    """A unique reference that looks random: an odd multiplier is a bijection modulo 2**32."""
    return f"T-{(ticket_id * 2654435761) & 0xFFFFFFFF:08X}"


# --- Rows made with the ORM (small tables) ----------------------------------------------------------------------


@dataclass
class Agent:
    user_id: int
    alias: str
    avatar_seed: str
    signature: str  # escaped for COPY
    raw_signature: str


@dataclass
class Desk:
    queues: list[tuple[int, str]] = field(default_factory=list)  # (id, slug)
    members: dict[int, list[Agent]] = field(default_factory=dict)  # queue id -> agents working it
    leads: dict[int, list[int]] = field(default_factory=dict)  # queue id -> lead user ids
    customers: list[int] = field(default_factory=list)  # ids, heaviest first


def desk_create(plan: Plan, rng: random.Random) -> Desk:
    """Queues, staff with personas and memberships, organizations, contacts and customers (with the ORM)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import transaction
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from agents.mfa import TOTP_NAME
    from agents.models import Role, StaffProfile
    from agents.services import persona_assign
    from tickets.models import Contact, Customer, Organization, Queue

    desk = Desk()
    now = datetime.fromtimestamp(plan.now, UTC)
    unusable = make_password(None)  # nobody signs in with a password here: the bench makes sessions
    with transaction.atomic():
        queues = Queue.objects.bulk_create(
            Queue(name=name, slug=slug, email=f"{slug}@support.example")
            for name, slug in ((n, n.lower().replace(" ", "-")) for n in QUEUE_NAMES[: plan.queues])
        )
        desk.queues = [(q.pk, q.slug) for q in queues]
        desk.members = {q.pk: [] for q in queues}
        desk.leads = {q.pk: [] for q in queues}
        n_admins, n_leads, n_contractors = 2, max(1, plan.staff // 10), max(1, plan.staff // 20)
        aliases = [f"{a} {n}" for n in NOUNS for a in ADJECTIVES]
        rng.shuffle(aliases)
        users = User.objects.bulk_create(
            User(username=f"staff-{n:03d}", first_name=rng.choice(FIRST), last_name=rng.choice(LAST),
                 email=f"staff-{n:03d}@home.example", password=unusable, date_joined=now)
            for n in range(plan.staff)
        )
        weights = QUEUE_WEIGHTS[: plan.queues]
        for n, user in enumerate(users):
            if n < n_admins:
                role, mine = Role.ADMIN, list(queues)
            elif n < n_admins + n_leads:
                role = Role.LEAD
                mine = [queues[(n - n_admins) % len(queues)]] + rng.sample(queues, min(2, len(queues)))
            else:
                role = Role.CONTRACTOR if n < n_admins + n_leads + n_contractors else Role.AGENT
                mine = rng.choices(queues, weights=weights, k=rng.randint(1, 3))
            profile = StaffProfile.objects.create(
                user=user, role=role, created_at=now,
                access_expires_at=now + timedelta(days=180) if role == Role.CONTRACTOR else None,
            )
            alias = aliases[n % len(aliases)] + ("" if n < len(aliases) else f" {n}")
            signature = f"{alias}, {rng.choice(['Support', 'Customer care', 'The help team'])}" if n % 2 else ""
            persona = persona_assign(staff=profile, alias=alias, signature=signature)
            if role in (Role.LEAD, Role.ADMIN):
                TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=secrets.token_hex(20), confirmed=True)
            for queue in {q.pk: q for q in mine}.values():
                queue.members.add(user)
                if role == Role.LEAD:
                    desk.leads[queue.pk].append(user.pk)
                desk.members[queue.pk].append(Agent(
                    user.pk, persona.alias, persona.avatar_seed, copy_text(persona.signature), persona.signature
                ))

        organizations = Organization.objects.bulk_create(
            (Organization(name=f"{rng.choice(LAST)} {rng.choice(ORG_KINDS)} {n}",
                          domain=f"org{n}.example", created_at=now - timedelta(seconds=rng.random() * SPAN_S))
             for n in range(plan.organizations)),
            batch_size=5000,
        )
        Contact.objects.bulk_create(
            (Contact(organization=org, name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                     email=f"contact{org.pk}-{k}@org{n}.example", phone=f"+44 20 7946 {rng.randint(0, 9999):04d}",
                     role=rng.choice(["Office manager", "Finance lead", "IT coordinator", "Founder"]))
             for n, org in enumerate(organizations) for k in range(rng.randint(1, 4))),
            batch_size=5000,
        )
        # Four in ten customers can sign in to the portal (the heaviest one among them).
        portal = [n for n in range(plan.customers) if n % 5 < 2]
        portal_users = User.objects.bulk_create(
            (User(username=f"customer-{n}", email=f"customer{n}@mail.example", password=unusable, date_joined=now)
             for n in portal),
            batch_size=5000,
        )
        user_of = dict(zip(portal, portal_users, strict=True))
        customers = []
        for n in range(plan.customers):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            customers.append(Customer(
                user=user_of.get(n), name=f"{first} {last}", handle=f"@{first.lower()}{last.lower()}{n}",
                organization=organizations[rng.randrange(len(organizations))] if rng.random() < 0.6 else None,
                emails=[f"customer{n}@mail.example"], phones=[f"+44 7700 {rng.randint(0, 999999):06d}"],
                addresses=[f"{rng.randint(1, 200)} {rng.choice(LAST)} Street"] if rng.random() < 0.3 else [],
                account_ids=[f"ACC-{100000 + n}"], card_last4=[f"{rng.randint(0, 9999):04d}"] if n % 3 == 0 else [],
                created_at=now - timedelta(seconds=SPAN_S + rng.random() * YEAR_S),
            ))
        desk.customers = [c.pk for c in Customer.objects.bulk_create(customers, batch_size=5000)]
    return desk


# --- Rows made with COPY (big tables) ---------------------------------------------------------------------------

COLUMNS = {
    "tickets_ticket": (
        "id", "reference", "subject", "customer_id", "queue_id", "channel", "replies_public", "subject_public",
        "status", "priority", "assignee_id", "created_at", "updated_at", "first_response_due", "resolution_due",
        "first_responded_at", "solved_at", "closure_reason", "duplicate_of_id", "awaiting_info_since",
        "info_reminded_at", "deleted_at",
    ),
    "tickets_message": (
        "id", "ticket_id", "kind", "author_user_id", "author_customer_id", "author_alias", "author_avatar_seed",
        "body", "author_signature", "is_public_post", "suspended", "created_at",
    ),
    "redaction_reply": (
        "id", "ticket_id", "author_id", "state", "latest_version_id", "published_message_id", "created_at",
        "updated_at",
    ),
    "redaction_replyversion": (
        "id", "reply_id", "number", "body", "sha256", "subject", "signature", "status", "created_at",
        "submitted_at", "enqueued_at", "rings", "scan_started_at", "attempts", "finished_at", "overridden_by_id",
        "override_reason", "then_status", "alias", "avatar_seed",
    ),
    "redaction_replyscan": (
        "version_id", "sha256", "scanner_version", "policy_digest", "findings", "error", "duration_ms", "created_at",
    ),
    "tickets_ticketevent": ("ticket_id", "actor_id", "kind", "data", "created_at"),
    "tickets_notification": (
        "message_id", "kind", "variant", "subject", "body", "state", "attempts", "last_error", "created_at",
        "sending_since", "sent_at",
    ),
    "tickets_calllog": ("id", "customer_id", "ticket_id", "agent_id", "at", "duration_s", "summary"),
}
WITH_IDS = ("tickets_ticket", "tickets_message", "redaction_reply", "redaction_replyversion", "tickets_calllog")
N = "\\N"


@dataclass
class Counters:
    """The next id of each table whose ids are assigned here, and what was made."""

    next_id: dict[str, int]
    made: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value


@dataclass
class Special:
    """Tickets chosen for rarer shapes, by index, and what the load learns about them."""

    long: set[int]
    held: set[int]
    suspended: set[int]
    escalated: set[int]
    active: set[int]
    suspended_customers: set[int] = field(default_factory=set)
    # (ticket id, queue id, customer id, first message id, its body escaped, created_at epoch, active?)
    escalation_rows: list[tuple] = field(default_factory=list)


def special_choose(plan: Plan, rng: random.Random) -> Special:
    """Long threads, held replies and suspended customers on recent tickets (still open); escalations anywhere,
    the active ones recent."""
    n = plan.tickets
    recent = range(max(0, n - max(plan.held * 20, n // 50)), n - 1)
    long = {n - 2 - k * max(1, n // (plan.long_threads * 40)) for k in range(plan.long_threads)}
    pool = [i for i in recent if i not in long]
    picks = rng.sample(pool, min(len(pool), plan.held + plan.suspended + plan.active_escalations))
    held = set(picks[: plan.held])
    suspended = set(picks[plan.held: plan.held + plan.suspended])
    active = set(picks[plan.held + plan.suspended:])
    older = rng.sample(range(n), min(n, plan.escalations - len(active)))
    return Special(long=long, held=held, suspended=suspended, escalated=set(older) | active, active=active)


class Loader:
    """Makes the big tables' rows a chunk of tickets at a time and writes them with COPY."""

    def __init__(self, plan: Plan, desk: Desk, special: Special, counters: Counters, rng: random.Random):
        from redaction.policy import policy_digest
        from redaction.scanner import SCANNER_VERSION

        self.plan, self.desk, self.special, self.ids, self.rng = plan, desk, special, counters, rng
        self.texts = Texts(rng)
        self.scan_head = f"{SCANNER_VERSION}\t{policy_digest()}"
        self.start = plan.now - SPAN_S
        queue_ids = [q for q, _ in desk.queues]
        self.pick_queue = weighted(rng, list(zip(queue_ids, QUEUE_WEIGHTS[: len(queue_ids)], strict=True)))
        self.slug = dict(desk.queues)
        self.pick_channel = weighted(rng, CHANNELS)
        self.pick_priority = weighted(rng, PRIORITIES)
        self.pick_reason = weighted(rng, CLOSURE_REASONS)

    def customer_of(self) -> int:
        """Skewed: a few customers have thousands of tickets, most a handful (a power of a uniform draw)."""
        customers = self.desk.customers
        return customers[min(len(customers) - 1, int(len(customers) * self.rng.random() ** 1.6))]

    def status_of(self, age_s: float) -> str:
        r = self.rng.random()
        if age_s < 2 * 86400:
            return "new" if r < 0.3 else "open" if r < 0.7 else "pending" if r < 0.85 else "solved"
        if age_s < 14 * 86400:
            return "open" if r < 0.3 else "pending" if r < 0.5 else "on_hold" if r < 0.55 else "solved"
        if age_s < 60 * 86400:
            return "open" if r < 0.04 else "pending" if r < 0.07 else "solved" if r < 0.5 else "closed"
        return "open" if r < 0.002 else "on_hold" if r < 0.003 else "solved" if r < 0.1 else "closed"

    def chunk(self, first: int, last: int) -> dict[str, io.StringIO]:
        """The rows of tickets `first` to `last - 1` (indexes), as COPY text per table."""
        out = {table: io.StringIO() for table in COLUMNS}
        w = {table: buf.write for table, buf in out.items()}
        rng, texts, ids, plan, sp = self.rng, self.texts, self.ids, self.plan, self.special
        made = ids.made
        for i in range(first, last):
            tid = ids.take("tickets_ticket")
            created = self.start + (i + rng.random()) * SPAN_S / plan.tickets
            age = plan.now - created
            queue = self.pick_queue()
            members = self.desk.members[queue] or [a for m in self.desk.members.values() for a in m]
            customer = self.customer_of()
            channel = self.pick_channel()
            priority = self.pick_priority()
            status = "open" if i in sp.long or i in sp.held or i in sp.suspended or i in sp.active else \
                self.status_of(age)
            agent = members[rng.randrange(len(members))]
            n_messages = LONG_THREAD if i in sp.long else 1 if status == "new" else 3
            # Message times: gaps of minutes to a day, squeezed to end before now.
            gaps = [rng.uniform(600, 30 * 3600) for _ in range(n_messages - 1)]
            room = max(60.0, age - 60)
            scale = min(1.0, room / sum(gaps)) if gaps else 1.0
            times = [created]
            for gap in gaps:
                times.append(times[-1] + gap * scale)
            public = channel in PUBLIC_CHANNELS
            cust_ts = ts(created)
            subject = texts.subjects[rng.randrange(len(texts.subjects))]
            first_response = solved = None
            events = w["tickets_ticketevent"]
            events(f"{tid}\t{N}\tcreated\t{{\"channel\": \"{channel}\", \"queue\": \"{self.slug[queue]}\", "
                   f"\"opened_by\": \"customer\", \"new_customer\": false}}\t{cust_ts}\n")
            made["tickets_ticketevent"] = made.get("tickets_ticketevent", 0) + 1
            for k, at in enumerate(times):
                mid = ids.take("tickets_message")
                at_ts = ts(at)
                if k % 2 == 0:  # the customer
                    if k == 0:
                        body = texts.customer[rng.randrange(len(texts.customer))]
                        words = marker_words(i)
                        if words:
                            body += "\\n\\nP.S. " + " ".join(f"It also happens with the {w} option." for w in words)
                        if i in sp.escalated:
                            sp.escalation_rows.append((tid, queue, customer, mid, body, created, i in sp.active))
                    else:
                        body = texts.answers[rng.randrange(len(texts.answers))]
                        events(f"{tid}\t{N}\tcustomer_message\t{{\"message\": {mid}, \"suspended\": false}}\t{at_ts}\n")
                        made["tickets_ticketevent"] += 1
                    w["tickets_message"](f"{mid}\t{tid}\tcustomer\t{N}\t{customer}\t\t\t{body}\t\t"
                                         f"{'t' if public else 'f'}\tf\t{at_ts}\n")
                else:  # a public reply, published by the gate
                    if k > 1 and rng.random() < 0.3:
                        agent = members[rng.randrange(len(members))]
                    self.published_reply(w, tid, mid, agent, at)
                    first_response = first_response or at
            made["tickets_message"] = made.get("tickets_message", 0) + n_messages
            last_at = times[-1]
            if rng.random() < 0.15 and status != "new":
                mid = ids.take("tickets_message")
                at_ts = ts(last_at + rng.uniform(60, 3600))
                w["tickets_message"](f"{mid}\t{tid}\tnote\t{agent.user_id}\t{N}\t\t\t"
                                     f"{texts.notes[rng.randrange(len(texts.notes))]}\t\tf\tf\t{at_ts}\n")
                events(f"{tid}\t{agent.user_id}\tnote\t{{\"message\": {mid}}}\t{at_ts}\n")
                made["tickets_message"] += 1
                made["tickets_ticketevent"] += 1
            if channel == "phone" or rng.random() < 0.05:
                call = ids.take("tickets_calllog")
                at = created - rng.uniform(60, 3600) if channel == "phone" else last_at + rng.uniform(60, 7200)
                w["tickets_calllog"](
                    f"{call}\t{customer}\t{tid}\t{agent.user_id}\t{ts(at)}\t{rng.randint(40, 1800)}\t\n"
                )
                events(f"{tid}\t{agent.user_id}\tcall_logged\t{{\"call\": {call}}}\t{ts(max(at, created))}\n")
                made["tickets_calllog"] = made.get("tickets_calllog", 0) + 1
                made["tickets_ticketevent"] += 1
            if i in sp.held:
                self.held_reply(w, tid, agent, last_at + 120)
            if i in sp.suspended:
                sp.suspended_customers.add(customer)
                mid = ids.take("tickets_message")
                at_ts = ts(last_at + 300)
                w["tickets_message"](f"{mid}\t{tid}\tcustomer\t{N}\t{customer}\t\t\t"
                                     f"{texts.answers[rng.randrange(len(texts.answers))]}\t\tf\tt\t{at_ts}\n")
                events(f"{tid}\t{N}\tcustomer_message\t{{\"message\": {mid}, \"suspended\": true}}\t{at_ts}\n")
                made["tickets_message"] += 1
                made["tickets_ticketevent"] += 1
            reason, duplicate = "", N
            updated = last_at
            if status in ("solved", "closed"):
                solved = min(plan.now - 1, last_at + rng.uniform(600, 3 * 86400))
                reason = self.pick_reason()
                if reason == "duplicate":
                    if tid > self.ids.made.get("first_ticket_id", tid):
                        duplicate = str(tid - 1)
                    else:
                        reason = "resolved"
                updated = solved
                events(f"{tid}\t{agent.user_id}\tstatus\t{{\"old\": \"open\", \"new\": \"{status}\"}}\t{ts(solved)}\n")
                events(f"{tid}\t{agent.user_id}\tclosure\t{{\"reason\": \"{reason}\", \"duplicate_of\": "
                       f"{duplicate if duplicate != N else 'null'}}}\t{ts(solved)}\n")
                made["tickets_ticketevent"] += 2
            elif status in ("pending", "on_hold") and n_messages > 1:
                events(f"{tid}\t{agent.user_id}\tstatus\t{{\"old\": \"open\", \"new\": \"{status}\"}}\t{ts(last_at)}\n")
                made["tickets_ticketevent"] += 1
            first_due, resolve_due = SLA_S[priority]
            assignee = N if status == "new" or rng.random() < 0.1 else agent.user_id
            w["tickets_ticket"](
                f"{tid}\t{reference_of(tid)}\t{subject}\t{customer}\t{queue}\t{channel}\t{'t' if public else 'f'}\tt\t"
                f"{status}\t{priority}\t{assignee}\t{cust_ts}\t{ts(updated)}\t{ts(created + first_due)}\t"
                f"{ts(created + resolve_due)}\t{ts(first_response) if first_response else N}\t"
                f"{ts(solved) if solved else N}\t{reason}\t{duplicate}\t{N}\t{N}\t{N}\n"
            )
        made["tickets_ticket"] = made.get("tickets_ticket", 0) + (last - first)
        return out

    def published_reply(self, w, tid: int, mid: int, agent: Agent, at: float) -> None:
        """A reply as the gate leaves it once published: reply, version, clean scan, message, event, outbox."""
        rng, ids, made = self.rng, self.ids, self.ids.made
        body, sha = self.texts.replies[rng.randrange(len(self.texts.replies))]
        rid, vid = ids.take("redaction_reply"), ids.take("redaction_replyversion")
        submitted = ts(at - rng.uniform(2, 20))
        scanned, at_ts = ts(at - 0.5), ts(at)
        w["redaction_reply"](f"{rid}\t{tid}\t{agent.user_id}\tpublished\t{vid}\t{mid}\t{submitted}\t{at_ts}\n")
        w["redaction_replyversion"](
            f"{vid}\t{rid}\t1\t{body}\t{sha}\t\t{agent.signature}\tpublished\t{submitted}\t{submitted}\t{submitted}\t"
            f"0\t{scanned}\t1\t{at_ts}\t{N}\t\t\t{agent.alias}\t{agent.avatar_seed}\n"
        )
        w["redaction_replyscan"](f"{vid}\t{sha}\t{self.scan_head}\t[]\t\t{rng.randint(4, 60)}\t{at_ts}\n")
        w["tickets_message"](f"{mid}\t{tid}\treply\t{agent.user_id}\t{N}\t{agent.alias}\t{agent.avatar_seed}\t{body}\t"
                             f"{agent.signature}\tf\tf\t{at_ts}\n")
        w["tickets_ticketevent"](
            f"{tid}\t{agent.user_id}\treply_submitted\t{{\"reply\": {rid}, \"version\": 1}}\t{submitted}\n"
        )
        w["tickets_ticketevent"](f"{tid}\t{agent.user_id}\treply_published\t{{\"message\": {mid}}}\t{at_ts}\n")
        sent = ts(at + rng.uniform(1, 30))
        w["tickets_notification"](f"{mid}\treply_published\t\t\t\tsent\t1\t\t{at_ts}\t{sent}\t{sent}\n")
        for table in ("redaction_reply", "redaction_replyversion", "redaction_replyscan", "tickets_notification"):
            made[table] = made.get(table, 0) + 1
        made["tickets_ticketevent"] = made.get("tickets_ticketevent", 0) + 2

    def held_reply(self, w, tid: int, agent: Agent, at: float) -> None:
        """A reply the gate held: a held version and a scan that found a phone number of the customer's."""
        rng, ids, made = self.rng, self.ids, self.ids.made
        raw = f"Hi, I can call you back on +44 7700 9{rng.randint(10000, 99999)} this afternoon."
        sha = hashlib.sha256(raw.encode()).hexdigest()
        rid, vid = ids.take("redaction_reply"), ids.take("redaction_replyversion")
        at_ts, submitted = ts(at), ts(at - 3)
        finding = {"start": 27, "end": 43, "kind": "phone", "source": "context", "owner": "customer",
                   "explanation": "A phone number from the customer's details."}
        w["redaction_reply"](f"{rid}\t{tid}\t{agent.user_id}\theld\t{vid}\t{N}\t{submitted}\t{at_ts}\n")
        w["redaction_replyversion"](
            f"{vid}\t{rid}\t1\t{copy_text(raw)}\t{sha}\t\t{agent.signature}\theld\t{submitted}\t{submitted}\t"
            f"{submitted}\t0\t{ts(at - 1)}\t1\t{at_ts}\t{N}\t\t\t{agent.alias}\t{agent.avatar_seed}\n"
        )
        w["redaction_replyscan"](
            f"{vid}\t{sha}\t{self.scan_head}\t{copy_text(json.dumps([finding]))}\t\t{rng.randint(4, 60)}\t{at_ts}\n"
        )
        w["tickets_ticketevent"](
            f"{tid}\t{agent.user_id}\treply_submitted\t{{\"reply\": {rid}, \"version\": 1}}\t{submitted}\n"
        )
        w["tickets_ticketevent"](f"{tid}\t{N}\treply_held\t{{\"reply\": {rid}, \"version\": 1, \"kinds\": [\"phone\"], "
                                 f"\"error\": false}}\t{at_ts}\n")
        for table in ("redaction_reply", "redaction_replyversion", "redaction_replyscan"):
            made[table] = made.get(table, 0) + 1
        made["tickets_ticketevent"] = made.get("tickets_ticketevent", 0) + 2
        made["held_replies"] = made.get("held_replies", 0) + 1


def _chunks_ahead(loader: Loader, tickets: int) -> Iterator[tuple[int, dict[str, io.StringIO]]]:
    """The chunks in order, the next one made in a thread while the database takes the current one."""
    from concurrent.futures import ThreadPoolExecutor

    starts = list(range(0, tickets, CHUNK))
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(loader.chunk, 0, min(tickets, CHUNK)) if starts else None
        for n, first in enumerate(starts):
            buffers = pending.result()
            if n + 1 < len(starts):
                nxt = starts[n + 1]
                pending = pool.submit(loader.chunk, nxt, min(tickets, nxt + CHUNK))
            yield first, buffers


def indexes_set_aside(cursor, tables: list[str]) -> list[str]:
    """Drop the secondary indexes and unique constraints of `tables` (primary keys stay), as a restore loads
    rows before it builds indexes: one sorted build each is far cheaper than millions of scattered inserts.
    Returns the statements that build them again, exactly as they were."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'u' AND conrelid::regclass::text = ANY(%s)", [tables]
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('u', 'p'))",
        [tables],
    )
    indexes = cursor.fetchall()
    for table, name, _ in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for table, name, definition in constraints] + [
        definition for _, definition in indexes
    ]


def model_defaults() -> dict[str, list[tuple[str, str]]]:
    """Per table, the model's columns this script does not write that the database would not fill: each with
    its model default in COPY's text format. So a field added later with a default (and no `db_default`)
    still gets its value, as the ORM would give it."""
    from django.apps import apps
    from django.db import connection
    from django.db.models.fields import NOT_PROVIDED

    by_table = {model._meta.db_table: model for model in apps.get_models()}
    extra: dict[str, list[tuple[str, str]]] = {}
    for table, columns in COLUMNS.items():
        for f in by_table[table]._meta.concrete_fields:
            if f.column in columns or f.primary_key or f.db_default is not NOT_PROVIDED or (
                f.null and not f.has_default()
            ):
                continue
            value = f.get_db_prep_save(f.get_default(), connection)
            text = N if value is None else "t" if value is True else "f" if value is False else copy_text(
                json.dumps(value.adapted) if hasattr(value, "adapted") else str(value)
            )
            extra.setdefault(table, []).append((f.column, text))
    return extra


def copy_chunk(cursor, buffers: dict[str, io.StringIO], extra: dict[str, list[tuple[str, str]]]) -> None:
    """COPY each table's rows (with the model defaults of columns not written here appended to each row)."""
    for table, columns in COLUMNS.items():
        buffer = buffers[table]
        if buffer.tell() == 0:
            continue
        more = extra.get(table, [])
        if more:
            # Values never hold a raw newline (escaped as \\n), so each one ends a row.
            buffer = io.StringIO(buffer.getvalue().replace("\n", "".join(f"\t{v}" for _, v in more) + "\n"))
        buffer.seek(0)
        names = ", ".join([*columns, *(c for c, _ in more)])
        cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)


# --- After the load ---------------------------------------------------------------------------------------------


def escalations_create(plan: Plan, desk: Desk, special: Special, rng: random.Random) -> int:
    """Escalations on the chosen tickets, with their timelines: most long closed, a few still active."""
    from escalation.models import ACTIVE, Escalation, EscalationEntry, Outcome
    from escalation.policy import deadlines, policy_snapshot
    from tickets.models import Customer

    pick = weighted(rng, ESCALATION_CATEGORIES)
    escalations, entries = [], []
    for tid, queue, customer, mid, body, created, active in special.escalation_rows:
        category = pick()
        raised = datetime.fromtimestamp(created + rng.uniform(60, 600), UTC)
        policy = policy_snapshot(category)
        ack_by, resolve_by = deadlines(policy, raised)
        lead = (desk.leads.get(queue) or [m for ls in desk.leads.values() for m in ls])[0]
        esc = Escalation(
            ticket_id=tid, customer_id=customer, queue_id=queue, message_id=mid, category=category,
            severity=policy["severity"],
            raised_by_id=None if rng.random() < 0.6 else lead, policy=policy, raised_at=raised,
            acknowledge_by=ack_by, resolve_by=resolve_by, updated_at=raised,
            harassment_kind="abusive" if category == "agent_harassment" else "",
        )
        if esc.raised_by_id is None:
            esc.detection = {"category": category, "score": round(rng.uniform(0.6, 0.99), 2), "spans": [],
                             "triggers": []}
        raw = body.replace("\\n", "\n")
        timeline = [EscalationEntry(kind="raised", actor_id=esc.raised_by_id, created_at=raised, message_id=mid,
                                    evidence_body=raw, evidence_sha256=hashlib.sha256(raw.encode()).hexdigest(),
                                    evidence_received_at=datetime.fromtimestamp(created, UTC))]
        if active:
            esc.status = rng.choice(list(ACTIVE))
            esc.due_at = ack_by if esc.status == "open" else resolve_by
            esc.next_step_at = raised + timedelta(seconds=policy["level_timeout_s"])
            if esc.status != "open":
                esc.acknowledged_at, esc.acknowledged_by_id = raised + timedelta(minutes=20), lead
                timeline.append(EscalationEntry(kind="acknowledged", actor_id=lead, created_at=esc.acknowledged_at))
            if esc.status == "claimed":
                esc.claimed_by_id, esc.claimed_at = lead, raised + timedelta(minutes=25)
                timeline.append(EscalationEntry(kind="claimed", actor_id=lead, created_at=esc.claimed_at))
        else:
            done = raised + timedelta(seconds=rng.uniform(600, policy["resolve_within_s"] * 1.3))
            esc.acknowledged_at, esc.acknowledged_by_id = raised + timedelta(seconds=rng.uniform(60, 7200)), lead
            esc.closed_by_id, esc.resolved_at, esc.updated_at = lead, done, done
            timeline.append(EscalationEntry(kind="acknowledged", actor_id=lead, created_at=esc.acknowledged_at))
            if rng.random() < 0.8:
                esc.status, esc.outcome = "resolved", rng.choice(list(Outcome.values))
                timeline.append(EscalationEntry(kind="resolved", actor_id=lead, created_at=done,
                                                data={"outcome": esc.outcome}))
            else:
                esc.status, esc.dismissal_reason = "dismissed", "not_urgent"
                timeline.append(EscalationEntry(kind="dismissed", actor_id=lead, created_at=done,
                                                data={"reason": "not_urgent"}))
        escalations.append(esc)
        entries.append(timeline)
    Escalation.objects.bulk_create(escalations, batch_size=2000)
    for esc, timeline in zip(escalations, entries, strict=True):
        for entry in timeline:
            entry.escalation = esc
    EscalationEntry.objects.bulk_create([e for t in entries for e in t], batch_size=2000)
    Customer.objects.filter(pk__in=special.suspended_customers).update(restriction="suspended")
    return len(escalations)


# The gate's rules, checked over whole tables after the load (the triggers were off): each query counts the
# rows that break one. A reply message has a published version of exactly its text (body, signature, alias,
# avatar seed, hash) with a clean scan of that hash; a published reply points at its message; every row's parent
# exists.
VIOLATIONS = {
    "reply message without a published version of its text": """
        SELECT count(*) FROM tickets_message m WHERE m.kind = 'reply' AND NOT EXISTS (
          SELECT 1 FROM redaction_reply r JOIN redaction_replyversion v ON v.reply_id = r.id
          WHERE r.published_message_id = m.id AND r.ticket_id = m.ticket_id AND v.status = 'published'
            AND v.body = m.body AND v.signature = m.author_signature
            AND v.alias = m.author_alias AND v.avatar_seed = m.author_avatar_seed)""",
    "published version whose hash is not of its text": """
        SELECT count(*) FROM redaction_replyversion v
        WHERE v.status = 'published' AND v.sha256 <> encode(sha256(convert_to(v.body, 'UTF8')), 'hex')""",
    "published version without a clean scan of its text": """
        SELECT count(*) FROM redaction_replyversion v WHERE v.status = 'published' AND v.overridden_by_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM redaction_replyscan s WHERE s.version_id = v.id AND s.sha256 = v.sha256
                          AND s.error = '' AND s.findings = '[]'::jsonb)""",
    "published reply not pointing at a message": """
        SELECT count(*) FROM redaction_reply r WHERE r.state = 'published' AND r.published_message_id IS NULL""",
    "reply whose latest version is not its own": """
        SELECT count(*) FROM redaction_reply r LEFT JOIN redaction_replyversion v ON v.id = r.latest_version_id
        WHERE v.id IS NULL OR v.reply_id <> r.id""",
    "message of a missing ticket": """
        SELECT count(*) FROM tickets_message m LEFT JOIN tickets_ticket t ON t.id = m.ticket_id WHERE t.id IS NULL""",
    "ticket of a missing customer": """
        SELECT count(*) FROM tickets_ticket t LEFT JOIN tickets_customer c ON c.id = t.customer_id
        WHERE c.id IS NULL""",
    "event of a missing ticket": """
        SELECT count(*) FROM tickets_ticketevent e LEFT JOIN tickets_ticket t ON t.id = e.ticket_id
        WHERE t.id IS NULL""",
    "scan of a missing version": """
        SELECT count(*) FROM redaction_replyscan s LEFT JOIN redaction_replyversion v ON v.id = s.version_id
        WHERE v.id IS NULL""",
    "notification of a missing message": """
        SELECT count(*) FROM tickets_notification n LEFT JOIN tickets_message m ON m.id = n.message_id
        WHERE n.message_id IS NOT NULL AND m.id IS NULL""",
}


def violations(cursor) -> dict[str, int]:
    """How many rows break each of the gate's rules and the foreign keys (all zero after a good load)."""
    found = {}
    for name, sql in VIOLATIONS.items():
        cursor.execute(sql)
        found[name] = cursor.fetchone()[0]
    return {name: n for name, n in found.items() if n}


# --- The load ---------------------------------------------------------------------------------------------------


@dataclass
class Stats:
    made: dict[str, int]
    timings: dict[str, float]
    special: Special
    violations: dict[str, int]


def _timed(timings: dict[str, float], name: str, out: Callable[[str], None]):
    class _Timer:
        def __enter__(self):
            self.start = time.monotonic()

        def __exit__(self, *exc):
            timings[name] = time.monotonic() - self.start
            if exc[0] is None:
                out(f"  {name:<28} {timings[name]:7.1f} s")

    return _Timer()


def seed(plan: Plan, *, out: Callable[[str], None] = print, vacuum: bool = True) -> Stats:
    """Fill the (migrated, ticketless) database Django is connected to. Returns what was made and how long
    each step took. Raises if the loaded rows break the gate's rules."""
    from django.db import connection, transaction

    from escalation.dashboard import dashboard_rollup
    from tickets.models import Ticket

    if connection.vendor != "postgresql":
        raise SystemExit("seed_scale needs PostgreSQL (COPY, session_replication_role)")
    if Ticket.objects.exists():
        raise SystemExit("this database already has tickets: seed an empty one (or pass --fresh)")
    rng = random.Random(plan.seed)
    timings: dict[str, float] = {}
    with _timed(timings, "queues, staff, customers", out):
        desk = desk_create(plan, rng)
    special = special_choose(plan, rng)
    with connection.cursor() as cursor:
        next_id = {}
        for table in WITH_IDS:
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608  (our table names)
            next_id[table] = cursor.fetchone()[0]
    counters = Counters(next_id=next_id)
    counters.made["first_ticket_id"] = next_id["tickets_ticket"]
    loader = Loader(plan, desk, special, counters, rng)
    with _timed(timings, f"tickets (COPY, {CHUNK:,} a chunk)", out):
        raw = connection.cursor().cursor  # psycopg2's, for copy_expert
        rebuild = indexes_set_aside(raw, list(COLUMNS))
        extra = model_defaults()
        raw.execute("SET session_replication_role = replica")
        load_started = time.monotonic()
        try:
            for first, buffers in _chunks_ahead(loader, plan.tickets):
                with transaction.atomic():
                    copy_chunk(raw, buffers, extra)
                done = min(plan.tickets, first + CHUNK)
                if done % (CHUNK * 10) == 0 or done == plan.tickets:
                    out(f"    {done:>9,} tickets  {time.monotonic() - load_started:6.0f} s")
        finally:
            raw.execute("SET session_replication_role = DEFAULT")
        for table in WITH_IDS:
            raw.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
    with _timed(timings, f"indexes ({len(rebuild)} rebuilt)", out):
        raw.execute("SET maintenance_work_mem = '256MB'")
        for statement in rebuild:
            raw.execute(statement)
        raw.execute("RESET maintenance_work_mem")
    with _timed(timings, "search vectors (the triggers were off; after the message index)", out):
        from tickets.search import search_vectors_rebuild

        search_vectors_rebuild(raw)
    with _timed(timings, "escalations, suspensions", out), transaction.atomic():
        counters.made["escalations"] = escalations_create(plan, desk, special, rng)
    if vacuum and not connection.in_atomic_block:
        with _timed(timings, "vacuum analyze", out), connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    with _timed(timings, "dashboard rollup", out):
        dashboard_rollup(days=SPAN_S // 86400 + 7, now=datetime.fromtimestamp(plan.now, UTC))
    with _timed(timings, "check the gate's rules", out), connection.cursor() as cursor:
        broken = violations(cursor)
    counters.made.pop("first_ticket_id", None)
    stats = Stats(made=counters.made, timings=timings, special=special, violations=broken)
    if broken:
        raise RuntimeError(f"the loaded rows break the gate's rules: {broken}")
    return stats


# --- Command line -----------------------------------------------------------------------------------------------


def default_name(tickets: int) -> str:
    return "tact_scale_" + (f"{tickets // 1_000_000}m" if tickets % 1_000_000 == 0 else
                            f"{tickets // 1000}k" if tickets % 1000 == 0 else str(tickets))


def database_prepare(name: str, *, fresh: bool) -> None:
    import psycopg2

    from bench import _harness as h

    connection = psycopg2.connect(h.PG_ADMIN_DSN, connect_timeout=5)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            if fresh:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def scale_env(name: str, var_dir: str) -> dict[str, str]:
    """Production settings (DEBUG off) on database `name`; mail and the broker's files in a scratch folder."""
    from bench import _harness as h

    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://postgres@{h.PG_HOST}:5432/{name}",
        "TACT_DEBUG": "0",
        "TACT_TESTING": "0",
        "TACT_SECRET_KEY": os.environ.get("TACT_SECRET_KEY") or secrets.token_urlsafe(50),
        "TACT_VAR_DIR": var_dir,
        "TACT_LOG_LEVEL": "WARNING",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, required=True)
    parser.add_argument("--database", help="default: tact_scale_100k, tact_scale_1m, ...")
    parser.add_argument("--customers", type=int, default=0, help="default: 50,000 (fewer below 100k tickets)")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database first")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    name = args.database or default_name(args.tickets)
    started = time.monotonic()
    print(f"seed_scale: {args.tickets:,} tickets into {name}")
    database_prepare(name, fresh=args.fresh)
    with tempfile.TemporaryDirectory(prefix="seed-scale-") as var_dir:
        os.environ.update(scale_env(name, var_dir))
        import django

        django.setup()
        from django.core.management import call_command

        timings: dict[str, float] = {}
        with _timed(timings, "migrate", print):
            call_command("migrate", verbosity=0)
        plan = Plan(tickets=args.tickets, seed=args.seed, customers=args.customers)
        stats = seed(plan)
    total = time.monotonic() - started
    print("\nmade:")
    for table, count in sorted(stats.made.items()):
        print(f"  {table:<28} {count:>12,}")
    print(f"  long threads ({LONG_THREAD} messages) {len(stats.special.long)}, held replies {len(stats.special.held)}, "
          f"suspended customers {len(stats.special.suspended_customers)}")
    print("\nsearch words (share of tickets whose first message holds the word):")
    for word, share in MARKER_WORDS.items():
        print(f"  {word:<12} {share:8.2%}  ~{round(args.tickets * share):,} tickets")
    print("\nthe gate's rules hold on every loaded row (checked after the load; triggers were off during it)")
    print(f"\ntotal {total:.1f} s ({total / 60:.1f} min) for {args.tickets:,} tickets into {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
