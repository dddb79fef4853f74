"""The web's statement timeout: only the web process runs under it, and a cancelled statement is a 503 page or
JSON body that says so, never a 500."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import override_settings
from psycopg2.errors import QueryCanceled
from rest_framework.test import APIClient

from agents.tokens import api_token_create

ROOT = Path(__file__).resolve().parents[2]
PRINT_OPTIONS = "from django.conf import settings; print(json.dumps(settings.DATABASES['default']['OPTIONS']))"


def _database_options(code: str, **env) -> dict:
    environ = {key: value for key, value in os.environ.items() if not key.startswith("TACT_WEB")}
    environ.update(DATABASE_URL="postgres://tact@db.invalid:5432/tact", TACT_DEBUG="1", **env)
    script = f"import json, os, django; {code}; {PRINT_OPTIONS}"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_web_process_runs_under_the_timeout_and_nothing_else_does():
    settings_only = "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup()"
    assert _database_options("import config.wsgi") == {"options": "-c statement_timeout=3000"}
    assert _database_options("import config.wsgi", TACT_WEB_STATEMENT_TIMEOUT_MS="800") == {
        "options": "-c statement_timeout=800"
    }
    assert _database_options("import config.wsgi", TACT_WEB_STATEMENT_TIMEOUT_MS="0") == {}
    assert _database_options(settings_only) == {}  # workers, beat, manage.py: no limit


def _cancelled(*args, **kwargs):
    try:
        raise QueryCanceled("canceling statement due to statement timeout")
    except QueryCanceled as error:
        raise OperationalError(*error.args) from error


@pytest.mark.parametrize("debug", [False, True])
def test_a_cancelled_statement_is_a_503_page(client, alice, monkeypatch, debug):
    monkeypatch.setattr("tickets.views_staff.inbox_counts", _cancelled)
    client.force_login(alice)
    with override_settings(DEBUG=debug):
        response = client.get("/inbox/", {"q": "printer"})
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "<h1>That took too long</h1>" in html and "Traceback" not in html
    assert "Nothing you typed was lost" in html


def test_a_cancelled_statement_is_a_503_json_body_in_the_api(alice, monkeypatch):
    monkeypatch.setattr("tickets.api.views.TicketViewSet.get_queryset", _cancelled)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=alice).key}")
    response = client.get("/api/tickets/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "timeout"


def test_other_database_errors_are_still_500s(client, alice, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("tickets.views_staff.inbox_counts", broken)
    client.force_login(alice)
    client.raise_request_exception = False
    assert client.get("/inbox/").status_code == 500


@pytest.mark.django_db(transaction=True)
def test_postgresql_cancels_a_slow_statement_and_the_user_gets_the_503(client, alice, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")

    def slow(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")

    monkeypatch.setattr("tickets.views_staff.inbox_counts", slow)
    client.force_login(alice)
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 100")
    try:
        response = client.get("/inbox/")
        assert response.status_code == 503
        with connection.cursor() as cursor:  # the connection serves the next request
            cursor.execute("SELECT 1")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")
