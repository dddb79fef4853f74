"""An agent escalates from the ticket page in Chromium: a refused form shows why, in place, with what was typed."""
import pytest

from escalation.models import Escalation

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect


def test_a_refused_raise_shows_its_error_and_keeps_the_note(page, login, alice, dave_ticket):
    login(page, "alice")
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    page.get_by_text("Escalate to the leads").click()
    form = page.locator("form.raise-form")
    form.get_by_label("What is urgent").select_option("press_media")
    note = form.get_by_label("Note for the leads")
    note.evaluate("box => box.removeAttribute('maxlength')")  # as an older browser or a paste past it would
    long_note = "A reporter from the Gazette called twice about the outage. " * 40
    note.fill(long_note)
    form.get_by_role("button", name="Escalate").click()
    expect(page.locator("form.raise-form [role=alert]")).to_contain_text("at most 2000 characters")
    expect(page.locator("form.raise-form textarea")).to_have_value(long_note)
    assert not Escalation.objects.exists()
    page.locator("form.raise-form textarea").fill("A reporter from the Gazette called twice about the outage.")
    page.get_by_role("button", name="Escalate").click()
    expect(page.get_by_text("Escalated to the team leads as press or media.")).to_be_visible()
    assert Escalation.objects.get().category == "press_media"
