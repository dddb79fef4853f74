"""The sign-in lockout holds across web processes: two real gunicorn servers (the production config, one worker
each) share nothing but the PostgreSQL test database, and failures counted by one lock the account on the other.

Each request comes "through a proxy" from its own address (TACT_TRUSTED_PROXIES=1), so what locks is the
account's count, not one client's.
"""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from tests.integration.conftest import _database_url

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="two processes share a database only on PostgreSQL"),
]
LIMIT = 3
READY_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(port: int, log: Path) -> subprocess.Popen:
    env = {
        **os.environ, "DATABASE_URL": _database_url(), "TACT_TESTING": "1", "TACT_TRUSTED_PROXIES": "1",
        "TACT_LOGIN_FAILURE_LIMIT": str(LIMIT), "PYTHONUNBUFFERED": "1",
    }
    env.pop("TACT_TEST_DB_SUFFIX", None)
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "gunicorn.conf.py",
               "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait_ready(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return
        except urllib.error.HTTPError:
            return  # it answers (health may be 503 without workers): it is up
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn was not up after {READY_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def two_servers(transactional_db, tmp_path):
    ports = [_free_port(), _free_port()]
    processes = [_start(port, tmp_path / f"web{i}.log") for i, port in enumerate(ports)]
    try:
        for i, (process, port) in enumerate(zip(processes, ports, strict=True)):
            _wait_ready(process, port, tmp_path / f"web{i}.log")
        yield [f"http://127.0.0.1:{port}" for port in ports], {process.pid for process in processes}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


_counter = iter(range(1, 250))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A successful sign-in is its 302, not the page it leads to."""

    def redirect_request(self, *args, **kwargs):
        return None


def _sign_in(base: str, username: str, password: str) -> int:
    """A fresh browser from a fresh address: GET the form for its CSRF token, POST it; the status code."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    address = f"198.51.100.{next(_counter)}"
    form = opener.open(  # noqa: S310 (a URL this test built)
        urllib.request.Request(f"{base}/login/", headers={"X-Forwarded-For": address}), timeout=10  # noqa: S310
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.read().decode()).group(1)
    body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(  # noqa: S310 (a URL this test built)
        f"{base}/login/", data=body.encode(), headers={"X-Forwarded-For": address, "Referer": f"{base}/login/"}
    )
    try:
        return opener.open(request, timeout=10).status  # noqa: S310 (a URL this test built)
    except urllib.error.HTTPError as exc:  # 302 (signed in, not followed) and 429 (locked out) land here
        return exc.code


def test_failures_on_one_server_lock_the_account_on_the_other(two_servers, alice, bob):
    (first, second), pids = two_servers
    assert len(pids) == 2
    assert _sign_in(second, "bob", "pw") == 302  # both servers sign people in
    for _ in range(LIMIT - 1):
        assert _sign_in(first, "alice", "wrong") == 200  # the form again, with its error
    assert _sign_in(second, "alice", "wrong") == 429  # the limit reached on the other server: locked at once
    assert _sign_in(second, "alice", "pw") == 429
    assert _sign_in(first, "alice", "pw") == 429
    attempts = AccessAttempt.objects.filter(username="alice")
    assert sum(attempts.values_list("failures_since_start", flat=True)) >= LIMIT
    assert len(set(attempts.values_list("ip_address", flat=True))) >= LIMIT  # each from its own address
    assert _sign_in(first, "bob", "pw") == 302  # only the account is locked, not the servers
