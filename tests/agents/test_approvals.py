"""Two-person approvals: who may ask and decide, self-approval, expiry, re-checking, one execution, the audit
trail, soft delete with restore and purge, and elevations that end by themselves."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from agents.approvals import approval_approve, approval_reject, approvals_cancel_for, approvals_expire
from agents.models import AuditEntry, Elevation, PendingAction
from agents.models_approvals import ApprovalStatus
from agents.permissions import Perm, can, forget
from tests.factories import StaffFactory, UserFactory
from tickets.access import customers_for, tickets_for
from tickets.approvals import (
    PURGE_AFTER,
    customer_delete_request,
    customer_restore,
    customers_purge,
    elevation_request,
    ticket_delete_request,
)
from tickets.models import Customer, Ticket

REASON = "Customer asked us to close their account for good."


@pytest.fixture
def asked(cora, dave_ticket):
    return customer_delete_request(customer=dave_ticket.customer, requested_by=cora, reason=REASON)


def _actions(action) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="agents.pendingaction", target_id=str(action.pk))
        .order_by("id").values_list("action", flat=True)
    )


def test_a_request_says_what_to_what_why_and_who_and_changes_nothing(asked, cora, dave_ticket):
    assert asked.status == ApprovalStatus.PENDING and asked.requested_by == cora
    assert asked.summary == f"Delete customer {dave_ticket.customer} and their 1 ticket (restorable for 30 days)"
    assert asked.reason == REASON
    assert Customer.objects.get(pk=dave_ticket.customer_id).deleted_at is None
    assert _actions(asked) == ["approval.request"]


def test_asking_twice_joins_the_waiting_request(asked, alice, dave_ticket):
    again = customer_delete_request(customer=dave_ticket.customer, requested_by=alice, reason=REASON)
    assert again.pk == asked.pk and PendingAction.objects.count() == 1


def test_a_lead_approves_and_the_customer_and_tickets_are_soft_deleted(asked, carol, cora, dave_ticket):
    done = approval_approve(action=asked, approver=carol)
    assert done.status == ApprovalStatus.EXECUTED and done.decided_by == carol
    customer = Customer.objects.get(pk=dave_ticket.customer_id)
    assert customer.deleted_at is not None
    assert not customers_for(carol).filter(pk=customer.pk).exists()
    assert not tickets_for(cora).filter(pk=dave_ticket.pk).exists()
    assert Ticket.objects.filter(pk=dave_ticket.pk).exists()  # soft: the row stays
    assert done.result["tickets"] == [dave_ticket.pk]
    assert _actions(asked) == ["approval.request", "approval.approve", "approval.execute"]


def test_nobody_approves_their_own_request(carol, dave_ticket):
    action = customer_delete_request(customer=dave_ticket.customer, requested_by=carol, reason=REASON)
    with pytest.raises(PermissionDenied):
        approval_approve(action=action, approver=carol)
    assert PendingAction.objects.get(pk=action.pk).status == ApprovalStatus.PENDING
    with pytest.raises(IntegrityError), transaction.atomic():  # nor by writing the row directly
        PendingAction.objects.filter(pk=action.pk).update(decided_by=carol)


def test_agents_contractors_and_auditors_cannot_approve(asked, alice, cora, audrey):
    for person in (alice, cora, audrey):
        with pytest.raises(PermissionDenied):
            approval_approve(action=asked, approver=person)
    assert Customer.objects.get(pk=asked.target_id).deleted_at is None


def test_a_lead_of_other_queues_cannot_approve(asked, queue_b):
    lead_b = StaffFactory(user=UserFactory(username="leadb"), role="lead").user
    queue_b.members.add(lead_b)
    with pytest.raises(PermissionDenied):
        approval_approve(action=asked, approver=lead_b)


def test_an_expired_request_is_refused_and_marked(asked, carol):
    PendingAction.objects.filter(pk=asked.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError, match="expired"):
        approval_approve(action=asked, approver=carol)
    assert PendingAction.objects.get(pk=asked.pk).status == ApprovalStatus.EXPIRED
    assert Customer.objects.get(pk=asked.target_id).deleted_at is None
    assert "approval.expire" in _actions(asked)


def test_the_beat_task_expires_what_nobody_decided(asked, cora, dave_ticket):
    fresh = ticket_delete_request(ticket=dave_ticket, requested_by=cora, reason=REASON)
    PendingAction.objects.filter(pk=asked.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert approvals_expire() == 1
    assert PendingAction.objects.get(pk=asked.pk).status == ApprovalStatus.EXPIRED
    assert PendingAction.objects.get(pk=fresh.pk).status == ApprovalStatus.PENDING


def test_a_second_approval_finds_it_done_and_nothing_runs_twice(asked, carol, adam):
    approval_approve(action=asked, approver=carol)
    deleted_at = Customer.objects.get(pk=asked.target_id).deleted_at
    with pytest.raises(ValidationError, match="already approved and done"):
        approval_approve(action=asked, approver=adam)
    assert Customer.objects.get(pk=asked.target_id).deleted_at == deleted_at
    assert _actions(asked).count("approval.execute") == 1


def test_approval_rechecks_the_current_data(cora, carol, dave_ticket):
    action = ticket_delete_request(ticket=dave_ticket, requested_by=cora, reason=REASON)
    Ticket.objects.filter(pk=dave_ticket.pk).update(deleted_at=timezone.now())  # gone another way meanwhile
    with pytest.raises(ValidationError, match="already deleted"):
        approval_approve(action=action, approver=carol)
    assert PendingAction.objects.get(pk=action.pk).status == ApprovalStatus.PENDING


def test_a_rejection_runs_nothing_and_tells_why(asked, carol):
    approval_reject(action=asked, approver=carol, note="Legal hold on this account.")
    action = PendingAction.objects.get(pk=asked.pk)
    assert action.status == ApprovalStatus.REJECTED and action.note == "Legal hold on this account."
    assert Customer.objects.get(pk=asked.target_id).deleted_at is None
    assert _actions(asked) == ["approval.request", "approval.reject"]


def test_deactivation_cancels_the_requesters_waiting_requests(asked, cora, carol):
    assert approvals_cancel_for(cora) == 1
    assert PendingAction.objects.get(pk=asked.pk).status == ApprovalStatus.CANCELLED
    with pytest.raises(ValidationError):
        approval_approve(action=asked, approver=carol)


def test_a_deleted_customer_is_restored_with_their_tickets(asked, carol, alice, dave_ticket):
    approval_approve(action=asked, approver=carol)
    with pytest.raises(PermissionDenied):
        customer_restore(customer=dave_ticket.customer, actor=alice)
    customer_restore(customer=dave_ticket.customer, actor=carol)
    assert customers_for(alice).filter(pk=dave_ticket.customer_id).exists()
    assert tickets_for(alice).filter(pk=dave_ticket.pk).exists()
    assert AuditEntry.objects.filter(action="customer.restore", customer_id=dave_ticket.customer_id).exists()


def test_after_thirty_days_the_purge_erases_private_details_and_keeps_the_rows(asked, carol, dave_ticket):
    approval_approve(action=asked, approver=carol)
    assert customers_purge() == 0  # still restorable
    assert customers_purge(now=timezone.now() + PURGE_AFTER + timedelta(minutes=1)) == 1
    customer = Customer.objects.get(pk=dave_ticket.customer_id)
    assert customer.purged_at is not None and customer.name == "Deleted customer"
    assert customer.emails == [] and customer.phones == [] and customer.account_ids == []
    assert Ticket.objects.filter(pk=dave_ticket.pk).exists()
    with pytest.raises(PermissionDenied):
        customer_restore(customer=customer, actor=carol)


def test_an_elevation_is_asked_approved_and_ends_by_itself(cora, carol, dave_ticket):
    action = elevation_request(user=cora, reason="Chargeback dispute needs the account id", hours=2,
                               permission=Perm.CUSTOMER_PRIVATE)
    assert not can(cora, Perm.CUSTOMER_PRIVATE)
    result = approval_approve(action=action, approver=carol).result
    forget(cora)
    assert can(cora, Perm.CUSTOMER_PRIVATE)

    Elevation.objects.filter(pk=result["elevation"]).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    forget(cora)
    assert not can(cora, Perm.CUSTOMER_PRIVATE)


def test_approval_power_cannot_be_asked_for(cora):
    with pytest.raises(ValidationError):
        elevation_request(user=cora, reason="I would like to approve things", hours=2,
                          permission=Perm.APPROVAL_DECIDE)


# --- Pages ---------------------------------------------------------------------------------------------------


def test_the_ticket_page_asks_and_the_approvals_page_decides(client, cora, carol, dave_ticket):
    client.force_login(cora)
    page = client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert "Ask to delete the customer" in page
    url = reverse("customer_delete_request", args=[dave_ticket.reference])
    response = client.post(url, {"reason": "short"})
    assert response.status_code == 302 and not PendingAction.objects.exists()
    client.post(url, {"reason": REASON})
    action = PendingAction.objects.get()
    mine = client.get(reverse("agents:approvals")).content.decode()
    assert action.summary in mine and "Waiting for a second person" in mine and "Approve and do it" not in mine

    client.force_login(carol)
    waiting = client.get(reverse("agents:approvals")).content.decode()
    assert action.summary in waiting and REASON in waiting and "Amber Field" in waiting
    assert "Corazon" not in waiting  # the requester by persona, never by real name
    client.post(reverse("agents:approval_decide", args=[action.pk]), {"decision": "approve"})
    assert Customer.objects.get(pk=dave_ticket.customer_id).deleted_at is not None
    deleted = client.get(reverse("deleted_customers")).content.decode()
    assert "Dave Customer" in deleted
    client.post(reverse("customer_restore", args=[dave_ticket.customer_id]))
    assert Customer.objects.get(pk=dave_ticket.customer_id).deleted_at is None


def test_an_agent_cannot_decide_through_the_page(client, alice, asked):
    client.force_login(alice)
    response = client.post(reverse("agents:approval_decide", args=[asked.pk]), {"decision": "approve"})
    assert response.status_code == 404
    assert PendingAction.objects.get(pk=asked.pk).status == ApprovalStatus.PENDING


@pytest.mark.parametrize("first, said", [
    ("approve", "This request is already approved and done, by Keystone."),
    ("reject", "This request is already rejected, by Keystone."),
])
def test_deciding_one_another_lead_decided_meanwhile_says_who_not_404(client, carol, adam, asked, first, said):
    """Carol's page still shows the request; Adam decides it first: her click answers in words."""
    decide = approval_approve if first == "approve" else approval_reject
    decide(action=asked, approver=adam)
    client.force_login(carol)
    response = client.post(reverse("agents:approval_decide", args=[asked.pk]), {"decision": "approve"}, follow=True)
    assert response.status_code == 200 and said in response.content.decode()
    assert PendingAction.objects.get(pk=asked.pk).decided_by == adam


def test_a_request_outside_the_deciders_queues_or_their_own_stays_a_404(client, bob, carol, asked):
    client.force_login(bob)  # an agent of the other queue
    assert client.post(reverse("agents:approval_decide", args=[asked.pk]), {"decision": "approve"}).status_code == 404
    own = ticket_delete_request(ticket=Ticket.objects.get(), requested_by=carol, reason=REASON)
    client.force_login(carol)
    assert client.post(reverse("agents:approval_decide", args=[own.pk]), {"decision": "approve"}).status_code == 404
