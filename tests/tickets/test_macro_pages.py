"""Leads write and preview macros for the queues they lead; admins also write the shared ones; the preview
fills only the safe placeholders; bad input is a form error that keeps what was typed; every save is audited."""
import pytest
from django.urls import reverse

from agents.models import AuditEntry, Role
from tests.conftest import _staff
from tickets.models import Macro

pytestmark = pytest.mark.django_db


@pytest.fixture
def lou(queue_b):
    return _staff("lou", "Louise Realname", Role.LEAD, "Grey Heron", [queue_b])


def test_a_lead_previews_then_saves_a_macro_for_their_queue(client, carol, queue_a):
    client.force_login(carol)
    data = {"name": "Refund sent", "queue": queue_a.pk,
            "body": "Hi {customer_first_name}, {agent_alias} here: your refund for {ticket_reference} is on its way."}
    preview = client.post(reverse("macros"), {**data, "action": "preview"})
    text = preview.content.decode()
    assert preview.status_code == 200 and not Macro.objects.exists()
    assert "Hi Dana, North Star here: your refund for T-1A2B3C4D is on its way." in text
    assert "Caroline" not in text and 'value="Refund sent"' in text
    assert client.post(reverse("macros"), {**data, "action": "save"}).status_code == 302
    macro = Macro.objects.get()
    assert (macro.name, macro.queue, macro.body) == ("Refund sent", queue_a, data["body"])
    entry = AuditEntry.objects.get(action="macro.create")
    assert entry.actor == carol and entry.data == {"name": "Refund sent", "queue": "billing"}


def test_an_unsafe_placeholder_is_a_form_error_that_keeps_the_text(client, carol, queue_a):
    client.force_login(carol)
    body = "Dear {customer_name}, we wrote to {customer_email}."
    for action in ("preview", "save"):
        page = client.post(reverse("macros"), {"name": "Leaky", "queue": queue_a.pk, "body": body, "action": action})
        text = page.content.decode()
        assert page.status_code == 400 and "Unknown placeholder {customer_name}" in text
        assert "Dear {customer_name}, we wrote to {customer_email}." in text
    assert not Macro.objects.exists()


def test_only_admins_write_shared_macros(client, carol, adam):
    client.force_login(carol)
    page = client.post(reverse("macros"), {"name": "Shared", "queue": "", "body": "Hello", "action": "save"})
    assert page.status_code == 400 and not Macro.objects.exists()
    client.force_login(adam)
    assert client.post(reverse("macros"), {"name": "Shared", "queue": "", "body": "Hello",
                                           "action": "save"}).status_code == 302
    assert Macro.objects.get().queue is None


def test_a_lead_cannot_edit_another_queues_macro(client, lou, queue_a, queue_b):
    theirs = Macro.objects.create(name="Billing hello", body="Hello", queue=queue_a)
    shared = Macro.objects.create(name="Shared hello", body="Hello")
    mine = Macro.objects.create(name="Tech hello", body="Hello", queue=queue_b)
    client.force_login(lou)
    listing = client.get(reverse("macros")).content.decode()
    assert f'data-macro="{mine.pk}"' in listing
    assert f'data-macro="{theirs.pk}"' not in listing and f'data-macro="{shared.pk}"' not in listing
    for macro in (theirs, shared):
        url = reverse("macro_edit", args=[macro.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "x", "queue": queue_b.pk, "body": "Mine", "action": "save"}).status_code == 404
    moved = client.post(reverse("macro_edit", args=[mine.pk]),
                        {"name": "Tech hello", "queue": queue_a.pk, "body": "Moved", "action": "save"})
    assert moved.status_code == 400  # queue A is not one lou leads
    theirs.refresh_from_db(), mine.refresh_from_db()
    assert theirs.body == "Hello" and mine.body == "Hello"
    assert client.post(reverse("macro_edit", args=[mine.pk]),
                       {"name": "Tech hello", "queue": queue_b.pk, "body": "Hi {customer_handle}",
                        "action": "save"}).status_code == 302
    mine.refresh_from_db()
    assert mine.body == "Hi {customer_handle}" and AuditEntry.objects.filter(action="macro.update").count() == 1


def test_an_agent_finds_no_macro_pages(client, alice, queue_a):
    macro = Macro.objects.create(name="Billing hello", body="Hello", queue=queue_a)
    client.force_login(alice)
    assert client.get(reverse("macros")).status_code == 404
    assert client.post(reverse("macro_edit", args=[macro.pk]),
                       {"name": "x", "queue": queue_a.pk, "body": "x", "action": "save"}).status_code == 404


def test_the_macro_list_costs_a_bounded_number_of_queries(client, adam, queue_a, queue_b,
                                                          django_assert_max_num_queries):
    for n in range(15):
        Macro.objects.create(name=f"Macro {n}", body="Hello", queue=(queue_a, queue_b, None)[n % 3])
    client.force_login(adam)
    client.get(reverse("macros"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("macros")).content.decode()
    assert page.count("data-macro=") == 15
