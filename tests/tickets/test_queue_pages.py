"""Queues are managed from Tact's pages: admins add and archive them, a lead edits the queues they lead and no
other, members leave with their open tickets handed back, every change is in the audit trail, and bad input is
a form error that keeps what was typed."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agents.models import AuditEntry, Elevation, Role
from tests.conftest import _staff
from tests.factories import TicketFactory
from tickets.intake import intake_queue
from tickets.models import Macro, Queue, Status, TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def lou(queue_b):
    """A lead of queue B only."""
    return _staff("lou", "Louise Realname", Role.LEAD, "Grey Heron", [queue_b])


def as_user(client, user):
    client.force_login(user)
    return client


def test_an_admin_adds_a_queue_recorded_in_the_trail(client, adam):
    as_user(client, adam)
    page = client.post(reverse("queues"), {"name": " Returns  desk ", "slug": "returns",
                                           "email": "Returns@Support.example"})
    assert page.status_code == 302 and page["Location"] == reverse("queue_detail", args=["returns"])
    queue = Queue.objects.get(slug="returns")
    assert (queue.name, queue.email, queue.archived_at) == ("Returns desk", "returns@support.example", None)
    entry = AuditEntry.objects.get(action="queue.create")
    assert entry.actor == adam and entry.data["slug"] == "returns"
    listing = client.get(reverse("queues")).content.decode()
    assert "Returns desk" in listing and 'data-queue="returns"' in listing


def test_a_taken_address_is_a_form_error_that_keeps_what_was_typed(client, adam, queue_a):
    as_user(client, adam)
    page = client.post(reverse("queues"), {"name": "Second billing", "slug": "billing2",
                                           "email": queue_a.email.upper()})
    text = page.content.decode()
    assert page.status_code == 400
    assert "Another queue sends from this address" in text
    assert 'value="Second billing"' in text and 'value="billing2"' in text
    assert not Queue.objects.filter(slug="billing2").exists()


@pytest.mark.parametrize("data, error", [
    ({"name": "", "slug": "x", "email": "x@support.example"}, "This field is required."),
    ({"name": "Billing", "slug": "x", "email": "x@support.example"}, "Another queue has this name."),
    ({"name": "X", "slug": "no spaces", "email": "x@support.example"}, "Letters, digits, hyphens"),
    ({"name": "X", "slug": "x", "email": "not-an-address"}, "Give the address replies are sent from"),
    ({"name": "X\x00", "slug": "x", "email": "x@support.example"}, "Null characters are not allowed"),
])
def test_bad_queue_input_is_a_form_error(client, adam, queue_a, data, error):
    as_user(client, adam)
    page = client.post(reverse("queues"), data)
    assert page.status_code == 400 and error in page.content.decode()
    assert Queue.objects.count() == 1


def test_an_agent_finds_no_queue_pages(client, alice, queue_a):
    as_user(client, alice)
    for url in (reverse("queues"), reverse("queue_detail", args=[queue_a.slug]), reverse("macros")):
        assert client.get(url).status_code == 404
    assert client.post(reverse("queue_detail", args=[queue_a.slug]),
                       {"name": "Mine now", "email": queue_a.email}).status_code == 404
    queue_a.refresh_from_db()
    assert queue_a.name == "Billing"
    assert 'href="/inbox/queues/"' not in client.get(reverse("inbox")).content.decode()


def test_a_lead_edits_their_queue_but_not_another(client, lou, queue_a, queue_b):
    as_user(client, lou)
    listing = client.get(reverse("queues")).content.decode()
    assert 'data-queue="tech"' in listing and 'data-queue="billing"' not in listing
    assert "Add a queue" not in listing
    assert client.get(reverse("queue_detail", args=[queue_a.slug])).status_code == 404
    assert client.post(reverse("queue_detail", args=[queue_a.slug]),
                       {"name": "Hijacked", "email": "evil@support.example"}).status_code == 404
    response = client.post(reverse("queue_detail", args=[queue_b.slug]),
                           {"name": "Tech support", "email": "tech@support.example"})
    assert response.status_code == 302
    queue_a.refresh_from_db(), queue_b.refresh_from_db()
    assert (queue_a.name, queue_b.name) == ("Billing", "Tech support")
    entry = AuditEntry.objects.get(action="queue.update")
    assert entry.actor == lou and entry.data == {"name": ["Technical", "Tech support"]}


def test_a_queue_lent_by_an_elevation_lends_its_tickets_not_its_settings_or_macros(client, lou, adam, queue_a,
                                                                                    dave_ticket):
    macro = Macro.objects.create(name="Billing hello", body="Hello", queue=queue_a)
    Elevation.objects.create(user=lou, queue_id=queue_a.pk, reason="Covering billing's triage tonight",
                             ends_at=timezone.now() + timedelta(hours=8), approved_by=adam)
    as_user(client, lou)
    ticket = client.get(reverse("ticket_detail", args=[dave_ticket.reference]))
    assert ticket.status_code == 200 and "Charged twice for March" in ticket.content.decode()
    assert 'data-queue="billing"' not in client.get(reverse("queues")).content.decode()
    assert client.post(reverse("queue_detail", args=[queue_a.slug]),
                       {"name": "Hijacked", "email": "evil@support.example"}).status_code == 404
    assert client.post(reverse("macro_edit", args=[macro.pk]),
                       {"name": "x", "queue": queue_a.pk, "body": "Pay here", "action": "save"}).status_code == 404
    queue_a.refresh_from_db(), macro.refresh_from_db()
    assert (queue_a.name, macro.body) == ("Billing", "Hello")


@pytest.mark.parametrize("email", [
    "lou@home.example",  # the lead's own address
    "Alice@Home.example",  # a colleague's
    "alice@support.example",  # a colleague's username at the desk's domain
    "louise.realname@support.example",  # the lead's real name
])
def test_a_queue_cannot_send_from_an_address_that_names_a_member_of_staff(client, lou, alice, queue_b, email):
    """Every reply email names the queue's address in From and Reply-To: a customer must not read a person's
    own address or name there (`tickets.notifications._reply_email`)."""
    as_user(client, lou)
    page = client.post(reverse("queue_detail", args=[queue_b.slug]), {"name": "Technical", "email": email})
    assert page.status_code == 400
    assert "names a member of staff" in page.content.decode()
    queue_b.refresh_from_db()
    assert queue_b.email == "tech@support.example"


def test_a_lead_may_not_add_or_archive_queues(client, lou, queue_b):
    as_user(client, lou)
    assert client.post(reverse("queues"), {"name": "Mine", "slug": "mine",
                                           "email": "mine@support.example"}).status_code == 403
    assert client.post(reverse("queue_archive", args=[queue_b.slug]), {"archived": "1"}).status_code == 403
    queue_b.refresh_from_db()
    assert queue_b.archived_at is None and not Queue.objects.filter(slug="mine").exists()


def test_an_archived_queue_keeps_its_tickets_and_takes_no_new_ones(client, adam, dave, queue_a, queue_b,
                                                                    dave_ticket):
    as_user(client, adam)
    assert client.post(reverse("queue_archive", args=[queue_a.slug]), {"archived": "1"}).status_code == 302
    queue_a.refresh_from_db()
    assert queue_a.archived_at is not None
    assert AuditEntry.objects.filter(action="queue.archive").count() == 1
    assert intake_queue(dave.customer) == queue_b  # not the queue of his latest ticket any more
    new_page = client.get(reverse("ticket_new")).content.decode()
    assert '<option value="billing">' not in new_page and '<option value="tech">Technical</option>' in new_page
    assert client.get(reverse("ticket_detail", args=[dave_ticket.reference])).status_code == 200
    client.post(reverse("queue_archive", args=[queue_a.slug]), {"archived": "0"})
    queue_a.refresh_from_db()
    assert queue_a.archived_at is None and AuditEntry.objects.filter(action="queue.restore").count() == 1


def test_a_member_leaves_and_their_open_tickets_go_back(client, carol, alice, queue_a, queue_b, dave_ticket):
    dave_ticket.assignee = alice
    dave_ticket.status = Status.OPEN
    dave_ticket.save()
    solved = TicketFactory(customer=dave_ticket.customer, queue=queue_a, assignee=alice, status=Status.SOLVED)
    elsewhere = TicketFactory(customer=dave_ticket.customer, queue=queue_b, assignee=alice, status=Status.OPEN)
    as_user(client, carol)
    page = client.get(reverse("queue_detail", args=[queue_a.slug])).content.decode()
    assert "Harbor Wren" in page and "Alicia" not in page and "North Star" in page
    grants = f"{reverse('grants')}?queue={queue_a.pk}"
    assert grants in page
    assert f'<option value="{queue_a.pk}" selected>Billing</option>' in client.get(grants).content.decode()
    response = client.post(reverse("queue_member_remove", args=[queue_a.slug, alice.pk]), follow=True)
    assert "1 open ticket went back to the queue" in response.content.decode()
    assert not queue_a.members.filter(pk=alice.pk).exists()
    dave_ticket.refresh_from_db(), solved.refresh_from_db(), elsewhere.refresh_from_db()
    assert dave_ticket.assignee is None and solved.assignee == alice and elsewhere.assignee == alice
    assert TicketEvent.objects.get(ticket=dave_ticket, kind="assignee").data["reason"] == "left_queue"
    entry = AuditEntry.objects.get(action="queue.member_remove")
    assert entry.data == {"users": [alice.pk]} and entry.actor == carol


def test_a_lead_reads_the_members_by_persona_not_username(client, lou, bob, adam, queue_b):
    """Leads see colleagues by persona only (docs/personas-and-safety.md); a username is as telling as a real
    name (the scanner holds it private). Administrators, who make the accounts, see usernames."""
    as_user(client, lou)
    page = client.get(reverse("queue_detail", args=[queue_b.slug])).content.decode()
    assert "Quiet Pine" in page and "Grey Heron" in page
    assert ">bob<" not in page and '"bob"' not in page and ">lou<" not in page
    as_user(client, adam)
    assert ">bob<" in client.get(reverse("queue_detail", args=[queue_b.slug])).content.decode()


def test_nav_links_the_pages_for_leads_and_admins(client, carol, adam):
    as_user(client, carol)
    nav = client.get(reverse("inbox")).content.decode()
    assert reverse("queues") in nav and reverse("macros") in nav and reverse("public_sources") not in nav
    as_user(client, adam)
    assert reverse("public_sources") in client.get(reverse("inbox")).content.decode()


def test_the_queue_list_and_page_cost_a_bounded_number_of_queries(client, adam, carol, alice, queue_a,
                                                                  django_assert_max_num_queries):
    for n in range(12):
        queue = Queue.objects.create(name=f"Queue {n}", slug=f"q{n}", email=f"q{n}@support.example")
        queue.members.add(alice, carol)
    as_user(client, adam)
    client.get(reverse("queues"))  # the session's first use
    with django_assert_max_num_queries(12):
        page = client.get(reverse("queues")).content.decode()
    assert page.count("data-queue=") == 14  # and queues A and B
    for n in range(8):
        _staff(f"agent{n}", f"Agent{n} Realname", Role.AGENT, f"Persona {n}", [Queue.objects.get(slug="q0")])
    with django_assert_max_num_queries(12):  # as many with ten members as with two: no query per member
        detail = client.get(reverse("queue_detail", args=["q0"])).content.decode()
    assert "Harbor Wren" in detail and "North Star" in detail and "Persona 7" in detail and "Realname" not in detail


def test_a_change_the_service_refuses_comes_back_with_what_was_typed(client, lou, queue_b):
    as_user(client, lou)
    page = client.post(reverse("queue_detail", args=[queue_b.slug]),
                       {"name": "Tech support", "email": "lou@home.example"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "names a member of staff" in html and 'value="Tech support"' in html and 'value="lou@home.example"' in html
    queue_b.refresh_from_db()
    assert (queue_b.name, queue_b.email) == ("Technical", "tech@support.example")
