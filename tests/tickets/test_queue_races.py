"""Two saves on the queue pages at the same moment: the second one's author gets a form error that keeps what
they typed, never a server error, and the database keeps one queue per name, short name and address.

On SQLite the other save is made to land between the page's check and its write (the window a real race
uses); on PostgreSQL the saves run at once on their own connections."""
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from agents.models import AuditEntry, Role
from tests.concurrency import at_once
from tests.conftest import _staff
from tickets import queues as queue_services
from tickets.models import Queue
from tickets.queues import queue_create, queue_member_remove

RETURNS = {"name": "Returns desk", "slug": "returns", "email": "returns@support.example"}


@pytest.fixture
def lou(queue_b):
    return _staff("lou", "Louise Realname", Role.LEAD, "Grey Heron", [queue_b])


@pytest.fixture
def lands_meanwhile(monkeypatch):
    """`lands_meanwhile(**values)`: another person's queue is saved right after the page's check passes."""
    def arrange(**rival):
        check = queue_services.queue_validate
        landed = []

        def check_then_rival_lands(**kwargs):
            values = check(**kwargs)
            if not landed:
                landed.append(Queue.objects.create(**rival))
            return values

        monkeypatch.setattr(queue_services, "queue_validate", check_then_rival_lands)
    return arrange


@pytest.mark.django_db
@pytest.mark.parametrize("rival, error", [
    ({"name": "Returns", "slug": "returns", "email": "back@support.example"}, "Another queue has this short name."),
    ({"name": "Returns desk", "slug": "ret", "email": "back@support.example"}, "Another queue has this name."),
    ({"name": "Returns", "slug": "ret", "email": "RETURNS@support.example"},
     "Another queue sends from this address"),
])
def test_a_queue_added_at_the_same_moment_is_a_form_error(client, adam, lands_meanwhile, rival, error):
    lands_meanwhile(**rival)
    client.force_login(adam)
    page = client.post(reverse("queues"), RETURNS)
    text = page.content.decode()
    assert page.status_code == 400 and error in text
    assert 'value="Returns desk"' in text and 'value="returns"' in text and 'value="returns@support.example"' in text
    assert list(Queue.objects.values_list("slug", flat=True)) == [rival["slug"]]  # the other person's, alone
    assert not AuditEntry.objects.filter(action="queue.create").exists()


@pytest.mark.django_db
def test_a_rename_racing_another_queue_of_that_name_is_a_form_error(client, lou, queue_b, lands_meanwhile):
    lands_meanwhile(name="Returns desk", slug="ret", email="ret@support.example")
    client.force_login(lou)
    page = client.post(reverse("queue_detail", args=[queue_b.slug]), {"name": "Returns desk", "email": queue_b.email})
    assert page.status_code == 400 and "Another queue has this name." in page.content.decode()
    assert 'value="Returns desk"' in page.content.decode()
    queue_b.refresh_from_db()
    assert queue_b.name == "Technical"


@pytest.mark.parametrize("second", [
    {"name": "Returns", "slug": "returns", "email": "back@support.example"},
    {"name": "Back office", "slug": "back", "email": "Returns@Support.example"},
])
@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_admins_adding_the_same_queue_at_once_get_one_queue_and_one_form_error(adam, second):
    other = _staff("ada", "Ada Realname", Role.ADMIN, "Lantern", [])
    results = at_once(lambda: queue_create(actor=adam, **RETURNS), lambda: queue_create(actor=other, **second))
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(refused) == 1 and isinstance(refused[0], ValidationError), results
    assert Queue.objects.count() == 1
    assert AuditEntry.objects.filter(action="queue.create").count() == 1


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite serialises writers; the race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_leads_taking_the_same_member_out_at_once_record_it_once(carol, adam, alice, queue_a):
    results = at_once(lambda: queue_member_remove(actor=carol, queue=queue_a, user=alice),
                      lambda: queue_member_remove(actor=adam, queue=queue_a, user=alice))
    assert sorted(type(r).__name__ for r in results) == ["ValidationError", "int"], results
    assert not queue_a.members.filter(pk=alice.pk).exists()
    assert AuditEntry.objects.filter(action="queue.member_remove").count() == 1


@pytest.mark.django_db
def test_the_django_admin_answers_the_same_race_with_a_form_error(client, adam, lands_meanwhile):
    lands_meanwhile(name="Returns", slug="returns", email="back@support.example")
    client.force_login(adam)
    page = client.post("/admin/tickets/queue/add/", RETURNS)
    text = page.content.decode()
    assert page.status_code == 200 and "Another queue has this short name." in text
    assert 'value="Returns desk"' in text and 'value="returns@support.example"' in text
    assert list(Queue.objects.values_list("name", flat=True)) == ["Returns"]
