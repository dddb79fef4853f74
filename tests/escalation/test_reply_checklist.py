"""The first-response checker on the agent's reply composer: warnings beside the gate's findings, never a
block; a first response is one written before any staff reply is published on the ticket."""
import pytest
from django.urls import reverse

from redaction.services import draft_save
from tests.factories import published_reply_message

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
PROMISE = "We will refund you in full."


def check(client, ticket, body):
    return client.post(reverse("leads:reply_check", args=[ticket.reference]), {"body": body}, **HX)


def test_the_composer_shows_warnings_on_the_saved_draft(client, alice, dave_ticket):
    draft_save(ticket=dave_ticket, author=alice, body=PROMISE)
    client.force_login(alice)
    html = client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert 'id="reply-checklist"' in html and "Tone check" in html
    assert 'data-code="promises_outcome"' in html and "“We will refund”" in html
    assert 'data-code="missing_empathy"' in html and 'data-code="missing_info_request"' in html
    assert reverse("leads:reply_check", args=[dave_ticket.reference]) in html
    assert 'hx-trigger="input changed delay:800ms from:#reply-body"' in html
    assert "Send reply" in html  # a warning never takes the Send button away


def test_the_check_refreshes_as_the_agent_types(client, alice, dave_ticket):
    client.force_login(alice)
    html = check(client, dave_ticket, "Sorry about this! Which card did you use? I'll look into it.").content.decode()
    assert "No tone warnings." in html and "data-code" not in html
    html = check(client, dave_ticket, "As we already told you, that's your fault.").content.decode()
    assert 'data-code="blames_customer"' in html and "“As we already told”" in html


def test_after_a_published_reply_only_promises_and_blame_are_warned(client, alice, dave_ticket):
    published_reply_message(ticket=dave_ticket, author=alice, body="Sorry! Which order? We'll look into it.")
    client.force_login(alice)
    html = check(client, dave_ticket, "Noted. " + PROMISE).content.decode()
    assert 'data-code="promises_outcome"' in html
    assert "missing_" not in html


def test_a_public_ticket_asks_to_continue_in_private(client, alice, dave_ticket):
    dave_ticket.replies_public = True
    dave_ticket.save(update_fields=["replies_public"])
    client.force_login(alice)
    html = check(client, dave_ticket, "Sorry to hear that. What's your order number? We'll check.").content.decode()
    assert 'data-code="missing_info_request"' in html and "continue in private" in html


def test_another_queues_agent_gets_404_and_customers_get_nothing(client, bob, dave, dave_ticket):
    client.force_login(bob)
    assert check(client, dave_ticket, PROMISE).status_code == 404
    client.force_login(dave)
    response = check(client, dave_ticket, PROMISE)
    assert response.status_code == 404 and b"promises_outcome" not in response.content
