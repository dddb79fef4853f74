"""`manage.py seed_demo` builds a desk with every channel, status and private detail, and reruns safely."""
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from agents.models import AliasRecord, Persona, Role, StaffProfile
from tickets.demo import DEMO_PASSWORD, LOGINS, TICKETS
from tickets.models import (
    CallLog,
    Channel,
    Contact,
    Customer,
    Macro,
    Message,
    MessageKind,
    Organization,
    Queue,
    Status,
    Ticket,
    TicketEvent,
)

MODELS = [
    User, StaffProfile, Persona, Queue, Organization, Contact, Customer, Ticket, Message, CallLog, Macro,
]


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    return seed()


def test_every_channel_and_every_status_has_a_ticket(demo):
    assert set(Ticket.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status.values)


def test_running_it_again_adds_nothing(demo):
    before = {model: model.objects.count() for model in MODELS}
    events = TicketEvent.objects.count()
    assert "already in place" in seed()
    assert {model: model.objects.count() for model in MODELS} == before
    assert TicketEvent.objects.count() == events


def test_it_reuses_what_already_exists(db):
    Queue.objects.create(name="Billing", slug="billing", email="money@desk.example")
    User.objects.create_user(username="alex", password="kept")
    assert f"added {len(TICKETS)} tickets" in seed()
    assert Queue.objects.get(slug="billing").email == "money@desk.example"
    assert StaffProfile.objects.get(user__username="alex").role == Role.AGENT
    assert User.objects.get(username="alex").check_password("kept")


def test_every_demo_login_signs_in_with_the_printed_password(demo):
    assert f"password for every account: {DEMO_PASSWORD}" in demo
    for _role, username, _hint in LOGINS:
        assert username in demo
        request = RequestFactory().post("/login/")  # the lockout backend needs the request
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None, username


def test_staff_have_personas_and_the_intended_roles(demo):
    roles = {p.user.username: p.role for p in StaffProfile.objects.select_related("user")}
    assert roles == {
        "alex": Role.AGENT, "sam": Role.AGENT, "casey": Role.CONTRACTOR,
        "lee": Role.LEAD, "admin": Role.ADMIN,
    }
    assert Persona.objects.count() == len(roles)
    assert AliasRecord.objects.count() == len(roles)  # made by persona_assign, which reserves the alias
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser


def test_the_contractor_expires_in_thirty_days_and_nobody_else_does(demo):
    casey = StaffProfile.objects.get(user__username="casey")
    assert abs(casey.access_expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=5)
    assert StaffProfile.objects.exclude(pk=casey.pk).filter(access_expires_at__isnull=False).count() == 0


def test_two_customers_can_sign_in_to_the_portal(demo):
    assert set(Customer.objects.filter(user__isnull=False).values_list("user__username", flat=True)) == {
        "maria", "tom"
    }
    assert StaffProfile.objects.filter(user__username__in=["maria", "tom"]).count() == 0


def test_customers_carry_every_kind_of_private_detail(demo):
    for customer in Customer.objects.all():
        for name in ("emails", "phones", "addresses", "account_ids", "card_last4"):
            assert getattr(customer, name), (customer.handle, name)
    assert Organization.objects.count() >= 3
    assert all(org.contacts.exists() for org in Organization.objects.all())


def test_private_email_public_post_notes_and_calls_are_present(demo):
    private_email = Message.objects.filter(
        ticket__channel=Channel.EMAIL, kind=MessageKind.CUSTOMER, is_public_post=False
    )
    assert private_email.filter(body__contains="4242").exists()
    public_post = Message.objects.get(
        ticket__channel=Channel.SOCIAL, is_public_post=True, body__contains="@priya_n"
    )
    assert public_post.ticket.customer.handle == "@priya_n"
    assert Message.objects.filter(kind=MessageKind.INTERNAL_NOTE).count() >= 3
    assert CallLog.objects.filter(ticket__channel=Channel.PHONE).exists()
    assert Macro.objects.count() >= 3


def test_tickets_were_opened_through_the_services(demo):
    for ticket in Ticket.objects.all():
        kinds = set(ticket.events.values_list("kind", flat=True))
        assert "created" in kinds
        assert ticket.first_response_due is not None
        if ticket.status != Status.NEW:
            assert "status" in kinds, ticket.subject


def test_a_real_desk_refuses_the_demo_accounts(db, settings):
    settings.DEBUG = settings.TESTING = False
    with pytest.raises(CommandError, match="known password"):
        seed()
    assert not User.objects.exists()


def test_the_demo_lead_and_admin_sign_in_with_the_code_demo_code_prints(demo):
    from django.test import Client

    assert "ORQWG5BNMRSW23ZNONSWG33OMQWWWZLZ" in demo  # the published demo key, for an authenticator app
    out = StringIO()
    call_command("demo_code", stdout=out)
    codes = dict(line.split(": ") for line in out.getvalue().splitlines())
    assert set(codes) == {"admin", "lee"}
    client = Client()
    client.post("/login/", {"username": "lee", "password": DEMO_PASSWORD})
    assert client.get("/inbox/").url.startswith("/login/verify/")
    assert client.post("/login/verify/", {"code": codes["lee"]}).status_code == 302
    assert client.get("/inbox/").status_code == 200
