"""Named personas that encode the permission boundary, made once for every test.

alice: agent in queue A (billing) · bob: agent in queue B (tech) · carol: team lead in A and B
cora: contractor in A whose access expires · adam: administrator · audrey: auditor (no queue)
dave: customer with a ticket in A · erin: another customer with a ticket in B
Real names and usernames are distinct marker strings so leak tests can search for them.
"""
import os
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.test.client import ClientMixin
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from agents import audit_guard as _audit_guard
from agents.models import Role
from agents.services import avatar_seed_new
from config.celery import app as celery_app
from tests.factories import (
    CustomerFactory,
    MessageFactory,
    PersonaFactory,
    QueueFactory,
    StaffFactory,
    TicketFactory,
    UserFactory,
)

# CI explores the same examples every run, so a red build is reproducible; developers' runs keep exploring.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def _staff(username: str, real_name: str, role: str, alias: str, queues, **profile):
    first, last = real_name.split(" ", 1)
    user = UserFactory(username=username, first_name=first, last_name=last, email=f"{username}@home.example")
    staff = StaffFactory(user=user, role=role, **profile)
    PersonaFactory(staff=staff, alias=alias, avatar_seed=avatar_seed_new())
    for queue in queues:
        queue.members.add(user)
    return user


@pytest.fixture
def queue_a(db):
    return QueueFactory(name="Billing", slug="billing", email="billing@support.example")


@pytest.fixture
def queue_b(db):
    return QueueFactory(name="Technical", slug="tech", email="tech@support.example")


@pytest.fixture
def alice(queue_a):
    return _staff("alice", "Alicia Realname", Role.AGENT, "Harbor Wren", [queue_a])


@pytest.fixture
def bob(queue_b):
    return _staff("bob", "Robert Realname", Role.AGENT, "Quiet Pine", [queue_b])


@pytest.fixture
def carol(queue_a, queue_b):
    return _staff("carol", "Caroline Realname", Role.LEAD, "North Star", [queue_a, queue_b])


@pytest.fixture
def cora(queue_a):
    return _staff(
        "cora", "Corazon Realname", Role.CONTRACTOR, "Amber Field", [queue_a],
        access_expires_at=timezone.now() + timedelta(days=30),
    )


@pytest.fixture
def adam(db):
    user = _staff("adam", "Adam Realname", Role.ADMIN, "Keystone", [])
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def audrey(db):
    return _staff("audrey", "Audrey Realname", Role.AUDITOR, "Glass Owl", [])


@pytest.fixture
def dave(db):
    user = UserFactory(username="dave", first_name="Dave", last_name="Customer", email="dave@mail.example")
    CustomerFactory(
        user=user, name="Dave Customer", handle="@davec", emails=["dave@mail.example"],
        phones=["+1 415 555 0134"], account_ids=["ACC-100200"],
    )
    return user


@pytest.fixture
def erin(db):
    user = UserFactory(username="erin", first_name="Erin", last_name="Customer", email="erin@mail.example")
    CustomerFactory(user=user, name="Erin Customer", handle="@erin", emails=["erin@mail.example"])
    return user


@pytest.fixture
def dave_ticket(dave, queue_a):
    ticket = TicketFactory(customer=dave.customer, queue=queue_a, subject="Charged twice for March")
    MessageFactory(ticket=ticket, body="I was charged twice this month, please help.")
    return ticket


@pytest.fixture
def dave_message(dave_ticket):
    """What the detector raises self-harm for, and the detection it reports."""
    return MessageFactory(ticket=dave_ticket, body="I can't do this anymore. Nobody would miss me.")


@pytest.fixture
def detection():
    return {"category": "self_harm", "score": 0.93, "spans": [[0, 25]], "triggers": ["can't do this anymore"]}


@pytest.fixture
def erin_ticket(erin, queue_b):
    ticket = TicketFactory(customer=erin.customer, queue=queue_b, subject="App crashes on start")
    MessageFactory(ticket=ticket, body="The app crashes when I open it.")
    return ticket


@pytest.fixture
def eager_celery():
    """Tasks run in-process for the test, as a worker would run them; the real setting comes back after."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous




@pytest.fixture(autouse=True)
def _site_language_after_each_test():
    """LocaleMiddleware activates the request's language in the thread and leaves it there (the next request
    activates its own); between tests there is no next request, so a test asking for German would leave the
    following test's services speaking German. Each test ends back in the site's language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _force_login_gives_both_factors(monkeypatch):
    """`client.force_login(user)` skips the password step; here it skips the second step the same way, so a
    test client is a person who finished signing in (the session is verified with the user's authenticator, if
    they have one). Nothing else changes: the gates still send someone unenrolled who must enrol to
    enrolment. Tests of the steps themselves sign in through `/login/` (tests/agents/test_mfa.py)."""
    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(scope="session", autouse=True)
def _audit_trail_flushable():
    """A transactional test ends with Django's flush, which on SQLite is a DELETE the append-only trail refuses
    (PostgreSQL's TRUNCATE fires no row trigger). The flush lifts the guard, empties the tables and puts the
    guard back, in its one transaction."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    operations = type(connection.ops)
    original = operations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if "agents_auditentry" not in tables:
            return statements
        return [*_audit_guard.SQLITE_REMOVE, *statements, *_audit_guard.SQLITE_INSTALL]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(operations, "sql_flush", sql_flush)
        yield


MONDAY_MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    """django.utils.timezone.now, frozen (at a Monday morning, 09:00 UTC, unless told) and moved by hand:
    sessions, tokens, access end dates and SLA clocks are all judged against it."""

    def __init__(self, start: datetime = MONDAY_MORNING):
        self.start = self.now = start

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)

    def at(self, **delta) -> datetime:
        """Set it to `delta` after where it started."""
        self.now = self.start + timedelta(**delta)
        return self.now


def clock_frozen(monkeypatch, start: datetime = MONDAY_MORNING) -> Clock:
    """A module whose story starts at another time makes its `clock` fixture with this."""
    frozen = Clock(start)
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


@pytest.fixture
def clock(monkeypatch):
    return clock_frozen(monkeypatch)
