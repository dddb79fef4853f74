"""API tokens: hashed at rest, ending by themselves, listed and revoked by their owner and by admins, and killed
with every session by a new password and by "sign out everywhere"."""
import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from agents.models import ApiToken, AuditEntry
from agents.tokens import api_token_create, token_digest

MIGRATION = importlib.import_module("agents.migrations.0007_api_tokens_and_session_cutoffs")


def by_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def by_session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_database_holds_a_digest_and_a_prefix_never_the_secret(dave):
    issued = api_token_create(user=dave, name="Backup script")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM agents_apitoken")
        rows = cursor.fetchall()
    stored = " ".join(str(value) for row in rows for value in row)
    assert issued.key not in stored and issued.key[len(issued.token.prefix):] not in stored
    assert token_digest(issued.key) in stored and issued.token.prefix in stored
    assert issued.key.startswith(issued.token.prefix)


@override_settings(TACT_API_TOKENS={"LIFETIME_DAYS": 2})
def test_a_token_ends_by_itself_with_a_401_that_says_so(dave, dave_ticket, clock):
    issued = api_token_create(user=dave)
    assert issued.token.expires_at == clock.now + timedelta(days=2)
    client = by_token(issued.key)
    assert client.get("/api/tickets/").status_code == 200
    clock.advance(days=2)
    response = client.get("/api/tickets/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"error": {
        "code": "token_expired",
        "message": "This token expired on 2026-03-04 09:00 UTC. Ask for a new one.",
        "fields": {},
    }}


def test_last_used_is_written_at_most_once_a_minute(dave, dave_ticket, clock, django_assert_num_queries):
    issued = api_token_create(user=dave)
    client = by_token(issued.key)
    first_use = clock.now
    client.get("/api/queues/")
    clock.advance(seconds=59)
    with django_assert_num_queries(2):  # the token with its user, the (empty) queue list: no write
        client.get("/api/queues/")
    assert ApiToken.objects.get().last_used_at == first_use
    clock.advance(seconds=1)
    client.get("/api/queues/")
    assert ApiToken.objects.get().last_used_at == clock.now


def test_owners_list_and_revoke_their_own_tokens(dave, dave_ticket):
    phone, laptop = api_token_create(user=dave, name="Phone"), api_token_create(user=dave, name="Laptop")
    client = by_token(phone.key)
    listed = client.get("/api/auth/tokens/").json()["results"]
    assert [(row["name"], row["prefix"], row["owner_name"]) for row in listed] == [
        ("Laptop", laptop.token.prefix, "dave"), ("Phone", phone.token.prefix, "dave"),
    ]
    assert laptop.key not in str(listed) and "digest" not in listed[0]
    assert client.delete(f"/api/auth/tokens/{laptop.token.pk}/").status_code == 204
    refused = by_token(laptop.key).get("/api/tickets/")
    assert refused.status_code == 401
    assert refused.json()["error"] == {
        "code": "token_revoked", "message": "This token no longer works: revoked by its owner. Ask for a new one.",
        "fields": {},
    }
    assert [row["name"] for row in client.get("/api/auth/tokens/").json()["results"]] == ["Phone"]
    created, revoked = AuditEntry.objects.filter(
        action__startswith="token.", target_id=str(laptop.token.pk)
    ).order_by("id")
    assert (created.action, created.actor, created.data["name"]) == ("token.create", dave, "Laptop")
    assert (revoked.action, revoked.actor, revoked.data["reason"]) == ("token.revoke", dave, "owner")


def test_nobody_else_lists_or_revokes_someones_token(dave, erin, alice, carol):
    daves = api_token_create(user=dave, name="Dave's script")
    for other in (erin, alice, carol):
        client = by_token(api_token_create(user=other).key)
        assert "Dave's script" not in client.get("/api/auth/tokens/").content.decode()
        assert client.delete(f"/api/auth/tokens/{daves.token.pk}/").status_code == 404
    staff_page = by_session(carol)
    assert staff_page.post(f"/team/tokens/{daves.token.pk}/revoke/").status_code == 404
    assert "Dave's script" not in staff_page.get("/team/tokens/").content.decode()
    assert ApiToken.objects.get(pk=daves.token.pk).revoked_at is None


def test_admins_list_and_revoke_anyones_token_under_the_persona(adam, alice, dave):
    alices = api_token_create(user=alice, name="Alice laptop")
    api_token_create(user=dave, name="Dave's script")
    client = APIClient()
    client.force_login(adam)
    listed = {row["name"]: row["owner_name"] for row in client.get("/api/auth/tokens/").json()["results"]}
    assert listed == {"Alice laptop": "Harbor Wren", "Dave's script": "dave"}  # never her real name
    page = by_session(adam).get("/team/tokens/").content.decode()
    assert "Alice laptop" in page and "Harbor Wren" in page and "Alicia" not in page
    assert client.delete(f"/api/auth/tokens/{alices.token.pk}/").status_code == 204
    token = ApiToken.objects.get(pk=alices.token.pk)
    assert (token.revoked_reason, token.revoked_by) == ("admin", adam)
    assert AuditEntry.objects.get(action="token.revoke").data == {
        "owner": alice.pk, "name": "Alice laptop", "reason": "admin",
    }


def test_the_tokens_page_shows_a_new_secret_once(alice):
    client = by_session(alice)
    made = client.post("/team/tokens/", {"name": "Nightly export"})
    token = ApiToken.objects.get(user=alice)
    key = made.content.decode().split('id="issued-key" value="')[1].split('"')[0]
    assert token_digest(key) == token.digest and token.name == "Nightly export"
    assert made["Cache-Control"] == "no-store"
    again = client.get("/team/tokens/").content.decode()
    assert key not in again and token.prefix in again and "Nightly export" in again
    assert client.post(f"/team/tokens/{token.pk}/revoke/").status_code == 302
    assert "<td>Nightly export</td>" not in client.get("/team/tokens/").content.decode()


def test_a_new_password_kills_every_token_and_every_other_session(alice, dave_ticket):
    issued = api_token_create(user=alice)
    elsewhere = by_session(alice)
    assert elsewhere.get("/inbox/").status_code == 200
    alice.set_password("a-new-long-password")
    alice.save()
    refused = by_token(issued.key).get("/api/tickets/")
    assert refused.json()["error"]["code"] == "token_revoked"
    assert "password changed" in refused.json()["error"]["message"]
    assert elsewhere.get("/inbox/")["Location"].startswith("/login/")


def test_saving_a_user_without_a_new_password_keeps_the_tokens(alice):
    issued = api_token_create(user=alice)
    alice.last_name = "Renamed"
    alice.save()
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is None


def test_sign_out_everywhere_ends_every_session_and_token(alice, dave_ticket, clock):
    issued = api_token_create(user=alice)
    laptop, phone = by_session(alice), by_session(alice)
    clock.advance(seconds=1)
    page = phone.post("/team/sign-out-everywhere/")
    assert "Signed out everywhere" in page.content.decode() and "1 API token no longer works" in page.content.decode()
    for client in (laptop, phone):
        response = client.get("/inbox/", follow=True)
        assert response.redirect_chain[0][0].startswith("/login/")
    assert by_token(issued.key).get("/api/tickets/").status_code == 401
    clock.advance(seconds=1)
    assert by_session(alice).get("/inbox/").status_code == 200  # signing in again works
    [entry] = AuditEntry.objects.filter(action="auth.sign_out_everywhere")
    assert (entry.actor, entry.data) == (alice, {"tokens": 1, "reason": "sign_out"})


def test_the_api_signs_a_customer_out_everywhere(dave, dave_ticket, clock):
    first, second = api_token_create(user=dave), api_token_create(user=dave)
    browser = by_session(dave)
    clock.advance(seconds=1)
    response = by_token(first.key).post("/api/auth/sign-out-everywhere/")
    assert response.json() == {"tokens_revoked": 2}
    assert by_token(second.key).get("/api/tickets/").status_code == 401
    assert browser.get("/portal/")["Location"].startswith("/login/")


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor cannot run inside the test's transaction
def test_existing_clear_tokens_are_hashed_and_keep_working_until_they_expire(dave, dave_ticket):
    key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id int)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [key, timezone.now(), dave.pk])
    with connection.schema_editor() as editor:
        MIGRATION.hash_authtoken_keys(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    token = ApiToken.objects.get(user=dave)
    assert token.digest == token_digest(key) and token.prefix == key[:8]
    assert token.expires_at > timezone.now() + timedelta(days=29)
    assert len(by_token(key).get("/api/tickets/").json()["results"]) == 1
