"""The portal's ticket list: a customer's own tickets, in customer words, for customers only."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MessageFactory, TicketFactory, UserFactory
from tickets.models import Status, Ticket

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("portal"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_staff_are_sent_to_the_inbox(client, alice):
    client.force_login(alice)
    response = client.get(reverse("portal"))
    assert response.status_code == 302
    assert response.url == reverse("inbox")


def test_user_without_a_customer_record_finds_nothing(client):
    client.force_login(UserFactory(username="stranger"))
    assert client.get(reverse("portal")).status_code == 404


def test_customer_sees_only_their_own_tickets(dave_client, dave_ticket, erin_ticket):
    html = dave_client.get(reverse("portal")).content.decode()
    assert dave_ticket.reference in html
    assert "Charged twice for March" in html
    assert reverse("portal_ticket", args=[dave_ticket.reference]) in html
    assert erin_ticket.reference not in html
    assert "App crashes on start" not in html


def test_status_is_shown_in_customer_words(dave_client, dave_ticket):
    dave_ticket.status = Status.PENDING
    dave_ticket.save()
    html = dave_client.get(reverse("portal")).content.decode()
    assert "Waiting for your reply" in html


def test_a_ticket_on_hold_reads_as_in_progress_in_the_customers_language(dave_client, dave_ticket):
    Ticket.objects.filter(pk=dave_ticket.pk).update(status=Status.ON_HOLD)
    html = dave_client.get(reverse("portal")).content.decode()
    assert "In progress" in html and "On hold" not in html and "on_hold" not in html
    german = dave_client.get(reverse("portal"), headers={"accept-language": "de"}).content.decode()
    assert "In Bearbeitung" in german


def test_internal_note_does_not_move_the_last_update(dave_client, dave_ticket, alice_note):
    customer_time = timezone.now() - timedelta(days=3)
    dave_ticket.messages.exclude(pk=alice_note.pk).update(created_at=customer_time)
    html = dave_client.get(reverse("portal")).content.decode()
    assert customer_time.strftime("%Y-%m-%dT%H:%M:%S") in html
    assert alice_note.created_at.strftime("%Y-%m-%dT%H:%M:%S") not in html


def test_empty_list_offers_a_new_ticket(dave_client):
    html = dave_client.get(reverse("portal")).content.decode()
    assert "You have no tickets yet" in html
    assert reverse("portal_new") in html


def test_list_query_count_is_bounded(dave_client, dave, queue_a, django_assert_max_num_queries):
    for n in range(30):
        ticket = TicketFactory(customer=dave.customer, queue=queue_a, subject=f"Question {n}")
        MessageFactory(ticket=ticket)
    with django_assert_max_num_queries(8):
        response = dave_client.get(reverse("portal"))
    assert response.content.decode().count("Question ") == 25
    assert "Page 1 of 2" in response.content.decode()
