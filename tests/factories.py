"""factory_boy factories for varied test data. Named personas live in conftest.py."""
from datetime import timedelta

import factory
from django.contrib.auth.models import User
from django.utils import timezone
from faker import Faker

from agents.models import Persona, Role, StaffProfile
from tickets.models import CallLog, Channel, Contact, Customer, Message, MessageKind, Organization, Queue, Ticket

# The named staff personas' real names (tests/conftest.py) are markers that leak tests search for, so names
# made up for other people must never contain them.
STAFF_NAME_MARKERS = ("Alicia", "Robert", "Caroline", "Corazon", "Adam", "Realname")
_faker = Faker()


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
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    role = Role.AGENT


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


def published_reply_message(*, ticket, author, body, alias, avatar_seed="") -> Message:
    """A public reply in the thread as the gate's publish step writes it, without going through a scan."""
    from tickets.services import PublishedReply, reply_messages_create

    return reply_messages_create(replies=[PublishedReply(ticket, author, body, alias, avatar_seed)])[0]
