"""The file-type policy: content decides, names must agree, active content and archives never get in."""
from email.message import EmailMessage

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mailroom.models import Outcome, Source
from mailroom.services import email_ingest
from tests import samples
from tickets.filetypes import FileRefused, file_sniff
from tickets.models import Ticket

PDF = samples.pdf("Invoice 4471")
DOCX = samples.docx("Meeting notes")


@pytest.mark.parametrize(
    ("name", "data", "kind", "content_type"),
    [
        ("invoice.pdf", PDF, "pdf", "application/pdf"),
        ("notes.docx", DOCX, "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("orders.csv", "name;amount\nJosé;12,50\n".encode("cp1252"), "csv", "text/csv"),
        ("orders.CSV", b"a,b\n1,2\n", "csv", "text/csv"),
        ("log.txt", "\ufeffstarted ✓\n".encode(), "txt", "text/plain"),
        ("shot.png", samples.PNG, "png", "image/png"),
        ("photo.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg", "image/jpeg"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00", "gif", "image/gif"),
        ("pic.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp", "image/webp"),
    ],
)
def test_accepted_kinds_are_recognised_by_content(name, data, kind, content_type):
    sniffed = file_sniff(name, data)
    assert (sniffed.kind, sniffed.content_type) == (kind, content_type)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("invoice.pdf", samples.EXE, "Windows program"),
        ("tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 20, "Linux program"),
        ("app.png", b"\xcf\xfa\xed\xfe" + b"\x00" * 20, "macOS program"),
        ("run.txt", b"#!/bin/sh\nrm -rf ~\n", "script"),
        ("page.txt", b"  <!DOCTYPE html><html><script>alert(1)</script></html>", "active content"),
        ("logo.txt", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "active content"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "active content"),
        ("app.js", b"alert(document.cookie)", "name has .js"),
        ("report.docm", samples.docx("Quarterly", macros=True), "macro"),
        ("report.docx", samples.docx("Quarterly", macros=True), "macros"),
        ("bundle.zip", samples.zip_archive(), "archives"),
        ("bundle.docx", samples.zip_archive(), "archives"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "older Office file"),
        ("logs.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip"),
        ("photo.jpg", samples.PNG, "content is PNG but its name has .jpg"),
        ("scan.png", PDF, "content is PDF but its name has .png"),
        ("notes.csv", DOCX, "content is DOCX"),
        ("data.bin", b"\x00\x01\x02\x03", "not a kind"),
        ("README", b"plain words", "no extension"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_refused_files_say_why(name, data, reason):
    with pytest.raises(FileRefused, match=reason):
        file_sniff(name, data)


@pytest.mark.django_db
def test_portal_upload_of_a_renamed_program_is_a_form_error_that_keeps_the_text(client, dave, queue_a, settings,
                                                                                  tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(dave)
    upload = SimpleUploadedFile("invoice.pdf", samples.EXE, content_type="application/pdf")
    response = client.post(reverse("portal_new"),
                           {"subject": "Billing", "body": "My words stay here.", "attachments": [upload]})
    html = response.content.decode()
    assert response.status_code == 400
    assert "invoice.pdf was not accepted: it is a Windows program." in html
    assert "My words stay here." in html
    assert not Ticket.objects.filter(subject="Billing").exists()


@pytest.mark.django_db
def test_portal_upload_stores_the_sniffed_content_type(client, dave, queue_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(dave)
    upload = SimpleUploadedFile("invoice.pdf", PDF, content_type="text/html")
    client.post(reverse("portal_new"), {"subject": "Billing", "body": "See attached.", "attachments": [upload]})
    attachment = Ticket.objects.get(subject="Billing").messages.get().attachments.get()
    assert attachment.content_type == "application/pdf"


@pytest.mark.django_db
def test_staff_note_upload_follows_the_policy(client, alice, dave, dave_ticket, queue_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    data = {"customer": dave.customer.pk, "queue": queue_a.slug, "channel": "phone", "priority": 2,
            "subject": "Call", "body": "", "note": "Caller sent a form.",
            "attachments": SimpleUploadedFile("form.txt", b"<html><body>x</body></html>")}
    response = client.post(reverse("ticket_new"), data)
    assert response.status_code == 400
    assert "form.txt was not accepted: it is a web page" in response.content.decode()
    assert "Caller sent a form." in response.content.decode()


@pytest.mark.django_db
def test_email_with_a_refused_attachment_is_taken_in_and_the_file_dropped_with_a_note(queue_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    message = EmailMessage()
    message["From"] = "Dave Customer <dave@mail.example>"
    message["To"] = "billing@support.example"
    message["Subject"] = "Invoice attached"
    message.set_content("Here is the invoice.")
    message.add_attachment(samples.EXE, maintype="application", subtype="pdf", filename="invoice.pdf")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="real.pdf")
    inbound = email_ingest(raw=message.as_bytes(), source=Source.FILE).inbound
    assert inbound.outcome == Outcome.OPENED
    stored = {a.filename: a for a in inbound.message.attachments.all()}
    assert set(stored) == {"real.pdf", "files-not-stored.txt", "original.eml"}
    assert stored["real.pdf"].content_type == "application/pdf"
    note = stored["files-not-stored.txt"].file.read().decode()
    assert "- invoice.pdf: refused, it is a Windows program" in note
