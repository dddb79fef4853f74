"""Administrators add public sources from Tact's pages: the signing secret is shown once and works with the
inbound webhook, rotating it stops the old one, turning a source off refuses its posts; all audited."""
import hashlib
import hmac
import json
import time

import pytest
from django.urls import reverse

from agents.models import AuditEntry
from tickets.public.models import PublicSource

pytestmark = pytest.mark.django_db


def post_signed(client, slug: str, secret: str, post: dict):
    body = json.dumps(post).encode()
    ts = str(int(time.time()))
    sig = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return client.post(reverse("public_inbound", args=[slug]), body, content_type="application/json",
                       HTTP_X_TACT_TIMESTAMP=ts, HTTP_X_TACT_SIGNATURE=f"sha256={sig}")


POST = {"post_id": "1", "thread_id": "1", "author": {"handle": "@priya_p", "name": "Priya P"},
        "text": "your app ate my playlist"}


def test_an_admin_adds_a_source_whose_secret_is_shown_once_and_signs(client, adam, queue_b):
    client.force_login(adam)
    page = client.post(reverse("public_sources"), {"slug": "masto", "network": "Mastodon.social",
                                                   "channel": "social", "queue": queue_b.pk})
    source = PublicSource.objects.get()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert source.secret.startswith("tactps_") and source.secret in page.content.decode()
    assert (source.network, source.queue, source.active) == ("mastodon.social", queue_b, True)
    for url in (reverse("public_sources"), reverse("public_source", args=["masto"])):
        assert source.secret not in client.get(url).content.decode()
    assert AuditEntry.objects.get(action="public_source.create").data["slug"] == "masto"
    client.logout()
    created = post_signed(client, "masto", source.secret, POST)
    assert created.status_code == 201


def test_rotating_the_secret_stops_the_old_one(client, adam, queue_a):
    client.force_login(adam)
    client.post(reverse("public_sources"), {"slug": "forum", "network": "forum.example", "channel": "forum"})
    old = PublicSource.objects.get().secret
    page = client.post(reverse("public_source_rotate", args=["forum"]))
    new = PublicSource.objects.get().secret
    assert new != old and new in page.content.decode() and old not in page.content.decode()
    assert AuditEntry.objects.filter(action="public_source.rotate_secret").count() == 1
    client.logout()
    assert post_signed(client, "forum", old, POST).status_code == 401
    assert post_signed(client, "forum", new, POST).status_code == 201


def test_a_source_turned_off_refuses_posts(client, adam, queue_a):
    client.force_login(adam)
    client.post(reverse("public_sources"), {"slug": "forum", "network": "forum.example", "channel": "forum"})
    secret = PublicSource.objects.get().secret
    assert client.post(reverse("public_source", args=["forum"]), {"channel": "forum", "queue": ""}).status_code == 302
    assert PublicSource.objects.get().active is False
    assert AuditEntry.objects.get(action="public_source.update").data["active"] is False
    client.logout()
    assert post_signed(client, "forum", secret, POST).status_code == 404


def test_bad_input_is_a_form_error_that_keeps_what_was_typed(client, adam):
    PublicSource.objects.create(slug="masto", network="mastodon.social", secret="x" * 30)
    client.force_login(adam)
    page = client.post(reverse("public_sources"), {"slug": "masto", "network": "my network", "channel": "social"})
    text = page.content.decode()
    assert page.status_code == 400
    assert "Another source has this name." in text and "without spaces" in text and 'value="my network"' in text
    assert PublicSource.objects.count() == 1


def test_leads_and_agents_find_no_source_pages(client, carol, alice):
    PublicSource.objects.create(slug="masto", network="mastodon.social", secret="x" * 30)
    for user in (carol, alice):
        client.force_login(user)
        assert client.get(reverse("public_sources")).status_code == 404
        assert client.post(reverse("public_source_rotate", args=["masto"])).status_code == 404
    assert PublicSource.objects.get().secret == "x" * 30
