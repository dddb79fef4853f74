"""factory_boy factories for varied test data. Named personas live in conftest.py."""
import time
from datetime import timedelta

import factory
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from agents.models import Persona, Role, StaffProfile
from tickets.models import CallLog, Channel, Contact, Customer, Message, MessageKind, Organization, Queue, Ticket

# The named staff personas' real names (tests/conftest.py) are markers that leak tests search for, so names
# made up for other people must never contain them.
STAFF_NAME_MARKERS = ("Alicia", "Robert", "Caroline", "Corazon", "Adam", "Realname")
_faker = Faker()
# The authenticator secret of every enrolled test user (hex, as django-otp stores it); demo-free, test-only.
TEST_TOTP_KEY = "3132333435363738393031323334353637383930"


def _name_without_markers(make) -> str:
    while True:
        name = make()
        if not any(marker.lower() in name.lower() for marker in STAFF_NAME_MARKERS):
            return name


def person_name() -> str:
    return _name_without_markers(_faker.name)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyFunction(lambda: _name_without_markers(_faker.first_name))
    last_name = factory.LazyFunction(lambda: _name_without_markers(_faker.last_name))
    email = factory.LazyAttribute(lambda o: f"{o.username}@staff.example")
    password = factory.django.Password("pw")


class StaffFactory(factory.django.DjangoModelFactory):
    """Leads and admins come enrolled with an authenticator (TEST_TOTP_KEY), as TACT_MFA requires of them by
    default; pass `second_factor=False` for one who has not enrolled, `True` to enrol anyone."""

    class Meta:
        model = StaffProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    role = Role.AGENT

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        enrol = extracted if extracted is not None else self.role in (Role.LEAD, Role.ADMIN)
        if create and enrol:
            TOTPDevice.objects.create(user=self.user, name="Test authenticator", key=TEST_TOTP_KEY, confirmed=True)


def totp_code(user) -> str:
    """The code the user's authenticator shows now; if this step's code was already taken (a second sign-in
    within 30 seconds), the next step's, which the one-step tolerance accepts."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    now_t = (int(time.time()) - device.t0) // device.step + device.drift
    ahead = max(0, device.last_t + 1 - now_t)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + ahead)
    return f"{code:0{device.digits}d}"


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Persona

    staff = factory.SubFactory(StaffFactory)
    alias = factory.Sequence(lambda n: f"Agent Harbor {n}")
    avatar_seed = factory.Sequence(lambda n: f"seed{n}")


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Queue {n}")
    slug = factory.Sequence(lambda n: f"queue-{n}")
    email = factory.LazyAttribute(lambda o: f"{o.slug}@support.example")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Faker("company")
    domain = factory.Sequence(lambda n: f"org{n}.example")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.LazyFunction(person_name)
    email = factory.Sequence(lambda n: f"contact{n}@org.example")
    phone = "+44 20 7946 0958"
    role = "Office manager"


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.LazyFunction(person_name)
    handle = factory.Sequence(lambda n: f"@customer{n}")
    emails = factory.Sequence(lambda n: [f"customer{n}@mail.example"])
    phones = ["+1 415 555 0134"]
    addresses = ["221 Baker Street, London NW1 6XE"]
    account_ids = factory.Sequence(lambda n: [f"ACC-{700000 + n}"])


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    subject = factory.Faker("sentence", nb_words=5)
    customer = factory.SubFactory(CustomerFactory)
    queue = factory.SubFactory(QueueFactory)
    channel = Channel.EMAIL
    first_response_due = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=8))
    sla_due_at = factory.LazyAttribute(lambda o: o.first_response_due)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    ticket = factory.SubFactory(TicketFactory)
    kind = MessageKind.CUSTOMER
    author_customer = factory.LazyAttribute(lambda o: o.ticket.customer if o.kind == MessageKind.CUSTOMER else None)
    body = factory.Faker("paragraph")


class CallLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallLog

    customer = factory.SubFactory(CustomerFactory)
    at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    duration_s = 300
    summary = "Talked through the billing change."


def published_reply_message(
    *, ticket, author, body, alias="", avatar_seed="", signature="", created_at=None, files=()
) -> Message:
    """A public reply in the thread as the gate's publish step leaves it, without running the scanner.

    The gate's rows are written first (reply, published version, a clean scan by scanner "factory"), because the
    database refuses any reply message they do not back (redaction migration 0005 on PostgreSQL, at commit, which
    Django checks when each test ends; redaction.sqlite_guard on SQLite, at insert). The text may be one today's
    scanner would hold, as a reply published by an older scanner can be: the retro-audit tests rely on that.
    `files`: (name, extracted text) pairs frozen with the version, as Send records them (no bytes stored).
    """
    with transaction.atomic():  # one transaction, as the gate's: in an autocommit test the check runs at its end
        return _published_reply_message(ticket, author, body, alias, avatar_seed, signature, created_at, files)


def _published_reply_message(ticket, author, body, alias, avatar_seed, signature, created_at, files):
    from redaction.models import Reply, ReplyFile, ReplyScan, ReplyVersion, VersionStatus, body_sha256
    from redaction.replyfiles import files_digest
    from tickets.services import PublishedReply, reply_messages_create

    when = created_at or timezone.now()
    reply = Reply.objects.create(ticket=ticket, author=author, state=VersionStatus.PUBLISHED)
    version = ReplyVersion.objects.create(
        reply=reply, number=1, body=body, sha256=body_sha256(body), signature=signature, alias=alias,
        avatar_seed=avatar_seed, status=VersionStatus.PENDING, submitted_at=when,
    )
    rows = [ReplyFile.objects.create(version=version, file=f"reply-files/{name}", filename=name, size=len(text),
                                     content_type="text/plain", sha256="0" * 64, text=text) for name, text in files]
    if rows:
        ReplyVersion.objects.filter(pk=version.pk).update(files_sha256=files_digest(rows))
    ReplyScan.objects.create(version=version, sha256=version.sha256, scanner_version="factory", policy_digest="-",
                             files_sha256=files_digest(rows))
    ReplyVersion.objects.filter(pk=version.pk).update(status=VersionStatus.PUBLISHED, finished_at=when)
    # As the gate does it: the version is published first, then its message written (the SQLite guard checks that).
    published = PublishedReply(ticket, author, body, alias, avatar_seed, signature=signature)
    message = reply_messages_create(replies=[published])[0]
    if created_at is not None:
        Message.objects.filter(pk=message.pk).update(created_at=created_at)
        message.created_at = created_at
    Reply.objects.filter(pk=reply.pk).update(latest_version=version, published_message=message)
    return message
