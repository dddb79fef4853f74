"""Failed sign-ins lock the account and the client out (django-axes), on the sign-in page and the token
endpoint, counted in the database and keyed on config.client_ip's address, never on a header a client sends."""
import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from rest_framework.test import APIClient

LIMIT = 5
TOKEN_URL = "/api/auth/token/"


@pytest.fixture(autouse=True)
def _fresh_rate_throttle():
    """The token endpoint's rate throttle counts in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def _sign_in(client, username, password, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def _fail(client, username, times, **extra):
    for _ in range(times):
        response = _sign_in(client, username, "wrong", **extra)
        if response.status_code == 429:
            return response
        assert "Please enter a correct username and password" in response.content.decode()
    return None


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_wrong_passwords_then_the_right_one_is_refused_with_a_page_saying_when(alice):
    client = Client()
    locked = _fail(client, "alice", LIMIT)
    assert locked is not None and locked.status_code == 429
    response = _sign_in(client, "alice", "pw")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many failed sign-ins. Try again after" in html
    assert "in about 15 minutes" in html
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_a_few_failures_then_the_right_password_signs_in_and_clears_the_count(alice):
    client = Client()
    assert _fail(client, "alice", LIMIT - 1) is None
    assert _sign_in(client, "alice", "pw").status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert not AccessAttempt.objects.filter(username="alice", failures_since_start__gt=0).exists()


@override_settings(AXES_FAILURE_LIMIT=LIMIT, TACT_TRUSTED_PROXIES=0)
def test_a_forged_forwarded_for_does_not_reset_the_count(alice):
    client = Client()
    for n in range(LIMIT - 1):
        _sign_in(client, "alice", "wrong", HTTP_X_FORWARDED_FOR=f"10.9.0.{n}")
    response = _sign_in(client, "alice", "wrong", HTTP_X_FORWARDED_FOR="10.9.0.99")
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_the_client_is_locked_out_across_usernames(alice, bob):
    client = Client()
    for n in range(LIMIT):
        _sign_in(client, f"guess{n}", "wrong")
    response = _sign_in(client, "bob", "pw")
    assert response.status_code == 429
    from_elsewhere = _sign_in(Client(REMOTE_ADDR="192.0.2.7"), "bob", "pw")
    assert from_elsewhere.status_code == 302


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_the_lockout_holds_across_workers_because_it_lives_in_the_database(alice):
    """Two clients stand for two web workers: they share nothing but the database."""
    first, second = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    for n in range(LIMIT):
        _sign_in(first if n % 2 else second, "alice", "wrong")
    assert AccessAttempt.objects.filter(username="alice").count() == 2
    assert _sign_in(Client(REMOTE_ADDR="192.0.2.3"), "alice", "pw").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_the_token_endpoint_locks_out_in_the_api_error_format(alice):
    client = APIClient()
    for _ in range(LIMIT - 1):
        assert client.post(TOKEN_URL, {"username": "alice", "password": "wrong"}, format="json").status_code == 400
    client.post(TOKEN_URL, {"username": "alice", "password": "wrong"}, format="json")
    response = client.post(TOKEN_URL, {"username": "alice", "password": "pw"}, format="json")
    assert response.status_code == 429
    error = response.json()["error"]
    assert error["code"] == "locked_out"
    assert error["message"].startswith("Too many failed sign-ins. Try again after")
    assert int(response["Retry-After"]) == 15 * 60
    assert "token" not in response.json()


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_an_admin_unlocks_an_account_with_the_axes_command(alice):
    client = Client(REMOTE_ADDR="192.0.2.1")
    _fail(client, "alice", LIMIT)
    call_command("axes_reset_username", "alice")
    assert _sign_in(Client(REMOTE_ADDR="192.0.2.2"), "alice", "pw").status_code == 302
