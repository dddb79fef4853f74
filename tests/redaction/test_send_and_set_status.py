"""'Send, then pending / solved': the status moves in the transaction that publishes the reply, never before.

The customer must never find their ticket solved without the reply that solved it, so a reply the gate holds
keeps the status waiting with it, and a lead's override publishes both.
"""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from redaction import gate, publication
from redaction.models import ReplyVersion, VersionStatus
from tests.pages import history_fragment
from tests.redaction.conftest import CLEAN, LEAKY
from tickets.models import Status, TicketEvent

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _submit(ticket, author, body, then_status, django_capture_on_commit_callbacks, rung):
    with django_capture_on_commit_callbacks(execute=True):
        return gate.reply_submit(ticket=ticket, author=author, body=body, then_status=then_status)


def test_status_moves_only_when_the_reply_is_published(
    client, alice, dave, dave_post, rung, worker, django_capture_on_commit_callbacks
):
    version = _submit(dave_post, alice, CLEAN, "solved", django_capture_on_commit_callbacks, rung)
    dave_post.refresh_from_db()
    assert dave_post.status == Status.NEW  # in the gate: the customer still sees it open, without the reply
    client.force_login(dave)
    portal = client.get(reverse("portal_ticket", args=[dave_post.reference])).content.decode()
    assert "Solved" not in portal and "refunded" not in portal

    worker(version)
    dave_post.refresh_from_db()
    assert dave_post.status == Status.SOLVED and dave_post.solved_at is not None
    event = TicketEvent.objects.get(ticket=dave_post, kind="status")
    assert event.actor == alice and event.data == {"old": Status.OPEN, "new": Status.SOLVED}
    portal = client.get(reverse("portal_ticket", args=[dave_post.reference])).content.decode()
    assert "Solved" in portal and "refunded" in portal


def test_a_held_reply_keeps_its_status_waiting_until_a_lead_publishes_it(
    alice, carol, dave_post, rung, worker, django_capture_on_commit_callbacks
):
    held = worker(_submit(dave_post, alice, LEAKY, "pending", django_capture_on_commit_callbacks, rung))
    assert held.status == VersionStatus.HELD
    dave_post.refresh_from_db()
    assert dave_post.status == Status.NEW
    publication.reply_override(version=held, lead=carol, reason="The customer asked for a call back there.")
    dave_post.refresh_from_db()
    assert dave_post.status == Status.PENDING


def test_sending_again_without_a_status_drops_the_earlier_wish(
    alice, dave_post, rung, worker, django_capture_on_commit_callbacks
):
    worker(_submit(dave_post, alice, LEAKY, "solved", django_capture_on_commit_callbacks, rung))
    worker(_submit(dave_post, alice, CLEAN, "", django_capture_on_commit_callbacks, rung))
    dave_post.refresh_from_db()
    assert dave_post.status == Status.OPEN


def test_only_pending_or_solved_may_be_asked_for(alice, dave_post):
    with pytest.raises(ValidationError, match="pending or solved"):
        gate.reply_submit(ticket=dave_post, author=alice, body=CLEAN, then_status="closed")
    assert not ReplyVersion.objects.exists()


def test_the_composer_offers_the_choices_and_keeps_the_text_on_a_bad_one(client, alice, dave_post, rung):
    client.force_login(alice)
    html = client.get(reverse("ticket_detail", args=[dave_post.reference])).content.decode()
    assert 'name="then_status" value="pending"' in html and 'name="then_status" value="solved"' in html
    assert "only once the reply is published" in html
    response = client.post(
        reverse("gate:send", args=[dave_post.reference]), {"body": CLEAN, "then_status": "closed"}, **HX
    )
    html = response.content.decode()
    assert "pending or solved" in html and CLEAN in html


def test_send_then_solved_says_so_and_reloads_the_page_once_published(
    client, alice, dave_post, rung, worker, monkeypatch
):
    client.force_login(alice)
    response = client.post(
        reverse("gate:send", args=[dave_post.reference]), {"body": CLEAN, "then_status": "solved"}, **HX
    )
    html = response.content.decode()
    assert "becomes solved when this reply is published, not before" in html
    version = ReplyVersion.objects.get()
    worker(version)
    response = client.get(reverse("gate:status", args=[version.pk]), **HX)
    assert response.headers["HX-Refresh"] == "true"
    page = client.get(reverse("ticket_detail", args=[dave_post.reference])).content.decode()
    assert "Your reply passed the check and was published. The ticket is now solved." in page
    assert "Harbor Wren</strong> changed the status from Open to Solved" in history_fragment(client, dave_post)


def test_each_reply_says_who_reads_it(client, alice, dave_post, dave_ticket, submit, worker):
    worker(submit(dave_post, alice, CLEAN))
    worker(submit(dave_ticket, alice, CLEAN))
    client.force_login(alice)
    public = client.get(reverse("ticket_detail", args=[dave_post.reference])).content.decode()
    assert "Reply — anyone can read it" in public and "Anyone can read this reply: it is posted in public." in public
    private = client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert "Reply — only the customer reads it" in private and "Only the customer reads this reply." in private
    assert "Reply — anyone can read it" not in private
