"""Files on a reply sent through the API: the same file-type policy, reading and scanning as the composer's,
frozen with the version; a refused file is a clear 400 on `attachments` and sends nothing."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from redaction.models import ReplyFile, ReplyVersion, VersionStatus
from tests import samples
from tests.redaction.conftest import CLEAN
from tickets.models import MessageKind

pytestmark = pytest.mark.django_db

LEAK = "erin@mail.example"  # another customer's address: a leak on dave's ticket


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")  # what the client says is not believed


@pytest.fixture
def api_post(rung, django_capture_on_commit_callbacks):
    def post(user, ticket, data):
        client = APIClient()
        client.force_authenticate(user)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("api-ticket-replies", args=[ticket.reference]), data, format="multipart")

    return post


def test_a_file_sent_with_the_api_is_frozen_scanned_and_published(alice, dave_ticket, api_post, worker, rung):
    data = samples.pdf("Refund confirmation", "Amount: 12.50 EUR")
    response = api_post(alice, dave_ticket, {"body": CLEAN, "attachments": [upload("refund.pdf", data)]})
    assert response.status_code == 202 and len(rung) == 1
    files = response.json()["version"]["files"]
    reply_file = ReplyFile.objects.get()
    assert files == [{"id": reply_file.pk, "filename": "refund.pdf", "size": len(data),
                      "content_type": "application/pdf", "url": reverse("gate:file", args=[reply_file.pk])}]
    assert "Amount: 12.50 EUR" in reply_file.text and reply_file.version.files_sha256
    version = worker(ReplyVersion.objects.get())
    assert version.status == VersionStatus.PUBLISHED
    message = dave_ticket.messages.get(kind=MessageKind.PUBLIC_REPLY)
    assert list(message.attachments.values_list("filename", flat=True)) == ["refund.pdf"]


def test_a_leak_inside_an_api_file_holds_the_reply(alice, dave_ticket, api_post, worker):
    response = api_post(alice, dave_ticket, {"body": CLEAN,
                                             "attachments": [upload("notes.docx", samples.docx(f"Mail {LEAK}"))]})
    assert response.status_code == 202
    version = worker(ReplyVersion.objects.get())
    assert version.status == VersionStatus.HELD
    assert {f["part"] for f in version.latest_scan().findings} == {"file: notes.docx"}
    assert not dave_ticket.messages.filter(kind=MessageKind.PUBLIC_REPLY).exists()


@pytest.mark.parametrize(("name", "data", "error"), [
    ("invoice.pdf", samples.EXE, "invoice.pdf was not accepted: it is a Windows program."),
    ("locked.pdf", samples.encrypted_pdf("secret"), "locked.pdf cannot go out: it is encrypted"),
    ("sheet.xlsx", samples.xlsx(), "spreadsheets cannot be checked yet"),
    ("empty.txt", b"", "The submitted file is empty."),
    ("page.txt", b"<!DOCTYPE html><p>hi</p>", "page.txt was not accepted: it is a web page"),
    ("broken.docx", samples.docx("<unclosed"), "broken.docx cannot go out: its text cannot be read"),
    ("long.txt", b"x" * 101, "long.txt holds 101 characters of text; files on a reply are limited to 100"),
])
def test_a_refused_file_is_a_400_on_attachments_and_nothing_is_sent(alice, dave_ticket, api_post, rung, settings,
                                                                     name, data, error):
    settings.TACT_REDACTION = {"FILE_TEXT_MAX_CHARS": 100}
    response = api_post(alice, dave_ticket, {"body": CLEAN, "attachments": [upload(name, data)]})
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid" and error in str(body["fields"]["attachments"])
    assert not ReplyVersion.objects.exists() and not ReplyFile.objects.exists() and not rung


def test_a_file_over_the_size_limit_is_a_400(alice, dave_ticket, api_post, settings):
    settings.TACT_LIMITS = {**settings.TACT_LIMITS, "ATTACHMENT_MAX_BYTES": 2048}
    response = api_post(alice, dave_ticket, {"body": CLEAN, "attachments": [upload("big.txt", b"x" * 2049)]})
    assert response.status_code == 400
    assert "big.txt is 2,049 bytes; files are limited to 2,048 bytes." in response.json()["error"]["fields"][
        "attachments"]
    assert not ReplyVersion.objects.exists()


def test_more_files_than_the_limit_is_a_400(alice, dave_ticket, api_post):
    response = api_post(alice, dave_ticket, {"body": CLEAN,
                                             "attachments": [upload(f"{n}.txt", b"x") for n in range(6)]})
    assert response.status_code == 400
    assert "Attach at most 5 files to one message." in response.json()["error"]["fields"]["attachments"]
    assert not ReplyVersion.objects.exists()


def test_each_api_file_is_sniffed_once(alice, dave_ticket, api_post, monkeypatch):
    sniffed = samples.sniffs_counted(monkeypatch)
    response = api_post(alice, dave_ticket, {"body": CLEAN, "attachments": [
        upload("a.txt", b"one"), upload("steps.docx", samples.docx("Restart the router."))]})
    assert response.status_code == 202
    assert sniffed == ["a.txt", "steps.docx"]


def test_files_carry_over_to_the_next_send_and_can_be_removed(alice, dave_ticket, api_post, worker):
    first = api_post(alice, dave_ticket, {"body": f"Write to {LEAK}.",
                                          "attachments": [upload("a.txt", b"step one"), upload("b.txt", b"two")]})
    worker(ReplyVersion.objects.get())  # held: the body leaks
    kept, dropped = first.json()["version"]["files"]
    again = api_post(alice, dave_ticket, {"body": CLEAN, "remove_files": [dropped["id"]]}).json()
    assert again["version"]["number"] == 2
    assert [f["filename"] for f in again["version"]["files"]] == [kept["filename"]]


def test_another_queues_agent_cannot_send_files_there(bob, dave_ticket, api_post):
    response = api_post(bob, dave_ticket, {"body": CLEAN, "attachments": [upload("a.txt", b"hello")]})
    assert response.status_code == 404 and not ReplyFile.objects.exists()
