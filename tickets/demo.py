"""Demo data for `./tact run`: a small support desk with every channel, status and kind of private detail.

Built through the ticket services (so history, SLA dates and signals are real) and idempotent: every object
is looked up by a natural key first, so running the builder again adds nothing.
"""
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from agents.models import Persona, Role, StaffProfile
from agents.services import persona_assign
from tickets.intake import ticket_open
from tickets.models import Channel, Contact, Customer, Macro, Organization, Priority, Queue, Status, Ticket
from tickets.services import call_log, customer_message_add, note_add, ticket_change

DEMO_PASSWORD = "tact-demo-pass"  # noqa: S105  (printed at start-up; demo accounts only)
# The demo lead's and admin's authenticator secret (TACT_MFA requires one of them). Published, so demo only:
# `manage.py demo_code` prints the current code for it, and nothing else.
DEMO_TOTP_KEY = b"tact-demo-second-key".hex()
DEMO_TOTP_USERS = ("lee", "admin")

QUEUES = [
    ("Billing", "billing"),
    ("Technical", "technical"),
    ("Social", "social"),
]

# (username, real name, role, persona alias, pronouns, queue slugs). Real names never reach a customer.
STAFF = [
    ("alex", "Alexandra Moreau", Role.AGENT, "Harbor Wren", "she/her", ["billing", "social"]),
    ("sam", "Samuel Okafor", Role.AGENT, "Quiet Pine", "", ["technical"]),
    ("casey", "Casey Lindqvist", Role.CONTRACTOR, "Amber Field", "they/them", ["billing"]),
    ("lee", "Lee Nakamura", Role.LEAD, "North Star", "", ["billing", "technical", "social"]),
    ("admin", "Ada Administrator", Role.ADMIN, "Keystone", "", ["billing", "technical", "social"]),
]

ORGANIZATIONS = [
    ("Northwind Traders", "northwind.example", [
        ("Greta Holm", "greta.holm@northwind.example", "+44 20 7946 0321", "Office manager"),
        ("Jonas Berg", "jonas.berg@northwind.example", "+44 20 7946 0877", "Finance lead"),
    ]),
    ("Bluebird Clinics", "bluebird.example", [
        ("Dr. Amara Lewis", "amara.lewis@bluebird.example", "+1 617 555 0148", "Practice director"),
        ("Owen Price", "owen.price@bluebird.example", "+1 617 555 0199", "IT coordinator"),
    ]),
    ("Larkspur Studio", "larkspur.example", [
        ("Ines Duarte", "ines@larkspur.example", "+351 21 555 0110", "Founder"),
    ]),
]

# Customers: the first two can sign in to the portal. Keyed by handle.
CUSTOMERS = [
    dict(username="maria", name="Maria Santos", handle="@mariasantos", organization="Northwind Traders",
         emails=["maria.santos@northwind.example", "maria.s@mail.example"], phones=["+44 7700 900123"],
         addresses=["14 Tavistock Place, London WC1H 9RA"], account_ids=["ACC-204518"], card_last4=["4242"]),
    dict(username="tom", name="Tom Becker", handle="@tombecker", organization="Bluebird Clinics",
         emails=["tom.becker@bluebird.example"], phones=["+1 617 555 0163"],
         addresses=["88 Beacon Street, Boston, MA 02108"], account_ids=["ACC-310077"], card_last4=["1881"]),
    dict(username=None, name="Priya Natarajan", handle="@priya_n", organization=None,
         emails=["priya.natarajan@mail.example"], phones=["+91 98765 43210"],
         addresses=["5 Lavelle Road, Bengaluru 560001"], account_ids=["ACC-118342"], card_last4=["0005"]),
    dict(username=None, name="Lucas Ferreira", handle="@lucasf", organization="Larkspur Studio",
         emails=["lucas@larkspur.example"], phones=["+351 912 345 678"],
         addresses=["Rua Augusta 120, 1100-053 Lisboa"], account_ids=["ACC-552901"], card_last4=["7310"]),
]


@dataclass
class DemoTicket:
    handle: str
    subject: str
    queue: str
    channel: str
    status: str
    body: str
    priority: int = Priority.NORMAL
    follow_ups: list[str] = field(default_factory=list)  # more customer messages, same channel
    notes: list[tuple[str, str]] = field(default_factory=list)  # (staff username, text)
    call: tuple[str, int, str] | None = None  # (staff username, minutes, summary)


TICKETS = [
    DemoTicket(
        "@mariasantos", "Charged twice for March", "billing", Channel.EMAIL, Status.OPEN,
        "Hello, my card ending 4242 was charged twice for the March invoice on account ACC-204518. "
        "Could you refund one of them? You can reach me on +44 7700 900123.",
        priority=Priority.HIGH,
        follow_ups=["Also, please send the corrected invoice to 14 Tavistock Place, London WC1H 9RA, "
                    "attention Greta Holm in our office."],
        notes=[("alex", "Duplicate charge confirmed in the payment processor; refund needs lead approval.")],
        call=("alex", 6, "Customer confirmed both charges; promised a written follow-up."),
    ),
    DemoTicket(
        "@mariasantos", "Cannot download invoices from the portal", "billing", Channel.PORTAL, Status.NEW,
        "The download button on the invoices page does nothing for the last three months.",
    ),
    DemoTicket(
        "@priya_n", "Order still not delivered", "social", Channel.SOCIAL, Status.PENDING,
        "@TactSupport it's been two weeks and my order still hasn't arrived. Not impressed. — @priya_n",
        follow_ups=["Anyone there? Still waiting."],
        notes=[("lee", "Asked her to DM the order number; waiting on her reply.")],
    ),
    DemoTicket(
        "@tombecker", "App crashes on start after update", "technical", Channel.PORTAL, Status.ON_HOLD,
        "Since yesterday's update the desktop app closes right after the splash screen on our "
        "front-desk PCs.",
        priority=Priority.URGENT,
        notes=[("sam", "Reproduced on Windows 10 build 19044; waiting for the engineering fix.")],
    ),
    DemoTicket(
        "@tombecker", "Sync fails behind our clinic proxy", "technical", Channel.FORUM, Status.SOLVED,
        "Is there a way to make calendar sync work through an authenticating HTTP proxy?",
        priority=Priority.LOW,
    ),
    DemoTicket(
        "@lucasf", "Change billing address", "billing", Channel.PHONE, Status.CLOSED,
        "Customer called to move the billing address to the new studio.",
        call=("casey", 4, "Verified account ACC-552901 by card last four; updated the address."),
    ),
    DemoTicket(
        "@lucasf", "Export to PDF cuts off the last page", "technical", Channel.FORUM, Status.OPEN,
        "When I export a long project to PDF the last page is missing. Anyone else seeing this?",
    ),
    DemoTicket(
        "@priya_n", "Refund for cancelled subscription", "billing", Channel.EMAIL, Status.PENDING,
        "I cancelled on the 2nd but was still billed on card 0005. Please refund.",
        notes=[("casey", "Refund issued; waiting for her to confirm it arrived.")],
    ),
    DemoTicket(
        "@mariasantos", "Thanks for the quick fix", "social", Channel.SOCIAL, Status.CLOSED,
        "Shout-out to @TactSupport for sorting my account out so fast!",
        priority=Priority.LOW,
    ),
]

MACROS = [
    ("Greeting", "Hi {customer_first_name}, thanks for reaching out to {support_name}.", None),
    ("Refund on its way", "Hi {customer_first_name}, the refund is on its way and should arrive within "
     "5 business days. Reference: {ticket_reference}. — {agent_alias}", "billing"),
    ("Please DM us", "Hi {customer_first_name}, please send us a direct message with your order number so we "
     "can look into this privately. — {agent_alias}", "social"),
    ("Known issue", "Thanks {customer_first_name}. This is a known issue and our engineers are on it; we will "
     "update {ticket_reference} when the fix ships.", "technical"),
]

# (role, username, what to try) for the start-up banner.
LOGINS = [
    ("agent", "alex", "Billing and Social queues"),
    ("agent", "sam", "Technical queue"),
    ("contractor", "casey", "Billing; access expires in 30 days"),
    ("team lead", "lee", "every queue, escalations; second factor: manage.py demo_code"),
    ("admin", "admin", "also /admin/; second factor: manage.py demo_code"),
    ("customer", "maria", "the portal: three tickets"),
    ("customer", "tom", "the portal: two tickets"),
]


def _user(username: str, name: str, email: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        first, _, last = name.partition(" ")
        user = User.objects.create_user(
            username=username, email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
        )
    return user


def _staff(queues: dict[str, Queue]) -> dict[str, User]:
    users = {}
    for username, name, role, alias, pronouns, slugs in STAFF:
        user = _user(username, name, f"{username}@staff.tact.example")
        expires = timezone.now() + timedelta(days=30) if role == Role.CONTRACTOR else None
        profile, _ = StaffProfile.objects.get_or_create(
            user=user, defaults={"role": role, "access_expires_at": expires}
        )
        if not Persona.objects.filter(staff=profile).exists():
            persona_assign(staff=profile, alias=alias, pronouns=pronouns)
        if role == Role.ADMIN and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        for slug in slugs:
            queues[slug].members.add(user)
        if username in DEMO_TOTP_USERS and not TOTPDevice.objects.filter(user=user).exists():
            TOTPDevice.objects.create(user=user, name="Demo authenticator", key=DEMO_TOTP_KEY, confirmed=True)
        users[username] = user
    return users


def _customers() -> dict[str, Customer]:
    organizations = {}
    for org_name, domain, contacts in ORGANIZATIONS:
        organization, _ = Organization.objects.get_or_create(name=org_name, defaults={"domain": domain})
        for name, email, phone, role in contacts:
            Contact.objects.get_or_create(
                organization=organization, name=name, defaults={"email": email, "phone": phone, "role": role}
            )
        organizations[org_name] = organization
    customers = {}
    for spec in CUSTOMERS:
        spec = dict(spec)
        username, org_name = spec.pop("username"), spec.pop("organization")
        customer = Customer.objects.filter(handle=spec["handle"]).first()
        if customer is None:
            user = _user(username, spec["name"], spec["emails"][0]) if username else None
            customer = Customer.objects.create(user=user, organization=organizations.get(org_name), **spec)
        customers[customer.handle] = customer
    return customers


def _ticket(spec: DemoTicket, customers, queues, staff, lead: User) -> bool:
    customer = customers[spec.handle]
    if Ticket.objects.filter(customer=customer, subject=spec.subject).exists():
        return False
    public = spec.channel in (Channel.SOCIAL, Channel.FORUM)
    ticket = ticket_open(
        customer=customer, subject=spec.subject, body=spec.body, queue=queues[spec.queue],
        channel=spec.channel, priority=spec.priority,
    )
    for body in spec.follow_ups:
        customer_message_add(ticket=ticket, customer=customer, body=body, is_public_post=public)
    for username, text in spec.notes:
        note_add(ticket=ticket, author=staff[username], body=text)
    if spec.call:
        username, minutes, summary = spec.call
        call_log(
            customer=customer, agent=staff[username], ticket=ticket, duration_s=minutes * 60, summary=summary,
            at=timezone.now() - timedelta(days=1, hours=3),
        )
    if spec.status != ticket.status:
        ticket_change(ticket=ticket, actor=lead, status=spec.status)
    return True


def demo_build() -> dict[str, int]:
    """Create whatever part of the demo desk is missing; returns how many tickets and macros were added."""
    with transaction.atomic():
        queues = {}
        for name, slug in QUEUES:
            queues[slug], _ = Queue.objects.get_or_create(
                slug=slug, defaults={"name": name, "email": f"{slug}@support.tact.example"}
            )
        staff = _staff(queues)
        customers = _customers()
        added = {"tickets": 0, "macros": 0}
        for spec in TICKETS:
            added["tickets"] += _ticket(spec, customers, queues, staff, lead=staff["lee"])
        for name, body, slug in MACROS:
            _, created = Macro.objects.get_or_create(
                name=name, defaults={"body": body, "queue": queues[slug] if slug else None}
            )
            added["macros"] += created
    return added
