"""Pages and customer emails in the viewer's language, times in their time zone, and the switch between them."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from config.locale import locale_preferences_set
from escalation.services import escalation_raise
from tests.factories import MessageFactory, TicketFactory
from tickets.notifications import notification_schedule, notification_schedule_warning
from tickets.services import ticket_change
from tickets.tasks import send_notification

pytestmark = pytest.mark.django_db
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}


def _html(client, url, **headers) -> str:
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_login_page_follows_the_browser_language(client):
    english = _html(client, reverse("login"))
    assert '<html lang="en">' in english and "<h1>Sign in</h1>" in english and "Anmelden" not in english
    german = _html(client, reverse("login"), **GERMAN)
    assert '<html lang="de">' in german and "<h1>Anmelden</h1>" in german and "Passwort" in german


def test_portal_list_and_ticket_in_german(client, dave, dave_ticket):
    client.force_login(dave)
    listing = _html(client, reverse("portal"), **GERMAN)
    assert "Meine Tickets" in listing and "Neues Ticket eröffnen" in listing and "Letzte Aktualisierung" in listing
    assert dave_ticket.subject in listing  # what people wrote is never translated
    page = _html(client, reverse("portal_ticket", args=[dave_ticket.reference]), **GERMAN)
    assert "Antwort senden" in page and "Send reply" not in page


def test_staff_inbox_in_german_and_english_by_default(client, alice, dave_ticket):
    client.force_login(alice)
    german = _html(client, reverse("inbox"), **GERMAN)
    assert "<h1>Posteingang</h1>" in german and "Tickets filtern" in german
    assert "Angemeldet als <strong>Harbor Wren</strong>" in german
    english = _html(client, reverse("inbox"))
    assert "<h1>Inbox</h1>" in english and "Posteingang" not in english


def test_ticket_history_and_inbox_views_in_german(client, alice, dave_ticket):
    ticket_change(ticket=dave_ticket, actor=alice, status="pending")
    client.force_login(alice)
    history = reverse("ticket_detail", args=[dave_ticket.reference]) + "?history=recent"  # as opened, by htmx
    page = _html(client, history, HTTP_HX_REQUEST="true", **GERMAN)
    assert "änderte den Status von Neu auf Wartend" in page and "changed the status" not in page
    inbox = _html(client, reverse("inbox"), **GERMAN)
    assert "Alle offenen" in inbox and "Meine" in inbox


def test_lead_triage_page_in_german(client, carol, dave_ticket):
    escalation_raise(ticket=dave_ticket, category="self_harm")
    client.force_login(carol)
    html = _html(client, reverse("leads:dashboard"), **GERMAN)
    assert "<h1>Eskalationen</h1>" in html and "Selbstverletzung" in html and "1 aktiv" in html


def test_a_chosen_language_wins_over_the_browser(client, dave, dave_ticket):
    locale_preferences_set(user=dave, language="de", time_zone="")
    client.force_login(dave)  # the choice is read once, at sign-in, into the session
    html = _html(client, reverse("portal"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Meine Tickets" in html


def test_times_show_in_the_viewers_time_zone(client, dave, queue_a):
    ticket = TicketFactory(customer=dave.customer, queue=queue_a, subject="Clock check")
    MessageFactory(ticket=ticket, body="Hello", created_at=datetime(2026, 1, 15, 12, 0, tzinfo=UTC))
    client.force_login(dave)
    assert "15 Jan 2026, 12:00" in _html(client, reverse("portal"))
    locale_preferences_set(user=dave, language="", time_zone="Asia/Tokyo")
    client.force_login(dave)
    assert "15 Jan 2026, 21:00" in _html(client, reverse("portal"))


def test_preferences_page_saves_language_and_zone_and_refuses_an_unknown_zone(client, alice):
    client.force_login(alice)
    refused = client.post(reverse("preferences"), {"language": "de", "time_zone": "Mars/Olympus"})
    assert refused.status_code == 200 and "Mars/Olympus" in refused.content.decode()
    alice.staff.refresh_from_db()
    assert (alice.staff.language, alice.staff.time_zone) == ("", "")
    saved = client.post(reverse("preferences"), {"language": "de", "time_zone": "Europe/Berlin"}, follow=True)
    assert "Ihre Sprache und Zeitzone sind gespeichert." in saved.content.decode()
    alice.staff.refresh_from_db()
    assert (alice.staff.language, alice.staff.time_zone) == ("de", "Europe/Berlin")
    assert "<h1>Posteingang</h1>" in _html(client, reverse("inbox"))


def test_language_switch_needs_the_csrf_token_and_remembers_the_choice(dave):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("set_language"), {"language": "de", "next": "/login/"}).status_code == 403
    client.get(reverse("login"))  # sets the CSRF cookie
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(reverse("set_language"), {"language": "de", "next": "/login/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert "<h1>Anmelden</h1>" in _html(client, reverse("login"))
    client.force_login(dave)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    client.post(reverse("set_language"), {"language": "en", "next": "/portal/", "csrfmiddlewaretoken": token})
    dave.customer.refresh_from_db()
    assert dave.customer.language == "en"


def test_language_switch_goes_back_to_the_page_and_never_off_the_site(client):
    back = client.post(reverse("set_language"), {"language": "de"}, HTTP_REFERER="http://testserver/portal/new/")
    assert back.status_code == 302 and back["Location"] == "http://testserver/portal/new/"
    response = client.post(reverse("set_language"), {"language": "de", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_customer_email_is_written_in_their_language(published_reply, dave_ticket):
    customer = dave_ticket.customer
    customer.language = "de"
    customer.save(update_fields=["language"])
    send_notification(notification_schedule(message=published_reply).pk)
    email = mail.outbox[-1]
    assert "hat auf Ihr Ticket" in email.body and "Unterhaltung ansehen oder antworten" in email.body
    assert "hat auf Ihr Ticket" in email.alternatives[0][0] and 'lang="de"' in email.alternatives[0][0]
    warning = notification_schedule_warning(customer=customer, ticket=dave_ticket, variant="conduct")
    assert warning.subject == "Bitte bleiben Sie in unserem Austausch respektvoll"
    assert "respektvoll" in warning.body and "Hallo," in warning.body


def test_customer_email_uses_the_site_language_when_they_chose_none(published_reply, settings):
    settings.LANGUAGE_CODE = "de"
    send_notification(notification_schedule(message=published_reply).pk)
    assert "hat auf Ihr Ticket" in mail.outbox[-1].body
    settings.LANGUAGE_CODE = "en"
    notice = notification_schedule_warning(
        customer=published_reply.ticket.customer, ticket=published_reply.ticket, variant="final"
    )
    assert notice.subject == "Final notice about your messages to our team"


def test_a_bad_site_language_stops_start_up(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_choice

    monkeypatch.setenv("TACT_LANGUAGE", "xx")
    with pytest.raises(ImproperlyConfigured, match="TACT_LANGUAGE"):
        env_choice("TACT_LANGUAGE", "en", ["en", "de"])
