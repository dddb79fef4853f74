"""An agent adds a note with a file from the ticket page in Chromium (htmx posts the form as multipart); the file
is listed and linked under the note, and the customer's portal shows neither."""
import pytest

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_note_with_a_file_from_the_ticket_page(page, new_page, login, alice, dave, dave_ticket):
    login(page, "alice")
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    page.get_by_label("Note for the team (never shown to the customer)").fill("Ledger checked, see the export.")
    page.get_by_label("Files for the note (only staff see them)").set_input_files(
        files=[{"name": "ledger.csv", "mimeType": "text/csv", "buffer": b"date;amount\n2026-03-01;12.50\n"}]
    )
    page.get_by_role("button", name="Add note").click()
    link = page.locator("#thread a", has_text="ledger.csv")
    expect(link).to_be_visible()
    expect(page.locator("#thread")).to_contain_text("Ledger checked, see the export.")
    assert "/attachments/" in link.get_attribute("href")

    customer = new_page()
    login(customer, "dave")
    customer.goto(f"/portal/tickets/{dave_ticket.reference}/")
    expect(customer.locator("body")).not_to_contain_text("ledger.csv")
    expect(customer.locator("body")).not_to_contain_text("Ledger checked")
