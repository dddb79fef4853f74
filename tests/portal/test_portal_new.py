"""Opening a ticket from the portal: portal channel, automatic queue, limits that keep what was typed."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import QueueFactory
from tests.samples import PNG
from tickets.models import Channel, Ticket

pytestmark = pytest.mark.django_db


def upload(name="photo.png", size=10, content_type="image/png"):
    """A real PNG (the file-type policy reads the bytes), padded to `size`."""
    return SimpleUploadedFile(name, PNG + b"\x00" * max(0, size - len(PNG)), content_type=content_type)


def test_form_is_shown_with_the_attachment_limits(dave_client, queue_a):
    html = dave_client.get(reverse("portal_new")).content.decode()
    assert 'name="subject"' in html
    assert "Up to 5 files" in html


def test_opening_a_ticket_uses_the_portal_channel_and_the_first_queue(dave_client, dave, queue_a, queue_b):
    response = dave_client.post(
        reverse("portal_new"),
        {"subject": "Cannot log in", "body": "Password reset never arrives.", "attachments": [upload()]},
    )
    ticket = Ticket.objects.get(subject="Cannot log in")
    assert response.status_code == 302
    assert response.url == reverse("portal_ticket", args=[ticket.reference])
    assert ticket.customer == dave.customer
    assert ticket.channel == Channel.PORTAL
    assert ticket.queue == min(queue_a, queue_b, key=lambda q: q.pk)
    first = ticket.messages.get()
    assert first.body == "Password reset never arrives."
    assert [a.filename for a in first.attachments.all()] == ["photo.png"]


def test_a_queue_named_portal_takes_new_tickets(dave_client, queue_a):
    portal_queue = QueueFactory(name="Portal", slug="portal")
    dave_client.post(reverse("portal_new"), {"subject": "Hello", "body": "Hi there."})
    assert Ticket.objects.get(subject="Hello").queue == portal_queue


def test_missing_subject_keeps_the_typed_message(dave_client, queue_a):
    response = dave_client.post(reverse("portal_new"), {"subject": "", "body": "My carefully typed story."})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the ticket a subject." in html
    assert "My carefully typed story." in html
    assert not Ticket.objects.exists()


def test_oversized_file_names_the_limit_and_keeps_the_text(dave_client, queue_a, settings):
    settings.TACT_LIMITS = {**settings.TACT_LIMITS, "ATTACHMENT_MAX_BYTES": 1024}
    response = dave_client.post(
        reverse("portal_new"),
        {"subject": "Invoice wrong", "body": "See the scan.", "attachments": [upload("scan.pdf", 5000)]},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "scan.pdf is 5,000 bytes; files are limited to 1,024 bytes." in html
    assert 'value="Invoice wrong"' in html
    assert "See the scan." in html
    assert "choose them again" in html
    assert not Ticket.objects.exists()


def test_too_many_files_is_refused(dave_client, queue_a):
    files = [upload(f"f{n}.png") for n in range(6)]
    data = {"subject": "Lots", "body": "Files.", "attachments": files}
    response = dave_client.post(reverse("portal_new"), data)
    assert response.status_code == 400
    assert "Attach at most 5 files" in response.content.decode()
    assert not Ticket.objects.exists()


def test_no_queue_at_all_is_a_form_error_not_a_500(dave_client):
    response = dave_client.post(reverse("portal_new"), {"subject": "Hi", "body": "Anyone?"})
    assert response.status_code == 400
    assert "not accepting new tickets" in response.content.decode()
    assert "Anyone?" in response.content.decode()


def test_staff_are_sent_to_the_inbox(client, alice):
    client.force_login(alice)
    response = client.get(reverse("portal_new"))
    assert response.status_code == 302
    assert response.url == reverse("inbox")


def test_anonymous_visitor_is_sent_to_login(client, queue_a):
    response = client.post(reverse("portal_new"), {"subject": "Hi", "body": "Hi"})
    assert response.status_code in (302, 403)
    assert not Ticket.objects.exists()
