"""Two leads approving the same request at once: it runs once, and the other is told it is done.

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
from tickets.approvals import customer_delete_request
from tickets.models import Customer

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
