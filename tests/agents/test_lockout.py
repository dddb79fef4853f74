"""Failed sign-ins lock the account and the client out (django-axes), on the sign-in page and the token
endpoint, counted in the database and keyed on config.client_ip's address, never on a header a client sends."""
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from rest_framework.test import APIClient

from agents.signin_audit import tried_hash

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


def _axes_text() -> str:
    """Every text django-axes keeps, across all of its tables, lower-cased."""
    rows = [
        value
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
        for row in model.objects.values()
        for value in row.values()
    ]
    return "\n".join(str(value) for value in rows).lower()


@override_settings(AXES_FAILURE_LIMIT=LIMIT, AXES_ENABLE_ACCESS_FAILURE_LOG=True)
def test_an_email_typed_by_mistake_leaves_no_typed_text_in_axes_tables(alice):
    """Someone types a customer's email in the username box: axes counts the name by its keyed hash, and the
    request data it keeps masks what was typed (the same as the audit trail, `agents.signin_audit`)."""
    typed = "Priya.Raman@acme.example"
    assert _fail(Client(REMOTE_ADDR="192.0.2.1"), typed, 2) is None
    attempt = AccessAttempt.objects.get()
    assert attempt.username == f"unknown:{tried_hash(typed)}" and attempt.failures_since_start == 2
    assert AccessFailureLog.objects.count() == 2
    kept = _axes_text()
    assert "priya" not in kept and "acme" not in kept and "wrong" not in kept


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_an_account_is_counted_as_one_by_its_username_in_any_case(alice):
    """The count is the account's, from any address and in any case; axes keeps its username."""
    names = ["alice", "ALICE", "alice", " Alice ", "aLiCe"]
    for n, name in enumerate(names):
        _sign_in(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), name, "wrong")
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"alice"}
    assert _sign_in(Client(REMOTE_ADDR="192.0.2.99"), "alice", "pw").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_an_accounts_email_typed_again_and_again_does_not_lock_the_account_out(alice):
    """Only a username signs in, so failures typed as an account's email guess no password of it: they are
    counted as the email's own name (and per address), never as the account's. Anyone who knows a customer's
    email, far more widely known than their username, cannot keep them locked out, nor learn from a lockout
    which username an email belongs to."""
    for n in range(LIMIT + 1):
        _sign_in(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), "Alice@Home.example", "wrong")
    assert _sign_in(Client(REMOTE_ADDR="192.0.2.99"), "alice", "pw").status_code == 302
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {
        f"unknown:{tried_hash('alice@home.example')}"}


@override_settings(AXES_FAILURE_LIMIT=LIMIT)
def test_a_name_that_is_no_account_is_still_locked_out_by_its_hash(alice):
    """A spray of one unknown name from many addresses locks that name out, and no other."""
    for n in range(LIMIT - 1):
        _sign_in(Client(REMOTE_ADDR=f"192.0.2.{n + 1}"), "priya.raman@acme.example", "wrong")
    locked = _sign_in(Client(REMOTE_ADDR="192.0.2.50"), "PRIYA.RAMAN@acme.example", "wrong")
    assert locked.status_code == 429
    assert _sign_in(Client(REMOTE_ADDR="192.0.2.51"), "alice", "pw").status_code == 302
    # An operator unlocks it by the hash its audit entry shows.
    call_command("axes_reset_username", f"unknown:{tried_hash('priya.raman@acme.example')}")
    again = _sign_in(Client(REMOTE_ADDR="192.0.2.52"), "priya.raman@acme.example", "wrong")
    assert again.status_code == 200 and "Please enter a correct username and password" in again.content.decode()
