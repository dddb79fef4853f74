"""A portal ticket page: the public thread only, personas only, and replies that keep what was typed."""
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MessageFactory, published_reply_message
from tests.portal.conftest import ALICE_PRIVATE, attach
from tickets.models import Message, Status

pytestmark = pytest.mark.django_db


def url(ticket):
    return reverse("portal_ticket", args=[ticket.reference])


def test_other_customers_ticket_is_404(erin_client, dave_ticket):
    assert erin_client.get(url(dave_ticket)).status_code == 404
    assert erin_client.post(url(dave_ticket), {"body": "let me in"}).status_code == 404
    assert not Message.objects.filter(body="let me in").exists()


def test_unknown_reference_is_404(dave_client):
    assert dave_client.get(reverse("portal_ticket", args=["T-NOPE"])).status_code == 404


def test_staff_are_sent_to_the_staff_ticket_page(client, alice, dave_ticket):
    client.force_login(alice)
    response = client.get(url(dave_ticket))
    assert response.status_code == 302
    assert response.url == reverse("ticket_detail", args=[dave_ticket.reference])


def test_staff_outside_the_queue_still_find_nothing(client, bob, dave_ticket):
    client.force_login(bob)
    response = client.get(url(dave_ticket), follow=True)
    assert response.status_code == 404
    assert "Charged twice" not in response.content.decode()


def test_thread_shows_customer_messages_and_published_replies_under_the_persona(
    dave_client, dave_ticket, alice, alice_reply
):
    html = dave_client.get(url(dave_ticket)).content.decode()
    assert "I was charged twice this month, please help." in html
    assert "We refunded the second charge." in html
    assert "Harbor Wren" in html
    assert reverse("agents:avatar", args=[alice.staff.persona.avatar_seed]) in html


def test_internal_notes_are_never_shown(dave_client, dave_ticket, alice_note, note_attachment):
    html = dave_client.get(url(dave_ticket)).content.decode()
    assert "fraud flag" not in html
    assert "fraud-check.txt" not in html
    assert reverse("attachment_download", args=[note_attachment.pk]) not in html


def test_agent_real_identity_appears_nowhere(dave_client, dave_ticket, alice, alice_reply, alice_note):
    dave_ticket.assignee = alice
    dave_ticket.save()
    html = dave_client.get(url(dave_ticket)).content.decode()
    for private in ALICE_PRIVATE:
        assert private not in html


def test_reply_without_alias_falls_back_to_the_team(dave_client, dave_ticket, alice):
    published_reply_message(ticket=dave_ticket, author=alice, body="Hi.")
    html = dave_client.get(url(dave_ticket)).content.decode()
    assert "Support team" in html
    assert "Alicia" not in html


def test_customer_reply_is_added_and_reopens_a_solved_ticket(dave_client, dave_ticket):
    dave_ticket.status = Status.SOLVED
    dave_ticket.save()
    response = dave_client.post(url(dave_ticket), {"body": "It happened again."}, follow=True)
    assert response.redirect_chain[-1][0] == url(dave_ticket)
    assert "It happened again." in response.content.decode()
    assert "Your message was added" in response.content.decode()
    dave_ticket.refresh_from_db()
    assert dave_ticket.status == Status.OPEN


def test_empty_reply_shows_an_error(dave_client, dave_ticket):
    response = dave_client.post(url(dave_ticket), {"body": "   "})
    assert response.status_code == 400
    assert "Write a message first." in response.content.decode()


def test_too_long_reply_names_the_limit_and_keeps_the_text(dave_client, dave_ticket, settings):
    settings.TACT_LIMITS = {**settings.TACT_LIMITS, "MESSAGE_MAX_CHARS": 100}
    typed = "My long story " * 10
    response = dave_client.post(url(dave_ticket), {"body": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert "limited to 100 characters" in html
    assert typed.strip() in html
    assert dave_ticket.messages.count() == 1


def test_a_ticket_on_hold_reads_as_in_progress_on_its_page(dave_client, dave_ticket):
    dave_ticket.status = Status.ON_HOLD
    dave_ticket.save()
    html = dave_client.get(url(dave_ticket)).content.decode()
    assert "In progress" in html and "On hold" not in html and "on_hold" not in html


def test_closed_ticket_says_so_and_offers_a_new_ticket(dave_client, dave_ticket):
    dave_ticket.status = Status.CLOSED
    dave_ticket.save()
    html = dave_client.get(url(dave_ticket)).content.decode()
    assert "This ticket is closed" in html
    assert reverse("portal_new") in html
    assert "Send reply" not in html
    response = dave_client.post(url(dave_ticket), {"body": "Hello?"})
    assert response.status_code == 400
    assert "This ticket is closed" in response.content.decode()
    assert not dave_ticket.messages.filter(body="Hello?").exists()


def test_reply_needs_a_csrf_token(dave, dave_ticket):
    client = Client(enforce_csrf_checks=True)
    client.force_login(dave)
    assert client.post(url(dave_ticket), {"body": "forged"}).status_code == 403
    assert not Message.objects.filter(body="forged").exists()


def test_request_over_the_upload_limit_is_a_clear_400(dave_client, dave_ticket, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    response = dave_client.post(url(dave_ticket), {"body": "x" * 5000})
    assert response.status_code == 400
    assert "too large to send" in response.content.decode()
    assert "2.0\xa0KB" in response.content.decode()


def test_thread_query_count_does_not_grow_with_messages(
    dave_client, dave_ticket, alice_reply, django_assert_max_num_queries
):
    for n in range(15):
        attach(MessageFactory(ticket=dave_ticket, body=f"Update {n}"), name=f"log{n}.txt")
    with django_assert_max_num_queries(8):
        response = dave_client.get(url(dave_ticket))
    html = response.content.decode()
    assert all(f"log{n}.txt" in html for n in range(15))
