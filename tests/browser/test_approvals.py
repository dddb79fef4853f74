"""A contractor asks to delete a customer, a lead approves on the approvals page, the customer is soft-deleted,
and the lead restores them from the deleted list."""
import pytest

from agents.models import PendingAction
from agents.models_approvals import ApprovalStatus
from tickets.models import Customer

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect

REASON = "The customer wrote in asking us to erase their account."


def test_contractor_asks_lead_approves_customer_deleted_then_restored(transactional_db, new_page, login, cora,
                                                                       carol, dave_ticket):
    contractor = new_page()
    login(contractor, "cora")
    contractor.goto(f"/inbox/t/{dave_ticket.reference}/")
    contractor.get_by_label("Why delete this customer (and their tickets)?").fill(REASON)
    contractor.get_by_role("button", name="Ask to delete the customer").click()
    expect(contractor.locator(".flash")).to_contain_text("A lead must approve it")
    mine = contractor.get_by_role("region", name="Your requests")
    expect(mine).to_contain_text("Delete customer @davec")
    expect(mine).to_contain_text("Waiting for a second person")
    assert Customer.objects.get(pk=dave_ticket.customer_id).deleted_at is None

    lead = new_page()
    login(lead, "carol")
    lead.goto("/team/approvals/")
    waiting = lead.get_by_role("region", name="Waiting for you")
    expect(waiting).to_contain_text("Delete customer @davec")
    expect(waiting).to_contain_text(REASON)
    expect(waiting).to_contain_text("Amber Field")
    waiting.get_by_role("button", name="Approve and do it").click()
    expect(lead.locator(".flash")).to_contain_text("Approved and done")
    customer = Customer.objects.get(pk=dave_ticket.customer_id)
    assert customer.deleted_at is not None
    assert PendingAction.objects.get().status == ApprovalStatus.EXECUTED

    contractor.goto(f"/inbox/t/{dave_ticket.reference}/")
    expect(contractor.get_by_role("heading", level=1)).to_contain_text("Not found")

    lead.goto("/inbox/deleted/")
    lead.get_by_role("button", name="Restore @davec").click()
    expect(lead.locator(".flash")).to_contain_text("is restored")
    assert Customer.objects.get(pk=dave_ticket.customer_id).deleted_at is None
    contractor.goto(f"/inbox/t/{dave_ticket.reference}/")
    expect(contractor.locator("main")).to_contain_text("Charged twice for March")
