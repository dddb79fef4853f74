"""The demo runs with DEBUG on, yet every error is Tact's own page: no URL list, no traceback, no settings.

Django's technical pages come back only when a developer asks for them (TACT_DEBUG_ERROR_PAGES=1).
"""
import logging

import pytest
from django.test import Client, override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.ops.error_urls")]

DEBUG_DEMO = {"DEBUG": True, "TACT_ERROR_PAGES": {"DEBUG_PAGES": False}}
DJANGO_PAGE_MARKERS = ("Using the URLconf", "Traceback", "DJANGO_SETTINGS_MODULE", "Request Method:", "inbox/t/")


def _assert_tact_page(response, status: int, title: str):
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in html
    assert 'class="topbar"' in html  # the themed layout, not a bare page
    for marker in DJANGO_PAGE_MARKERS:
        assert marker not in html, marker
    return html


@override_settings(**DEBUG_DEMO)
def test_unknown_address_is_tacts_404_without_the_url_list(client):
    _assert_tact_page(client.get("/no-such-page/"), 404, "Not found")


@override_settings(**DEBUG_DEMO)
def test_a_views_not_found_is_tacts_404_and_names_no_staff(client, alice):
    client.force_login(alice)
    html = _assert_tact_page(client.get("/inbox/t/T-NOPE/"), 404, "Not found")
    assert "Alicia" not in html and "Realname" not in html
    assert "Harbor Wren" in html  # the viewer's own persona in the top bar, as on every page


@override_settings(**DEBUG_DEMO)
def test_a_crash_is_tacts_500_and_the_traceback_goes_to_the_log(client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test-errors/crash/")
    _assert_tact_page(response, 500, "Something went wrong")
    assert "boom: a bug in a view" not in response.content.decode()
    assert any("boom: a bug in a view" in str(record.exc_info[1]) for record in caplog.records if record.exc_info)


@override_settings(**DEBUG_DEMO)
def test_suspicious_input_is_tacts_400(client):
    _assert_tact_page(client.get("/test-errors/suspicious/"), 400, "Bad request")


@override_settings(**DEBUG_DEMO)
def test_permission_denied_is_tacts_403(client):
    _assert_tact_page(client.get("/test-errors/forbidden/"), 403, "Not allowed")


@override_settings(**DEBUG_DEMO)
def test_a_host_we_do_not_serve_is_tacts_400(client):
    _assert_tact_page(client.get("/login/", HTTP_HOST="evil.example"), 400, "Bad request")


@override_settings(**DEBUG_DEMO)
def test_a_stale_form_is_explained_not_diagnosed(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    html = _assert_tact_page(client.post("/logout/"), 403, "This form has expired")
    assert "reload the page" in html
    assert "CSRF cookie not set" not in html and "CSRF verification failed" not in html


@override_settings(**DEBUG_DEMO)
def test_api_errors_stay_json_with_debug_on(client, alice):
    client.force_login(alice)
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found", "fields": {}}}


@override_settings(DEBUG=False)
def test_production_shows_the_same_page(client):
    _assert_tact_page(client.get("/no-such-page/"), 404, "Not found")


@override_settings(DEBUG=True, TACT_ERROR_PAGES={"DEBUG_PAGES": True})
def test_developers_can_ask_for_djangos_debug_pages(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()


@override_settings(DEBUG=False, TACT_ERROR_PAGES={"DEBUG_PAGES": True})
def test_the_opt_in_means_nothing_without_debug(client):
    _assert_tact_page(client.get("/no-such-page/"), 404, "Not found")


@pytest.mark.urls("config.urls")
@pytest.mark.parametrize("debug", [True, False])
def test_opening_a_form_only_address_is_tacts_page_not_an_empty_405(client, carol, debug):
    """After a refused form the address bar shows the form's address (/leads/e/1/claim/); opening it again
    must not be a blank browser error."""
    client.force_login(carol)
    with override_settings(DEBUG=debug, TACT_ERROR_PAGES={"DEBUG_PAGES": False}):
        response = client.get("/leads/e/1/claim/")
        html = _assert_tact_page(response, 405, "This address takes a form")
        assert response["Allow"] == "POST" and "Go back to the page you came from" in html
        german = client.get("/leads/e/1/claim/", HTTP_ACCEPT_LANGUAGE="de")
        assert german.status_code == 405 and "zurück zur Seite, von der Sie kamen" in german.content.decode()
