"""Attachment downloads: only for someone who may read the ticket, never a note's file to a customer."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(attachment):
    return reverse("attachment_download", args=[attachment.pk])


def test_customer_downloads_their_attachment_as_a_download(dave_client, dave_attachment):
    response = dave_client.get(url(dave_attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"receipt contents"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="receipt.txt"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_other_customer_gets_404(erin_client, dave_attachment):
    assert erin_client.get(url(dave_attachment)).status_code == 404


def test_customer_gets_404_for_a_note_attachment_on_their_own_ticket(dave_client, note_attachment):
    assert dave_client.get(url(note_attachment)).status_code == 404


def test_staff_in_the_queue_may_download_note_attachments(client, alice, note_attachment):
    client.force_login(alice)
    response = client.get(url(note_attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"internal only"


def test_staff_outside_the_queue_get_404(client, bob, dave_attachment):
    client.force_login(bob)
    assert client.get(url(dave_attachment)).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, dave_attachment):
    response = client.get(url(dave_attachment))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_missing_file_on_disk_is_404_not_500(dave_client, dave_attachment):
    dave_attachment.file.delete(save=False)
    assert dave_client.get(url(dave_attachment)).status_code == 404


def test_thread_links_to_the_customers_attachment(dave_client, dave_ticket, dave_attachment):
    html = dave_client.get(reverse("portal_ticket", args=[dave_ticket.reference])).content.decode()
    assert url(dave_attachment) in html
    assert "receipt.txt" in html
