"""The ticket page says what the gate checks on this ticket's channel, in words taken from the policy itself."""
import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def panel(client, ticket) -> str:
    html = client.get(reverse("ticket_detail", args=[ticket.reference])).content.decode()
    return html.split('id="gate-policy"')[1].split("</div>")[0]


def test_a_public_ticket_holds_every_detail_of_the_customer(client, alice, dave_post):
    client.force_login(alice)
    note = panel(client, dave_post)
    assert "Anyone can read the replies on this ticket" in note
    assert "any of the customer&#x27;s details" in note and "lets through" not in note


def test_an_email_ticket_says_their_own_details_may_be_repeated_to_them_but_not_cards(client, alice, dave_ticket):
    assert not dave_ticket.replies_public
    client.force_login(alice)
    note = panel(client, dave_ticket)
    assert "Only the customer reads the replies here" in note
    assert "the customer&#x27;s card numbers" in note
    assert "lets through the customer&#x27;s own email addresses, phone numbers" in note
    assert "holds any reply that repeats" not in note


@override_settings(TACT_REDACTION={"POLICY": {
    "public": {"customer": "*", "contact": "*", "internal": "*", "agent": "*", "unknown": "*"},
    "private": {"customer": ["phone", "card"], "contact": "*", "internal": "*", "agent": "*", "unknown": "*"},
}})
def test_the_words_follow_the_configured_policy(client, alice, dave_ticket):
    client.force_login(alice)
    note = panel(client, dave_ticket)
    assert "the customer&#x27;s phone numbers and card numbers" in note
    assert "own email addresses, postal addresses" in note
