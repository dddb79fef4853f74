"""Files on an internal note from the ticket page: the file-type policy by content, staff-only downloads, a refused
file a form error that keeps the note's text."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import samples
from tickets.models import Attachment, MessageKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def note_url(ticket) -> str:
    return reverse("ticket_note_add", args=[ticket.reference])


def test_an_agent_attaches_files_to_a_note_that_only_staff_reach(client, alice, dave, dave_ticket):
    client.force_login(alice)
    data = samples.pdf("Ledger", "Refund id 42")
    page = client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="note-attachments"' in page
    response = client.post(note_url(dave_ticket), {"note-body": "Ledger attached",
                                                   "note-attachments": [SimpleUploadedFile("ledger.pdf", data)]})
    assert response.status_code == 302
    note = dave_ticket.messages.get(kind=MessageKind.INTERNAL_NOTE)
    attachment = note.attachments.get()
    assert (attachment.filename, attachment.content_type, attachment.size) == ("ledger.pdf", "application/pdf",
                                                                              len(data))
    url = reverse("attachment_download", args=[attachment.pk])
    assert url in client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert client.get(url).status_code == 200
    client.force_login(dave)
    assert url not in client.get(reverse("portal_ticket", args=[dave_ticket.reference])).content.decode()
    assert client.get(url).status_code == 404


def test_a_refused_file_is_a_form_error_that_keeps_the_note(client, alice, dave_ticket):
    client.force_login(alice)
    response = client.post(note_url(dave_ticket), {
        "note-body": "See the attached tool", "note-attachments": [SimpleUploadedFile("tool.pdf", samples.EXE)],
    }, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "tool.pdf was not accepted: it is a Windows program." in html
    assert "See the attached tool" in html
    assert not dave_ticket.messages.filter(kind=MessageKind.INTERNAL_NOTE).exists()
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(client, alice, dave_ticket, settings):
    settings.TACT_LIMITS = {**settings.TACT_LIMITS, "ATTACHMENT_MAX_BYTES": 2048}
    client.force_login(alice)
    response = client.post(note_url(dave_ticket), {"note-body": "Big log",
                                                   "note-attachments": [SimpleUploadedFile("big.txt", b"x" * 4096)]})
    assert "big.txt is 4,096 bytes; files are limited to 2,048 bytes." in response.content.decode()
    assert not Attachment.objects.exists()


def test_another_queues_agent_cannot_add_a_note_with_files(client, bob, dave_ticket):
    client.force_login(bob)
    response = client.post(note_url(dave_ticket), {"note-body": "x",
                                                   "note-attachments": [SimpleUploadedFile("a.txt", b"hello")]})
    assert response.status_code == 404 and not Attachment.objects.exists()
