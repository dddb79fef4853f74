"""The browser plumbing works end to end: Chromium loads pages from the live server and submits forms."""
import pytest

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect


def test_login_page_renders(page):
    page.goto("/login/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_label("Username")).to_be_focused()


def test_wrong_password_shows_the_error_and_keeps_the_username(page, alice):
    page.goto("/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("not-her-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_label("Username")).to_have_value("alice")
    assert page.url.endswith("/login/")


def test_login_helper_signs_in(page, login, alice):
    login(page, "alice")
    assert "/login/" not in page.url
