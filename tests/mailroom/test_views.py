"""The HTTP inbound door (signed, JSON errors) and the administrators' quarantine page."""
import time

import pytest
from django.urls import reverse

from agents.models_audit import AuditEntry
from config.signatures import signature_of
from mailroom.models import InboundEmail, Outcome
from tests.mailroom.conftest import sample
from tickets.models import Ticket

SECRET = "s3cret-shared-with-the-relay"
URL = "/mail/inbound/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def enabled(settings):
    settings.TACT_MAIL = {**settings.TACT_MAIL, "INBOUND_SECRET": SECRET}


def post(client, body: bytes, *, secret: str = SECRET, timestamp: str | None = None, signature: str | None = None):
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    signature = signature_of(secret=secret, timestamp=timestamp, body=body) if signature is None else signature
    return client.post(URL, body, content_type="message/rfc822",
                       headers={"X-Tact-Timestamp": timestamp, "X-Tact-Signature": signature})


def test_a_signed_message_opens_a_ticket_and_a_repeat_changes_nothing(client, enabled, queue_a):
    assert reverse("mailroom:inbound") == URL
    response = post(client, sample("multipart_alternative.eml"))
    assert response.status_code == 202
    body = response.json()
    assert body["outcome"] == "opened" and body["duplicate"] is False
    again = post(client, sample("multipart_alternative.eml"))
    assert again.status_code == 200 and again.json() == {**body, "duplicate": True}
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(("kwargs", "detail"), [
    ({"signature": "sha256=" + "0" * 64}, "does not match"),
    ({"secret": "someone-else"}, "does not match"),
    ({"signature": ""}, "are required"),
    ({"timestamp": "yesterday"}, "Unix seconds"),
    ({"timestamp": str(int(time.time()) - 3600)}, "too far"),
])
def test_a_bad_signature_is_401_json_and_nothing_is_taken_in(client, enabled, queue_a, kwargs, detail):
    response = post(client, sample("multipart_alternative.eml"), **kwargs)
    assert response.status_code == 401
    assert response.json()["error"] == "bad_signature" and detail in response.json()["detail"]
    assert not InboundEmail.objects.exists()


def test_a_body_signed_for_other_bytes_is_refused(client, enabled, queue_a):
    timestamp = str(int(time.time()))
    signature = signature_of(secret=SECRET, timestamp=timestamp, body=b"something else")
    response = post(client, sample("multipart_alternative.eml"), timestamp=timestamp, signature=signature)
    assert response.status_code == 401


def test_the_door_is_closed_without_a_secret(client, queue_a):
    response = post(client, sample("multipart_alternative.eml"))
    assert response.status_code == 404 and response.json()["error"] == "not_enabled"


def test_get_empty_and_oversized_bodies_are_4xx_json(client, enabled, settings):
    assert client.get(URL).status_code == 405 and client.get(URL).json()["error"] == "method_not_allowed"
    assert post(client, b"  ").json()["error"] == "empty"
    settings.TACT_MAIL = {**settings.TACT_MAIL, "MAX_BYTES": 10_000}
    response = post(client, b"x" * 10_001)
    assert response.status_code == 413 and response.json()["error"] == "too_large"


def test_mail_larger_than_the_form_upload_limit_is_accepted(client, enabled, queue_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = post(client, sample("inline_image.eml"))
    assert response.status_code == 202 and response.json()["outcome"] == "opened"


def test_a_malformed_message_is_accepted_into_quarantine(client, enabled):
    response = post(client, sample("malformed.eml"))
    assert response.status_code == 202 and response.json()["outcome"] == "quarantined"


class TestQuarantinePage:
    @pytest.fixture
    def unreadable(self, client, enabled):
        post(client, sample("malformed.eml"))
        return InboundEmail.objects.get(outcome=Outcome.QUARANTINED)

    def test_admins_see_the_error_and_ignored_mail(self, client, adam, unreadable, queue_a):
        post(client, sample("auto_reply.eml"))
        client.force_login(adam)
        html = client.get("/mail/quarantine/").content.decode()
        assert "no sender address in From" in html and "HTTP inbound endpoint" in html
        assert "Auto-Submitted: auto-replied" in html and "maria.lopez@example.net" in html
        assert 'href="/mail/quarantine/"' in html  # in the navigation

    @pytest.mark.parametrize("persona", ["alice", "carol", "audrey", "dave"])
    def test_nobody_else_can_see_it(self, client, request, persona, unreadable):
        client.force_login(request.getfixturevalue(persona))
        assert client.get("/mail/quarantine/").status_code == 404
        assert client.post(f"/mail/quarantine/{unreadable.pk}/retry/").status_code == 404
        assert 'href="/mail/quarantine/"' not in client.get("/").content.decode()

    def test_retry_is_audited_and_reports_the_error_again(self, client, adam, unreadable):
        client.force_login(adam)
        response = client.post(f"/mail/quarantine/{unreadable.pk}/retry/", follow=True)
        assert "still cannot be taken in" in response.content.decode()
        assert AuditEntry.objects.filter(action="mail.quarantine_retry", actor=adam).exists()


def test_json_errors_keep_their_code_and_explain_in_the_readers_language(client, enabled):
    response = client.post(URL, sample("multipart_alternative.eml"), content_type="message/rfc822",
                           headers={"X-Tact-Timestamp": str(int(time.time())), "Accept-Language": "de"})
    assert response.status_code == 401
    assert response.json() == {
        "error": "bad_signature", "detail": "X-Tact-Timestamp und X-Tact-Signature sind erforderlich."
    }
    response = client.get(URL, headers={"Accept-Language": "de"})
    assert response.json() == {"error": "method_not_allowed", "detail": "Senden Sie die Rohnachricht per POST."}


def test_the_quarantine_page_says_why_in_german(client, adam, enabled, queue_a):
    post(client, sample("auto_reply.eml"))
    for n, reason in enumerate(["our own outgoing message (a loop)", "an older reason nobody writes now"]):
        InboundEmail.objects.create(dedupe_key=f"id:<{n}@x>", source="http", outcome=Outcome.IGNORED, size=1,
                                    reason=reason)
    client.force_login(adam)
    html = client.get("/mail/quarantine/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Kopfzeile Auto-Submitted: auto-replied" in html
    assert "unsere eigene ausgehende Nachricht (eine Schleife)" in html
    assert "an older reason nobody writes now" in html  # unknown text is shown as stored
    assert InboundEmail.objects.filter(reason="Auto-Submitted: auto-replied").exists()  # stored in English
