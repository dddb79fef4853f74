"""Two leads approving the same request at once (a deletion, a merge, a contact change, an export): it runs once,
and the other is told it is done.

The threads run real transactions on their own connections, so this needs PostgreSQL: SQLite serializes
writers and cannot show the race.
"""
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from agents.approvals import approval_approve
from agents.models import AuditEntry, PendingAction
from agents.models_approvals import ApprovalStatus
from tests.concurrency import at_once
from tests.factories import CustomerFactory, TicketFactory
from tickets.approvals import customer_delete_request
from tickets.exports import export_request
from tickets.merges import customer_contact_change_request, customer_merge_request
from tickets.models import Customer, CustomerExport

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="concurrent transactions need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("round_", range(5))
def test_two_leads_approving_at_once_run_the_deletion_once(round_, cora, carol, adam, dave_ticket):
    action = customer_delete_request(customer=dave_ticket.customer, requested_by=cora,
                                     reason="Customer asked to be forgotten.")
    results = at_once(
        lambda: approval_approve(action=PendingAction.objects.get(pk=action.pk), approver=carol),
        lambda: approval_approve(action=PendingAction.objects.get(pk=action.pk), approver=adam),
    )
    done = [r for r in results if isinstance(r, PendingAction)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(done) == 1 and len(refused) == 1, results
    assert "already approved and done" in refused[0].messages[0]
    assert PendingAction.objects.get(pk=action.pk).status == ApprovalStatus.EXECUTED
    assert Customer.objects.get(pk=dave_ticket.customer_id).deleted_at is not None
    executed = AuditEntry.objects.filter(action="approval.execute", target_id=str(action.pk))
    assert executed.count() == 1


def _race(action, carol, adam) -> list:
    results = at_once(
        lambda: approval_approve(action=PendingAction.objects.get(pk=action.pk), approver=carol),
        lambda: approval_approve(action=PendingAction.objects.get(pk=action.pk), approver=adam),
    )
    done = [r for r in results if isinstance(r, PendingAction)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(done) == 1 and len(refused) == 1, results
    assert AuditEntry.objects.filter(action="approval.execute", target_id=str(action.pk)).count() == 1
    return done


@pytest.mark.parametrize("round_", range(3))
def test_two_leads_approving_a_merge_at_once_merge_once(round_, alice, carol, adam, dave_ticket, queue_a):
    duplicate = CustomerFactory(name="Dup", emails=["dup@mail.example"])
    TicketFactory(customer=duplicate, queue=queue_a)
    action = customer_merge_request(duplicate=duplicate, survivor=dave_ticket.customer, requested_by=alice,
                                    reason="Same person, two addresses.")
    _race(action, carol, adam)
    survivor = Customer.objects.get(pk=dave_ticket.customer_id)
    assert survivor.emails == ["dave@mail.example", "dup@mail.example"]  # added once, not twice
    assert Customer.objects.get(pk=duplicate.pk).merged_into_id == survivor.pk


@pytest.mark.parametrize("round_", range(3))
def test_two_leads_approving_a_contact_change_at_once_change_once(round_, alice, carol, adam, dave_ticket):
    action = customer_contact_change_request(customer=dave_ticket.customer, field="emails", values=["n@mail.example"],
                                             requested_by=alice, reason="Customer moved to a new address.")
    _race(action, carol, adam)
    assert AuditEntry.objects.filter(action="customer.contact_change").count() == 1


@pytest.mark.parametrize("round_", range(3))
def test_two_leads_approving_an_export_at_once_make_one_file(round_, alice, carol, adam, dave_ticket):
    action = export_request(customer=dave_ticket.customer, requested_by=alice, reason="Data-subject access request.")
    _race(action, carol, adam)
    assert CustomerExport.objects.filter(action=action).count() == 1
