"""The staff New ticket page: opens through tickets.intake, and the customer sees only what the gate published."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from redaction.models import Reply, VersionStatus
from redaction.services import reply_scan
from tickets.models import CUSTOMER_SUBJECT_PLACEHOLDER, Customer, MessageKind, Ticket

pytestmark = pytest.mark.django_db

URL = reverse("ticket_new")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(customer, **extra) -> dict:
    return {
        "customer": customer.pk if customer else "", "queue": "billing", "channel": "phone", "priority": "2",
        "subject": "Refund after your call", "body": "", "note": "", **extra,
    }


def _customer_page(dave, ticket) -> str:
    client = _client(dave)
    return client.get(reverse("portal")).content.decode() + client.get(
        reverse("portal_ticket", args=[ticket.reference])
    ).content.decode()


def test_the_page_lists_only_customers_and_queues_in_scope(alice, bob, dave, erin, dave_ticket, erin_ticket):
    html = _client(alice).get(URL).content.decode()
    assert "<h1>New ticket</h1>" in html
    assert "Dave Customer" in html and "Erin Customer" not in html
    assert 'value="billing"' in html and 'value="tech"' not in html
    found = _client(bob).get(URL, {"find": "dave"}).content.decode()
    assert "Dave Customer" not in found
    assert 'href="/inbox/new/"' in _client(alice).get(reverse("inbox")).content.decode()


def test_customers_get_a_404(dave):
    assert _client(dave).get(URL).status_code == 404


def test_a_leaky_first_reply_is_held_and_the_customer_sees_nothing(alice, dave, dave_ticket):
    body = "Hi Dave, Alicia Realname here. Erin had the same issue, erin@mail.example."
    response = _client(alice).post(URL, _form(dave.customer, subject="Call with Alicia Realname", body=body))
    ticket = Ticket.objects.exclude(pk=dave_ticket.pk).get()
    assert response.status_code == 302 and response.url == reverse("ticket_detail", args=[ticket.reference])
    assert not ticket.messages.exists()
    version = Reply.objects.get(ticket=ticket, author=alice).latest_version
    reply_scan(version_id=version.pk)
    version.refresh_from_db()
    assert version.status == VersionStatus.HELD
    shown = _customer_page(dave, ticket)
    assert str(CUSTOMER_SUBJECT_PLACEHOLDER) in shown
    assert "Alicia" not in shown and "erin@mail.example" not in shown and "Erin" not in shown
    staff_page = _client(alice).get(reverse("ticket_detail", args=[ticket.reference])).content.decode()
    assert "Call with Alicia Realname" in staff_page  # staff still see what they wrote
    assert f"they see “{CUSTOMER_SUBJECT_PLACEHOLDER}” until a reply carrying it passes" in staff_page


def test_a_clean_first_reply_reaches_the_customer_under_the_persona(
    alice, dave, dave_ticket, django_capture_on_commit_callbacks
):
    body = "Thanks for calling. We have refunded the duplicate charge; it shows in 3-5 days."
    _client(alice).post(URL, _form(dave.customer, body=body, note="Caller was upset about the double charge."))
    ticket = Ticket.objects.exclude(pk=dave_ticket.pk).get()
    version = Reply.objects.get(ticket=ticket).latest_version
    with django_capture_on_commit_callbacks(execute=True):
        reply_scan(version_id=version.pk)
    shown = _customer_page(dave, ticket)
    assert "Refund after your call" in shown and body in shown
    assert "Harbor Wren" in shown and "Alicia" not in shown
    assert "upset" not in shown
    kinds = list(ticket.messages.values_list("kind", flat=True))
    assert kinds == [MessageKind.INTERNAL_NOTE, MessageKind.PUBLIC_REPLY]


def test_a_new_customer_can_be_added_with_the_ticket(alice, queue_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = _form(None, customer_name="Pat Caller", customer_phone="+44 20 7946 0018", note="Walked in.")
    data["attachments"] = SimpleUploadedFile("form.txt", b"signed form")
    response = _client(alice).post(URL, data)
    assert response.status_code == 302
    ticket = Ticket.objects.get(customer__name="Pat Caller")
    assert ticket.messages.get().attachments.get().filename == "form.txt"


def test_bad_input_is_a_form_error_that_keeps_the_text(alice, dave, erin, dave_ticket, erin_ticket):
    client = _client(alice)
    bad_email = client.post(
        URL, _form(None, customer_name="Pat", customer_email="not-an-email", body="Kept reply text")
    )
    assert bad_email.status_code == 400
    html = bad_email.content.decode()
    assert "Enter a valid email address" in html and "Kept reply text" in html and "Refund after your call" in html
    outside = client.post(URL, _form(erin.customer, body="Hello"))
    assert outside.status_code == 400
    nothing = client.post(URL, _form(dave.customer))
    assert "Write the first reply to the customer, an internal note, or both." in nothing.content.decode()
    assert Ticket.objects.count() == 2
    assert not Customer.objects.filter(name="Pat").exists()


def test_a_ticket_the_intake_refuses_comes_back_with_what_was_typed(alice, dave, dave_ticket):
    """Neither a reply nor a note: `ticket_open` refuses it; the page says why beside the reply, keeping the rest."""
    response = _client(alice).post(URL, _form(dave.customer, subject="Kept subject line"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write the first reply to the customer, an internal note, or both." in html
    assert 'value="Kept subject line"' in html
    assert not Ticket.objects.filter(subject="Kept subject line").exists()


def test_a_new_customers_name_naming_staff_or_holding_a_number_is_refused_keeping_what_was_typed(alice, queue_a):
    client = _client(alice)
    for typed, phone, words in (
        ("Pat Caller (ask Alicia Realname)", "", "Alicia Realname"),
        ("Pat Caller 0412 345 678", "+61 412 345 678", "0412 345 678"),  # their own number, in national form
    ):
        response = client.post(URL, _form(None, customer_name=typed, customer_phone=phone, body="Kept reply text"))
        assert response.status_code == 400
        html = response.content.decode()
        assert "Customers read this name, so it cannot hold" in html and f"(“{words}”)" in html
        assert f'value="{typed}"' in html and "Kept reply text" in html and 'value="Refund after your call"' in html
    assert not Customer.objects.exists() and not Ticket.objects.exists()


def test_a_new_customers_name_may_share_a_first_name_or_a_whole_name_with_staff(alice, queue_a):
    client = _client(alice)
    for name in ("Alicia O'Connor-Núñez", "Alicia Realname", "Zoë d’Arcy"):
        response = client.post(URL, _form(None, customer_name=name, note="Walked in."))
        assert response.status_code == 302, response.content.decode()
    assert sorted(Customer.objects.values_list("name", flat=True)) == [
        "Alicia O'Connor-Núñez", "Alicia Realname", "Zoë d’Arcy",
    ]
