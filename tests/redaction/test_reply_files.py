"""Files on public replies go through the gate: names and text scanned with the body, frozen with the version,
published as the customer's attachments only when the scan of exactly those bytes was clean."""
import hashlib
import io
import struct

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

from redaction import gate
from redaction import worker as gate_worker
from redaction.imagestrip import image_strip
from redaction.models import ReplyFile, VersionStatus
from redaction.publication import PublishRefused, reply_override
from redaction.replyfiles import Unreadable, file_text
from tests import samples
from tests.redaction.conftest import CLEAN
from tickets.filetypes import Sniffed
from tickets.models import Attachment, MessageKind
from tickets.tasks import send_notification

pytestmark = pytest.mark.django_db

LEAK = "erin@mail.example"  # another customer's address: a leak on dave's ticket


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def send(rung, django_capture_on_commit_callbacks):
    def _send(ticket, author, body=CLEAN, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return gate.reply_submit(ticket=ticket, author=author, body=body, **kwargs)

    return _send


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("invoice.pdf", samples.pdf("Your invoice", f"Write to {LEAK}")),
        ("notes.docx", samples.docx("Meeting notes", f"Their address is {LEAK}")),
        ("orders.csv", f"name;email\nJosé;{LEAK}\n".encode("cp1252")),
        ("log.txt", f"caller {LEAK}\n".encode()),
    ],
)
def test_a_leak_inside_a_file_holds_the_reply_and_names_the_file(alice, dave_ticket, send, worker, name, data):
    version = worker(send(dave_ticket, alice, files=[upload(name, data)]))
    assert version.status == VersionStatus.HELD
    findings = version.latest_scan().findings
    assert {f.get("part") for f in findings} == {f"file: {name}"}
    page = _client(alice).get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert f"In the file “{name}”, “{LEAK}”" in page
    assert not dave_ticket.messages.filter(kind=MessageKind.PUBLIC_REPLY).exists()
    assert not Attachment.objects.filter(filename=name).exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.docx", samples.docx("Meeting notes", creator="Alicia Realname")),
        ("notes.docx", samples.docx("Meeting notes", creator="Harbor Wren", deleted=f"Their address is {LEAK}")),
        ("steps.pdf", samples.pdf_annotated("Restart the router.", author="Alicia Realname")),
        ("steps.pdf", samples.pdf_annotated("Restart the router.", author="Harbor Wren", comment=f"Ask {LEAK}")),
        ("steps.pdf", samples.pdf_annotated("Write to us.", author="Harbor Wren", link=f"mailto:{LEAK}")),
        ("notes.docx", samples.docx("Write to us.", link=f"mailto:{LEAK}")),
    ],
)
def test_what_a_file_holds_besides_its_text_is_scanned_too(alice, dave_ticket, send, worker, name, data):
    """The author in a document's properties (Word and PDF writers fill it with the account's real name), a
    tracked deletion and a PDF's sticky note are read by anyone who opens the file: scanned like its text."""
    version = worker(send(dave_ticket, alice, files=[upload(name, data)]))
    assert version.status == VersionStatus.HELD
    assert {f.get("part") for f in version.latest_scan().findings} == {f"file: {name}"}
    assert not dave_ticket.messages.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_a_file_whose_properties_name_the_persona_is_published(alice, dave_ticket, send, worker):
    data = samples.docx("Restart the router.", creator="Harbor Wren")
    version = worker(send(dave_ticket, alice, files=[upload("steps.docx", data)]))
    assert version.status == VersionStatus.PUBLISHED
    assert "Harbor Wren" in version.files.get().text


@pytest.mark.parametrize(("name", "data"), [
    ("home.jpg", samples.jpeg((0xE1, b"Exif\x00\x00" + samples.exif_tiff(artist="Alicia Realname",
                                                                         latitude=(51, 30, 26))))),
    ("home.png", samples.PNG[:33] + samples.png_chunk(b"eXIf", samples.exif_tiff(latitude=(51, 30, 26)))
     + samples.png_chunk(b"tEXt", b"Author\x00Alicia Realname") + samples.PNG[33:]),
])
def test_a_photo_goes_out_without_where_it_was_taken_or_who_took_it(alice, dave_ticket, send, worker, name, data):
    """A phone photo taken at home carries the home's position (EXIF GPS) and the owner's name: the customer's
    copy has neither, and the frozen hash, size and scanned text are of that copy."""
    latitude = struct.pack("<IIIIII", 51, 1, 30, 1, 26, 1)
    assert latitude in data
    version = worker(send(dave_ticket, alice, files=[upload(name, data)]))
    assert version.status == VersionStatus.PUBLISHED
    stored = version.files.get()
    with stored.file.open("rb") as handle:
        sent = handle.read()
    assert latitude not in sent and b"Alicia" not in sent
    assert sent == image_strip("jpeg" if name.endswith(".jpg") else "png", data)
    assert stored.sha256 == hashlib.sha256(sent).hexdigest() and stored.size == len(sent) and stored.text == ""
    published = Attachment.objects.get(filename=name)
    with published.file.open("rb") as handle:
        assert handle.read() == sent


def test_a_leak_in_a_file_name_holds_the_reply(alice, dave_ticket, send, worker):
    name = f"mail {LEAK}.png"
    version = worker(send(dave_ticket, alice, files=[upload(name, samples.PNG)]))
    assert version.status == VersionStatus.HELD
    assert [f["part"] for f in version.latest_scan().findings] == [f"file name: {name}"]
    assert version.files.get().text == ""  # an image without metadata: its name is all there is to scan
    page = _client(alice).get(reverse("gate:version", args=[version.pk])).content.decode()
    assert f"In the name of the file “{name}”" in page


def test_a_clean_file_is_published_for_this_customer_only(alice, dave, erin, dave_ticket, send, worker, notified):
    data = samples.pdf("Refund confirmation", "Amount: 12.50 EUR")
    version = worker(send(dave_ticket, alice, files=[upload("refund.pdf", data)]))
    assert version.status == VersionStatus.PUBLISHED
    message = dave_ticket.messages.get(kind=MessageKind.PUBLIC_REPLY)
    attachment = message.attachments.get()
    assert (attachment.filename, attachment.content_type, attachment.size) == ("refund.pdf", "application/pdf",
                                                                              len(data))
    assert attachment.file.name == version.files.get().file.name  # the scanned file, not a copy
    url = reverse("attachment_download", args=[attachment.pk])
    portal = _client(dave).get(reverse("portal_ticket", args=[dave_ticket.reference])).content.decode()
    assert url in portal
    download = _client(dave).get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == data
    assert _client(erin).get(url).status_code == 404
    staff_page = _client(alice).get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert url in staff_page
    send_notification(notified[-1])
    email = mail.outbox[-1]
    assert "- refund.pdf" in email.body and "Alicia" not in email.body and not email.attachments


def test_each_file_is_read_once_and_what_was_read_is_stored_and_scanned(alice, dave_ticket, send, monkeypatch):
    data = {"steps.pdf": samples.pdf("Restart the router."), "log.txt": b"line one\nline two\n"}
    uploads = [samples.CountedUpload(name, content) for name, content in data.items()]
    sniffed = samples.sniffs_counted(monkeypatch)
    version = send(dave_ticket, alice, files=uploads)
    assert [u.reads for u in uploads] == [1, 1]  # checked, extracted, hashed and stored from one read
    assert sniffed == ["steps.pdf", "log.txt"]
    for stored in version.files.order_by("pk"):
        with stored.file.open("rb") as handle:
            assert handle.read() == data[stored.filename]
        assert stored.sha256 == hashlib.sha256(data[stored.filename]).hexdigest() and stored.size == len(
            data[stored.filename])
    assert "Restart the router." in version.files.get(filename="steps.pdf").text


def test_files_carry_over_to_the_next_version_and_can_be_removed(alice, dave_ticket, send, worker):
    held = worker(send(dave_ticket, alice, body=f"Call me on {LEAK}.",
                       files=[upload("a.txt", b"first file"), upload("b.txt", b"second file")]))
    assert held.status == VersionStatus.HELD
    draft = gate.draft_save(ticket=dave_ticket, author=alice, body=CLEAN)
    assert draft.number == held.number + 1
    carried = list(draft.files.order_by("pk"))
    assert [f.filename for f in carried] == ["a.txt", "b.txt"]
    assert [f.file.name for f in carried] == [f.file.name for f in held.files.order_by("pk")]
    assert held.files.count() == 2  # the held version keeps its own record
    again = worker(send(dave_ticket, alice, remove_files=[carried[0].pk], files=[upload("c.csv", b"x,y\n1,2\n")]))
    assert again.pk == draft.pk and again.status == VersionStatus.PUBLISHED
    names = dave_ticket.messages.get(kind=MessageKind.PUBLIC_REPLY).attachments.values_list("filename", flat=True)
    assert sorted(names) == ["b.txt", "c.csv"]


def test_a_file_swapped_after_the_scan_is_not_published(alice, dave_ticket, send, notified):
    version = send(dave_ticket, alice, files=[upload("report.txt", b"all fine here")])
    claimed = gate_worker._claim(version.pk)
    scanned = gate_worker._scan_all(claimed)
    stored = version.files.get().file
    with open(stored.path, "wb") as handle:  # the bytes on disk change between the scan and the decision
        handle.write(f"call {LEAK}".encode())
    gate_worker._decide(scanned)
    version.refresh_from_db()
    assert version.status == VersionStatus.HELD
    assert "A file changed after it was scanned" in version.latest_scan().error
    assert not dave_ticket.messages.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_a_lead_cannot_override_a_hold_once_a_file_was_swapped(alice, carol, dave_ticket, send, worker):
    version = worker(send(dave_ticket, alice, files=[upload("n.txt", f"ring {LEAK}".encode())]))
    assert version.status == VersionStatus.HELD
    with open(version.files.get().file.path, "wb") as handle:
        handle.write(b"something else entirely")
    with pytest.raises(PublishRefused, match="A file changed"):
        reply_override(version=version, lead=carol, reason="Checked the file by hand.")
    assert not dave_ticket.messages.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_an_override_publishes_the_held_files(alice, carol, dave_ticket, send, worker, notified):
    version = worker(send(dave_ticket, alice, files=[upload("n.txt", f"ring {LEAK}".encode())]))
    message = reply_override(version=version, lead=carol, reason="Our own switchboard number.")
    assert list(message.attachments.values_list("filename", flat=True)) == ["n.txt"]


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("locked.pdf", samples.encrypted_pdf("secret"), "locked.pdf cannot go out: it is encrypted"),
        ("broken.pdf", b"%PDF-1.4\nnot really a pdf", "broken.pdf cannot go out: its text cannot be read"),
        ("broken.docx", samples.docx("<unclosed"), "broken.docx cannot go out: its text cannot be read"),
        ("sheet.xlsx", samples.xlsx(), "spreadsheets cannot be checked yet"),
        ("app.pdf", samples.EXE, "app.pdf was not accepted: it is a Windows program"),
        ("pack.pdf", samples.pdf_annotated("See inside.", author="Harbor Wren", embedded=f"Ask {LEAK}".encode()),
         "pack.pdf cannot go out: it holds files of its own"),
        ("chart.docx", samples.docx("See the chart.", embedded=True), "chart.docx cannot go out: it holds files of"),
        ("cut.jpg", samples.jpeg_with_artist("Alicia Realname")[:24], "cut.jpg cannot go out: its details (such"),
    ],
)
def test_a_file_that_cannot_be_scanned_is_refused_at_send(alice, dave_ticket, send, name, data, error):
    with pytest.raises(Exception) as refused:
        send(dave_ticket, alice, files=[upload(name, data)])
    assert error in str(refused.value)
    assert not ReplyFile.objects.exists()


def test_a_file_with_more_text_than_the_cap_is_refused_not_partly_scanned(alice, dave_ticket, send, settings):
    settings.TACT_REDACTION = {"FILE_TEXT_MAX_CHARS": 100}
    with pytest.raises(Exception, match="long.txt holds 101 characters of text"):
        send(dave_ticket, alice, files=[upload("long.txt", b"x" * 101)])


@pytest.mark.parametrize(
    ("files", "error"),
    [
        ([("invoice.pdf", samples.EXE)], "invoice.pdf was not accepted: it is a Windows program."),
        ([("page.txt", b"<html><script>x</script></html>")], "page.txt was not accepted: it is a web page"),
        ([("empty.txt", b"")], "empty.txt was not accepted: it is empty."),
        ([("big.txt", b"x" * 2049)], "big.txt is 2,049 bytes; files are limited to 2,048 bytes."),
        ([(f"{n}.txt", b"x") for n in range(6)], "Attach at most 5 files to one message."),
        ([("locked.pdf", samples.encrypted_pdf("secret"))], "locked.pdf cannot go out: it is encrypted"),
        ([("broken.pdf", b"%PDF-1.4\nnot really a pdf")], "broken.pdf cannot go out: its text cannot be read"),
        ([("sheet.xlsx", samples.xlsx())], "sheet.xlsx cannot go out: spreadsheets cannot be checked yet"),
        ([("long.txt", b"x" * 101)], "long.txt holds 101 characters of text; files on a reply are limited to 100"),
    ],
)
def test_the_composer_refuses_a_file_with_a_form_error_and_keeps_the_text(alice, dave_ticket, rung, settings,
                                                                          files, error):
    settings.TACT_LIMITS = {**settings.TACT_LIMITS, "ATTACHMENT_MAX_BYTES": 2048}
    settings.TACT_REDACTION = {"FILE_TEXT_MAX_CHARS": 100}
    body = "Here is what I typed, keep it."
    response = _client(alice).post(
        reverse("gate:send", args=[dave_ticket.reference]),
        {"body": body, "attachments": [upload(name, data) for name, data in files]},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'class="errors" role="alert"' in html
    assert error in html and body in html
    assert not ReplyFile.objects.exists() and not rung


def test_the_composer_sends_files_and_lists_them(alice, dave_ticket, rung):
    client = _client(alice)
    page = client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert 'enctype="multipart/form-data"' in page and "Images go out without their details" in page
    client.post(reverse("gate:send", args=[dave_ticket.reference]),
                {"body": CLEAN, "attachments": [upload("steps.docx", samples.docx("Restart the router."))]})
    reply_file = ReplyFile.objects.get()
    assert reply_file.text == "Restart the router."
    assert reply_file.version.status == VersionStatus.PENDING and reply_file.version.files_sha256
    composer = client.get(reverse("gate:composer", args=[dave_ticket.reference])).content.decode()
    assert reverse("gate:file", args=[reply_file.pk]) in composer
    assert client.get(reverse("gate:file", args=[reply_file.pk])).status_code == 200


def test_a_reply_file_is_a_download_no_browser_runs_and_a_lost_one_is_404(alice, dave_ticket, send):
    version = send(dave_ticket, alice, files=[upload("notes.txt", b"Restart the router.")])
    stored = version.files.get()
    response = _client(alice).get(reverse("gate:file", args=[stored.pk]))
    assert response["Content-Disposition"].startswith("attachment;") and "notes.txt" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"
    stored.file.storage.delete(stored.file.name)
    assert _client(alice).get(reverse("gate:file", args=[stored.pk])).status_code == 404


def test_reply_files_are_staff_only_and_scoped(alice, bob, dave, dave_ticket, send):
    version = send(dave_ticket, alice, files=[upload("a.txt", b"hello")])
    url = reverse("gate:file", args=[version.files.get().pk])
    assert _client(bob).get(url).status_code == 404  # another queue
    assert _client(dave).get(url).status_code in (302, 403, 404)  # a customer never reaches staff files


def test_a_pdf_with_a_file_attached_to_a_page_note_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(samples.pdf("See the note."))))
    writer.add_annotation(page_number=0, annotation=DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FileAttachment"),
        NameObject("/Rect"): ArrayObject([FloatObject(50), FloatObject(50), FloatObject(70), FloatObject(70)]),
    }))
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(Unreadable, match="it holds files of its own"):
        file_text(Sniffed("pdf", "application/pdf"), out.getvalue())
