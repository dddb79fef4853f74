"""An agent takes a ticket and answers it with "Send, then solved", by mouse and by keyboard, in Chromium; the
customer finds the reply and the solved status together. Tasks run in-process (eagerly), as a worker would."""
import pytest

from tickets.models import Status

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect

CLEAN = "Thanks for waiting. The duplicate charge has been refunded and should show in 3-5 days."


def test_assign_to_me_then_send_and_solve(page, new_page, login, alice, dave, dave_ticket, eager_celery):
    login(page, "alice")
    page.goto("/inbox/?view=unassigned")
    row = page.locator("tr", has_text=dave_ticket.subject)
    row.get_by_role("button", name="Assign to me").click()
    assert page.url.endswith("/inbox/?view=unassigned")  # back on the same view
    expect(page.locator(".flash")).to_contain_text(f"{dave_ticket.reference} is assigned to you.")
    dave_ticket.refresh_from_db()
    assert dave_ticket.assignee == alice

    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    expect(page.locator("#ticket-summary")).to_contain_text("Assigned to Harbor Wren")
    page.get_by_label("Your reply").fill(CLEAN)
    page.get_by_role("button", name="Send, then solved").click()
    expect(page.locator(".flash")).to_contain_text("The ticket is now solved.")
    expect(page.locator("#ticket-summary")).to_contain_text("Solved")
    expect(page.locator("#thread")).to_contain_text(CLEAN)
    page.locator("#history summary").click()  # the history loads when opened
    expect(page.locator("#history ol.history")).to_contain_text("changed the status from Open to Solved")
    dave_ticket.refresh_from_db()
    assert dave_ticket.status == Status.SOLVED

    customer = new_page()
    login(customer, "dave")
    customer.goto(f"/portal/tickets/{dave_ticket.reference}/")
    expect(customer.locator("article.msg.reply")).to_contain_text(CLEAN)
    expect(customer.locator("body")).to_contain_text("Solved")


def test_the_keyboard_takes_the_ticket_and_sends(page, login, alice, dave_ticket, eager_celery):
    login(page, "alice")
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_have_attribute("open", "")
    page.keyboard.press("a")
    expect(page.locator("#ticket-summary")).to_contain_text("Assigned to Harbor Wren")
    page.keyboard.press("r")
    expect(page.locator("#reply-body")).to_be_focused()
    page.keyboard.type("r")  # in the reply box a letter is just a letter
    expect(page.locator("#reply-body")).to_have_value("r")
    page.locator("#reply-body").fill(CLEAN)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#composer")).to_contain_text("published")
    expect(page.locator("#thread")).to_contain_text(CLEAN)
