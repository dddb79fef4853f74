"""The strict Content-Security-Policy breaks nothing: pages, htmx and the composer run without one violation."""
import pytest

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect


def _violations(page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    return seen


def test_staff_pages_and_htmx_run_under_the_policy(page, login, carol, dave_ticket):
    violations = _violations(page)
    login(page, "carol")
    page.goto("/inbox/")
    page.get_by_label("Search").fill("Charged")
    expect(page.locator("#inbox-results")).to_contain_text("Charged twice for March")  # htmx swapped it in
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    expect(page.get_by_role("heading", name="Customer", exact=True)).to_be_visible()
    page.goto("/team/audit/")
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    expect(page.locator("tbody")).to_contain_text("Viewed a customer's private context")
    page.goto("/team/persona/")
    assert violations == []


def test_a_policy_violation_would_be_seen(page, login, alice):
    """The listener above is not blind: an inline script on our pages is refused and reported."""
    violations = _violations(page)
    login(page, "alice")
    page.goto("/inbox/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';
                             document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert any("script-src" in text for text in violations)
    assert page.evaluate("() => window.x") is None
