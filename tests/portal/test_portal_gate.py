"""The portal shows what the reply gate published and nothing else it holds: no drafts, pending or held text."""
import pytest
from django.core import mail
from django.urls import reverse

from redaction.models import VersionStatus
from redaction.services import draft_save, reply_scan, reply_submit
from tickets.models import MessageKind, Notification

pytestmark = pytest.mark.django_db



def page(client, ticket) -> str:
    return client.get(reverse("portal_ticket", args=[ticket.reference])).content.decode()


def test_drafts_and_unscanned_replies_are_not_shown(dave_client, dave_ticket, alice, carol):
    draft_save(ticket=dave_ticket, author=alice, body="Draft: still checking your account")
    reply_submit(ticket=dave_ticket, author=carol, body="Waiting for the scanner to read this")
    html = page(dave_client, dave_ticket)
    assert "still checking your account" not in html
    assert "Waiting for the scanner" not in html
    assert not dave_ticket.messages.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_held_reply_is_not_shown(dave_client, dave_ticket, alice):
    dave_ticket.replies_public = True
    dave_ticket.save()
    version = reply_submit(ticket=dave_ticket, author=alice, body="Your account ACC-100200 is fixed.")
    reply_scan(version_id=version.pk)
    version.refresh_from_db()
    assert version.status == VersionStatus.HELD
    html = page(dave_client, dave_ticket)
    assert "is fixed" not in html
    assert not Notification.objects.exists()


def test_published_reply_appears_under_the_persona_and_is_emailed_once(
    dave_client, dave_ticket, alice, eager_celery, django_capture_on_commit_callbacks
):
    version = reply_submit(ticket=dave_ticket, author=alice, body="Thanks for waiting, the refund is on its way.")
    with django_capture_on_commit_callbacks(execute=True):
        reply_scan(version_id=version.pk)
    html = page(dave_client, dave_ticket)
    assert "the refund is on its way" in html
    assert "Harbor Wren" in html
    assert "Alicia" not in html
    assert len(mail.outbox) == 1
    assert mail.outbox[0].from_email.startswith("Harbor Wren via ")
