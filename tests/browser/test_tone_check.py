"""The tone check beside the composer, in the browser: warnings follow what the agent types, and a template a
lead wrote goes into the draft after the typed text. Warnings never disable Send."""
import pytest

from escalation.responses import response_template_add

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect

TEMPLATE = "I'm sorry about this, {customer_first_name}. Could you tell me when it started? I'll look into it."


def test_warnings_follow_the_draft_and_a_template_is_inserted(page, login, alice, carol, dave_ticket):
    response_template_add(lead=carol, category="public_viral", title="Apology", body=TEMPLATE)
    login(page, "alice")
    page.goto(f"/inbox/t/{dave_ticket.reference}/")
    checklist = page.locator("#reply-checklist")
    body = page.get_by_label("Your reply")
    body.fill("We will refund you in full.")
    expect(checklist.locator('[data-code="promises_outcome"]')).to_contain_text("“We will refund”")
    expect(checklist.locator('[data-code="missing_empathy"]')).to_be_visible()
    expect(page.get_by_role("button", name="Send reply")).to_be_enabled()

    body.fill("Sorry about the charge! Which card was it? I'll look into it.")
    expect(checklist).to_contain_text("No tone warnings.")

    page.get_by_label("Start from a response template").select_option(label="Apology")
    page.get_by_role("button", name="Insert template").click()
    first = dave_ticket.customer.name.split()[0]
    expect(page.get_by_label("Your reply")).to_have_value(
        f"Sorry about the charge! Which card was it? I'll look into it.\n\nI'm sorry about this, {first}. "
        "Could you tell me when it started? I'll look into it."
    )
