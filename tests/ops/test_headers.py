"""Security headers on representative pages and API answers, and templates that stay free of inline script.

The policy has no 'unsafe-inline' for scripts or styles, so an inline <script>, an on* handler or a style
attribute in a template would silently stop working in the browser: the template scan fails first.
"""
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from config.headers import CSP, CSP_INLINE_STYLES, PERMISSIONS_POLICY

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
# Emails are not pages: mail clients need inline styles and never run a script.
NOT_PAGES = {ROOT / "templates" / "email"}
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
JS_URL = re.compile(r"""=\s*["']\s*javascript:""", re.IGNORECASE)
STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)


def _assert_private_page_headers(response, csp: str = CSP) -> None:
    assert response["Content-Security-Policy"] == csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert "no-store" in [part.strip() for part in response["Cache-Control"].split(",")]
    assert "Server" not in response


def test_template_scan_finds_what_it_looks_for():
    bad = '<script>alert(1)</script><a href="javascript:x()" onclick="x()" style="color:red"><style>'
    assert INLINE_SCRIPT.search(bad) and HANDLER.search(bad) and JS_URL.search(bad)
    assert STYLE_ATTR.search(bad) and STYLE_TAG.search(bad)
    assert not INLINE_SCRIPT.search('<script src="/static/js/tact.js" defer></script>')
    assert not HANDLER.search('<button hx-on="x" data-one="y">')


def test_no_template_has_inline_script_handlers_or_styles():
    offenders = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            if any(parent in NOT_PAGES for parent in path.parents):
                continue
            text = path.read_text()
            for name, pattern in [
                ("inline <script>", INLINE_SCRIPT), ("on* handler", HANDLER), ("javascript: URL", JS_URL),
                ("style attribute", STYLE_ATTR), ("<style> element", STYLE_TAG),
            ]:
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    offenders.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert offenders == [], "move these into static/js or static/css:\n" + "\n".join(offenders)


def test_sign_in_page(client):
    response = client.get(reverse("login"))
    assert b'<script src="/static/js/tact.js" defer></script>' in response.content
    _assert_private_page_headers(response)


def test_staff_pages(client, carol, dave_ticket):
    client.force_login(carol)
    for url in [reverse("inbox"), reverse("ticket_detail", args=[dave_ticket.reference]), reverse("agents:audit")]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_private_page_headers(response)
    assert b"dave@mail.example" in client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content


def test_customer_portal_page(client, dave, dave_ticket):
    client.force_login(dave)
    response = client.get(reverse("portal_ticket", args=[dave_ticket.reference]))
    assert dave_ticket.subject in response.content.decode()
    _assert_private_page_headers(response)


def test_not_found_page_too(client, dave):
    client.force_login(dave)
    response = client.get("/inbox/t/NOPE-1/")
    assert response.status_code == 404
    _assert_private_page_headers(response)


def test_api_answers(dave, dave_ticket, alice):
    client = APIClient()
    client.force_authenticate(alice)
    urls = ["/api/tickets/", f"/api/customers/{dave_ticket.customer_id}/", f"/api/tickets/{dave_ticket.reference}/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json"
        _assert_private_page_headers(response)
    assert "dave@mail.example" in client.get(f"/api/customers/{dave_ticket.customer_id}/").json()["emails"]
    refused = APIClient().get("/api/tickets/")
    assert refused.status_code == 401
    _assert_private_page_headers(refused)


def test_api_docs_load_their_script_from_a_url_and_only_styles_are_inline(client, db):
    response = client.get(reverse("api-docs"))
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html)
    assert '?script=' in html
    _assert_private_page_headers(response, csp=CSP_INLINE_STYLES)
    script = client.get(reverse("api-docs") + "?script=")
    assert script["Content-Type"].startswith("application/javascript") and b"SwaggerUIBundle" in script.content


def test_avatars_keep_their_own_public_caching(client, alice):
    seed = alice.staff.persona.avatar_seed
    response = client.get(reverse("agents:avatar", args=[seed]))
    assert "public" in response["Cache-Control"] and "no-store" not in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"


def test_static_files_are_not_no_store(client):
    response = client.get("/static/css/tact.css")
    assert response.status_code == 200
    assert response.get("Cache-Control", "") != "no-store"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_gunicorn_sends_no_server_banner(tmp_path):
    """The real web server with the repository's config: no `Server` header, and Django's headers on top."""
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {"TACT_TESTING": "1", "TACT_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "gunicorn.conf.py",
        "--bind", f"127.0.0.1:{port}", "--workers", "1",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5)  # noqa: S310
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not answer:\n{log.read_text()[-3000:]}")
                time.sleep(0.2)
        assert response.status == 200
        assert response.headers.get("Server") is None
        assert response.headers["Content-Security-Policy"] == CSP
        assert "no-store" in response.headers["Cache-Control"]
    finally:
        process.terminate()
        process.wait(10)
