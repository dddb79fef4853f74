"""Browser-test plumbing: Debian's Chromium driven by Playwright's sync API against pytest-django's live_server.

Every test under tests/browser is marked `browser` and skips, with the reason, where Chromium or Playwright
is missing (CI installs Chromium). Use the `page` fixture (a fresh browser context per test, base URL set to
the live server, so `page.goto("/inbox/")` works), `new_page()` for a second person's browser, and
`login(page, "alice")`. Test modules take Playwright's `expect` with
`expect = pytest.importorskip("playwright.sync_api", reason=...).expect`, so they skip rather than error
where Playwright is not installed.
"""
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from tests.factories import totp_code

CHROMIUM = Path("/usr/bin/chromium")
# Headless as root on a machine with no network but loopback: without the background-networking flags
# Chromium keeps trying (and failing) to reach Google's hosts at every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests `browser` (a conftest hook sees the whole session's items, so filter)."""
    for item in items:
        if BROWSER_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def browser() -> Iterator:
    """One Chromium for this folder's tests; closed (and the env var below restored) when they are done."""
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright package (pip install playwright)")
    # Playwright's sync API keeps an asyncio loop running in this thread, which makes Django refuse ORM
    # calls from the test itself (SynchronousOnlyOperation). The calls are synchronous; allow them.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """`new_page()`: another signed-out browser (its own cookies), e.g. the customer beside the agent."""
    contexts = []

    def open_page(width: int = 1280, height: int = 800):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in its own browser context (no cookies shared between tests), 1280 px wide."""
    return new_page()


@pytest.fixture
def login() -> Callable:
    """`login(page, username)`: sign in through the real form; test users' password is "pw" (factories). Leads
    and admins are enrolled (tests/factories.py): their second step gets the code their authenticator shows now."""

    def sign_in(page, username: str, password: str = "pw") -> None:
        page.goto("/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/login/" not in url or "/login/verify/" in url)
        if "/login/verify/" in page.url:
            page.get_by_label("Code").fill(totp_code(User.objects.get(username=username)))
            page.get_by_role("button", name="Verify").click()
            page.wait_for_url(lambda url: "/login/" not in url)

    return sign_in

