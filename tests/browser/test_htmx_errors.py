"""In Chromium: an htmx form posted on a ticket that left the agent's queues meanwhile says so on the page, where
before the click did nothing at all (htmx 2 swaps no 404)."""
import pytest

from escalation.models import Escalation
from tickets.services import ticket_change

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect


def test_escalating_a_ticket_moved_out_of_the_queue_says_it_is_gone(page, login, alice, adam, dave_ticket, queue_b):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, "alice")
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    page.get_by_text("Escalate to the leads").click()
    form = page.locator("form.raise-form")
    form.get_by_label("What is urgent").select_option("press_media")
    form.get_by_label("Note for the leads").fill("A reporter called.")
    ticket_change(ticket=dave_ticket, actor=adam, queue=queue_b)  # another person moves it meanwhile
    form.get_by_role("button", name="Escalate").click()
    alert = page.locator("#htmx-alert")
    expect(alert).to_contain_text("no longer in your queues")
    expect(alert.get_by_role("link", name="Reload the page")).to_have_attribute(
        "href", f"/inbox/t/{dave_ticket.reference}/")
    expect(form.get_by_label("Note for the leads")).to_have_value("A reporter called.")  # the form stays
    assert not Escalation.objects.exists() and errors == []
