"""tickets.intake: one routing for every new ticket, and what each kind of opener's words become."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import QueueFactory
from tickets import intake
from tickets.models import Channel, MessageKind, Priority, Ticket

pytestmark = pytest.mark.django_db


def _open_by_portal(user) -> Ticket:
    client = Client()
    client.force_login(user)
    response = client.post(reverse("portal_new"), {"subject": "Route me", "body": "Where does this go?"})
    assert response.status_code == 302
    return Ticket.objects.filter(subject="Route me").latest("pk")


def _open_by_api(user) -> Ticket:
    client = APIClient()
    client.force_authenticate(user)
    response = client.post("/api/tickets/", {"subject": "Route me", "body": "Where does this go?"}, format="json")
    assert response.status_code == 201, response.content
    return Ticket.objects.get(reference=response.json()["reference"])


@pytest.mark.parametrize("open_ticket", [_open_by_portal, _open_by_api], ids=["portal", "api"])
def test_portal_and_api_route_a_customers_ticket_alike(open_ticket, dave, queue_a, queue_b):
    portal_queue = QueueFactory(name="Portal", slug="portal")
    first = open_ticket(dave)
    assert (first.queue, first.channel, first.priority) == (portal_queue, Channel.PORTAL, Priority.NORMAL)
    first.queue = queue_b
    first.save()
    again = open_ticket(dave)  # the queue that handled their latest ticket
    assert again.queue == queue_b
    assert again.first_response_due is not None
    assert again.messages.get().kind == MessageKind.CUSTOMER


def test_staff_files_go_with_the_internal_note_never_to_the_customer(alice, dave, dave_ticket, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("Alicia Realname call notes.txt", b"notes")
    ticket = intake.ticket_open(
        opened_by=alice, customer=dave.customer, queue=dave_ticket.queue, subject="Call",
        note="Called about the refund.", files=[upload],
    )
    note = ticket.messages.get()
    assert note.kind == MessageKind.INTERNAL_NOTE
    attachment = note.attachments.get()
    client = Client()
    client.force_login(dave)
    assert client.get(reverse("attachment_download", args=[attachment.pk])).status_code == 404
    page = client.get(reverse("portal_ticket", args=[ticket.reference])).content.decode()
    assert "Alicia" not in page and "call notes" not in page


def test_staff_files_without_a_note_are_refused(alice, dave, dave_ticket):
    with pytest.raises(ValidationError) as exc:
        intake.ticket_open(
            opened_by=alice, customer=dave.customer, queue=dave_ticket.queue, subject="Call", body="Hello",
            files=[SimpleUploadedFile("a.txt", b"x")],
        )
    assert "attachments" in exc.value.message_dict
    assert not Ticket.objects.filter(subject="Call").exists()


def test_staff_add_a_new_customer_while_opening(alice, queue_a):
    ticket = intake.ticket_open(
        opened_by=alice, new_customer=intake.NewCustomer(name="  Pat  Caller ", phone="+44 20 7946 0018"),
        queue=queue_a, subject="First call", note="Walked in asking about plans.",
    )
    assert (ticket.customer.name, ticket.customer.phones, ticket.channel) == (
        "Pat Caller", ["+44 20 7946 0018"], Channel.PHONE
    )
    assert ticket.subject_public is False


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"new_customer": intake.NewCustomer(name="")}, "customer_name"),
        ({"new_customer": intake.NewCustomer(name="Pat", email="not-an-email")}, "customer_email"),
        ({"new_customer": intake.NewCustomer(name="Pat, c/o alice@home.example")}, "customer_name"),
        ({"customer": None}, "customer"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_staff_opening_refuses_bad_choices_by_field(alice, dave, queue_a, kwargs, field):
    arguments = {"customer": dave.customer, "queue": queue_a, "subject": "S", "note": "N", **kwargs}
    with pytest.raises(ValidationError) as exc:
        intake.ticket_open(opened_by=alice, **arguments)
    assert field in exc.value.message_dict


def test_staff_cannot_open_in_a_queue_they_are_not_in(bob, dave, dave_ticket, queue_a):
    with pytest.raises(ValidationError) as exc:
        intake.ticket_open(opened_by=bob, customer=dave.customer, queue=queue_a, subject="S", note="N")
    assert set(exc.value.message_dict) == {"customer", "queue"}


def test_tickets_staff_opened_before_the_gate_stop_showing_their_words(alice, dave, dave_ticket):
    from importlib import import_module

    from django.apps import apps

    from tests.factories import MessageFactory, TicketFactory
    from tickets.models import CUSTOMER_SUBJECT_PLACEHOLDER, TicketEvent

    legacy = TicketFactory(customer=dave.customer, queue=dave_ticket.queue, subject="Alicia Realname called")
    MessageFactory(ticket=legacy, body="Per Alicia Realname, erin@mail.example had this too.")
    TicketEvent.objects.create(ticket=legacy, actor=alice, kind="created", data={"channel": "phone"})
    TicketEvent.objects.create(ticket=dave_ticket, actor=dave, kind="created", data={"channel": "portal"})
    import_module("tickets.migrations.0008_staff_opened_tickets_private").staff_openings_private(apps, None)

    legacy.refresh_from_db()
    assert legacy.subject_public is False
    assert legacy.messages.get().kind == MessageKind.INTERNAL_NOTE
    assert legacy.messages.get().author_user == alice
    assert dave_ticket.messages.get().kind == MessageKind.CUSTOMER
    client = Client()
    client.force_login(dave)
    page = client.get(reverse("portal_ticket", args=[legacy.reference])).content.decode()
    assert str(CUSTOMER_SUBJECT_PLACEHOLDER) in page and "Alicia" not in page and "erin@mail.example" not in page


def test_without_the_gate_a_staff_reply_is_refused_not_stored(alice, dave, dave_ticket, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setattr(intake, "_public_reply_submit", None)
    with pytest.raises(ImproperlyConfigured):
        intake.ticket_open(opened_by=alice, customer=dave.customer, queue=dave_ticket.queue, subject="S", body="Hi")
    assert not Ticket.objects.filter(subject="S").exists()
