"""An agent opens a ticket after a phone call with the New ticket page; the customer sees only what the gate
published, under the persona. Tasks run in-process (eagerly), as a worker would run them."""
import pytest

from tickets.models import CUSTOMER_SUBJECT_PLACEHOLDER

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect

CLEAN = "Thanks for calling us today. We have refunded the duplicate charge; it shows in 3-5 days."
LEAKY = "Alicia Realname here, following up on our call. Erin had the same issue (erin@mail.example)."


def open_after_call(page, *, subject: str, reply: str, note: str) -> None:
    page.goto("/inbox/")
    page.get_by_role("link", name="New ticket").click()
    page.get_by_label("Find a customer by name or handle").fill("Dave")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("combobox", name="Customer", exact=True).select_option(label="Dave Customer (@davec)")
    page.get_by_label("Queue", exact=True).select_option(label="Billing")
    page.get_by_label("How they reached us").select_option(label="Phone")
    page.get_by_label("Subject", exact=True).fill(subject)
    page.get_by_label("First reply to the customer").fill(reply)
    page.get_by_label("Internal note", exact=True).fill(note)
    page.get_by_role("button", name="Open ticket").click()
    page.wait_for_url("**/inbox/t/**")


def test_agent_opens_a_ticket_after_a_call_and_the_customer_reads_the_persona_reply(
    page, new_page, login, alice, dave, dave_ticket, eager_celery
):
    login(page, "alice")
    open_after_call(page, subject="Your refund after our call", reply=CLEAN, note="Caller upset about March.")
    expect(page.locator(".flash")).to_contain_text("is open")
    reference = page.url.rstrip("/").rsplit("/", 1)[-1]
    expect(page.locator(".thread")).to_contain_text(CLEAN)

    customer = new_page()
    login(customer, "dave")
    customer.goto("/portal/")
    expect(customer.get_by_role("cell", name="Your refund after our call")).to_be_visible()
    customer.goto(f"/portal/tickets/{reference}/")
    reply = customer.locator("article.msg.reply")
    expect(reply).to_contain_text(CLEAN)
    expect(reply).to_contain_text("Harbor Wren")
    html = customer.content()
    for private in ("Alicia", "Realname", "alice@home.example", "upset"):
        assert private not in html


def test_a_leaky_first_reply_is_held_and_the_customer_sees_only_the_placeholder(
    page, new_page, login, alice, dave, dave_ticket, eager_celery
):
    login(page, "alice")
    open_after_call(page, subject="Call with Alicia Realname", reply=LEAKY, note="Mentioned Erin's case.")
    reference = page.url.rstrip("/").rsplit("/", 1)[-1]
    composer = page.locator("#composer")
    expect(composer).to_contain_text("Held")
    expect(composer.get_by_label("Subject the customer will see (checked with the reply)")).to_have_value(
        "Call with Alicia Realname"
    )

    customer = new_page()
    login(customer, "dave")
    customer.goto(f"/portal/tickets/{reference}/")
    expect(customer.get_by_role("heading", level=1)).to_have_text(str(CUSTOMER_SUBJECT_PLACEHOLDER))
    html = customer.content()
    for private in ("Alicia", "Realname", "Erin", "erin@mail.example"):
        assert private not in html
