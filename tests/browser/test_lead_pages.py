"""The leads' pages in Chromium: no console error and no request to another host, on any of them."""
from urllib.parse import urlsplit

import pytest

from escalation.services import escalation_raise

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect


def test_lead_pages_load_without_console_errors_or_outside_requests(page, login, live_server, carol, dave_ticket):
    escalation = escalation_raise(ticket=dave_ticket, category="legal_regulatory", note="Letter from a lawyer")
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    here = urlsplit(live_server.url).netloc
    page.on("request", lambda request: outside.append(request.url)
            if urlsplit(request.url).scheme in ("http", "https") and urlsplit(request.url).netloc != here else None)
    login(page, "carol")
    for url in ("/leads/", f"/leads/e/{escalation.pk}/", "/leads/dashboard/", "/leads/urgency-rules/",
                "/leads/response-templates/", "/leads/schedule/", "/leads/suspended/"):
        assert page.goto(url).status == 200, url
        expect(page.locator("h1").first).to_be_visible()
    page.goto("/leads/")
    expect(page.locator("#triage tbody tr[data-id]")).to_have_count(1)
    assert errors == [] and outside == []


def test_the_triage_duty_form_and_the_action_radios_sit_on_one_line(page, login, carol, dave_ticket):
    """At 1280 px: "for [8] hours" is one line, and each action's radio sits beside its name (they were
    stretched to the full width, on a line of their own above it)."""
    escalation = escalation_raise(ticket=dave_ticket, category="legal_regulatory", note="Letter from a lawyer")
    login(page, "carol")
    page.goto("/leads/")
    hours = page.locator(".duty input[type=number]").first.bounding_box()
    button = page.locator(".duty").get_by_role("button", name="Go on duty").first.bounding_box()
    assert hours["width"] < 150 and abs(hours["y"] - button["y"]) < 20
    page.goto(f"/leads/e/{escalation.pk}/")
    radio = page.get_by_role("radio", name="Sent a warning").bounding_box()
    name = page.locator("label[for=id_kind_1]").bounding_box()
    assert radio["width"] < 40 and abs(radio["y"] - name["y"]) < 20 and radio["x"] < name["x"]
