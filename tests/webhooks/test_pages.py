"""Administrators manage subscriptions from Tact's own pages and the API; the secret is shown once; bad input
is a form error (or a 400 in the API's format) that keeps what was typed."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from agents.models import AuditEntry
from tickets.webhooks.models import WebhookDelivery, WebhookSubscription

pytestmark = pytest.mark.django_db
FORM = {"name": "Leads' chat", "events": ["escalation.raised", "ticket.created"], "active": "on"}


@pytest.fixture
def admin_client(client, adam):
    client.force_login(adam)
    return client


def test_an_admin_adds_a_subscription_and_sees_its_secret_once(admin_client, receiver, allow_local):
    page = admin_client.post(reverse("webhooks:subscriptions"), {**FORM, "url": receiver.url})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.startswith("whsec_") and subscription.secret in page.content.decode()
    assert subscription.events == ["escalation.raised", "ticket.created"] and subscription.active
    for url in (reverse("webhooks:subscriptions"), reverse("webhooks:subscription", args=[subscription.pk])):
        shown = admin_client.get(url).content.decode()
        assert "Leads&#x27; chat" in shown and subscription.secret not in shown
    assert AuditEntry.objects.filter(action="webhook.create").count() == 1


def test_a_loopback_url_is_a_form_error_that_keeps_what_was_typed(admin_client, receiver):
    page = admin_client.post(reverse("webhooks:subscriptions"), {**FORM, "url": receiver.url})
    text = page.content.decode()
    assert page.status_code == 400
    assert "loopback address: refused" in text and receiver.url in text and "Leads&#x27; chat" in text
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("url, error", [
    ("ftp://hooks.example/in", "Use an http:// or https:// URL."),
    ("https://user:pw@hooks.example/in", "Put no user name or password in the URL"),
    ("https://[nonsense/in", "Not a valid URL"),
    ("https://hooks.example/a path", "without spaces"),
    ("https://hooks.example/caf\u00e9", "in ASCII"),
    ("http://169.254.169.254/latest/", "a private or reserved address: refused"),
])
def test_bad_urls_are_form_errors(admin_client, url, error):
    page = admin_client.post(reverse("webhooks:subscriptions"), {**FORM, "url": url})
    assert page.status_code == 400 and error in page.content.decode()


def test_an_admin_edits_rotates_deletes_and_replays(admin_client, adam, subscription, monkeypatch):
    rung = []
    monkeypatch.setattr("tickets.webhooks.services.delivery_ring", lambda **kw: rung.append(kw))
    detail = reverse("webhooks:subscription", args=[subscription.pk])
    response = admin_client.post(detail, {"name": "Renamed", "url": subscription.url, "events": ["ticket.updated"]})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert (subscription.name, subscription.events, subscription.active) == ("Renamed", ["ticket.updated"], False)
    old = subscription.secret
    page = admin_client.post(reverse("webhooks:rotate", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.secret != old and subscription.secret in page.content.decode()
    delivery = WebhookDelivery.objects.create(subscription=subscription, event="ticket.updated",
                                              event_key="ticket.updated:1", body='{"x":1}', state="failed",
                                              attempts=12, response_code=500, last_error="HTTP 500")
    log = admin_client.get(detail).content.decode()
    assert "HTTP 500" in log and f'data-delivery="{delivery.pk}"' in log
    with_capture = admin_client.post(reverse("webhooks:replay", args=[delivery.pk]))
    assert with_capture.status_code == 302
    replay = WebhookDelivery.objects.get(replay_of=delivery)
    assert (replay.body, replay.replayed_by, replay.state) == ('{"x":1}', adam, "pending")
    admin_client.post(reverse("webhooks:delete", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.deleted_at is not None and not subscription.active
    assert admin_client.get(detail).status_code == 404
    assert admin_client.get(reverse("webhooks:delivery", args=[delivery.pk])).status_code == 200  # log kept


def test_the_navigation_shows_webhooks_to_admins_only(admin_client, client, carol):
    assert reverse("webhooks:subscriptions") in admin_client.get(reverse("inbox")).content.decode()
    client.force_login(carol)
    assert reverse("webhooks:subscriptions") not in client.get(reverse("inbox")).content.decode()


def test_the_api_hands_out_the_secret_once_and_refuses_non_admins(adam, carol, receiver, allow_local):
    api = APIClient()
    api.force_authenticate(adam)
    made = api.post("/api/webhooks/", {"name": "Tracker", "url": receiver.url, "events": ["ticket.created"]},
                    format="json")
    assert made.status_code == 201 and made.json()["secret"].startswith("whsec_")
    pk = made.json()["id"]
    listed = api.get("/api/webhooks/").json()
    assert listed[0]["name"] == "Tracker" and "secret" not in listed[0]
    patched = api.patch(f"/api/webhooks/{pk}/", {"active": False}, format="json").json()
    assert patched["active"] is False and patched["events"] == ["ticket.created"]
    bad = api.patch(f"/api/webhooks/{pk}/", {"events": ["ticket.deleted"]}, format="json")
    assert bad.status_code == 400 and "events" in bad.json()["error"]["fields"]
    rotated = api.post(f"/api/webhooks/{pk}/rotate-secret/").json()["secret"]
    assert rotated != made.json()["secret"]
    assert api.get(f"/api/webhooks/{pk}/deliveries/").json() == []
    api.force_authenticate(carol)
    assert api.get("/api/webhooks/").status_code == 403
    assert api.post("/api/webhooks/", {"name": "x", "url": receiver.url, "events": ["ticket.created"]},
                    format="json").status_code == 403


def test_the_api_refuses_a_private_url_in_its_error_format(adam):
    api = APIClient()
    api.force_authenticate(adam)
    response = api.post("/api/webhooks/", {"name": "x", "url": "http://10.0.0.8/in", "events": ["ticket.created"]},
                        format="json")
    assert response.status_code == 400
    assert "refused" in response.json()["error"]["fields"]["url"][0]
