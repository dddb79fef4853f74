"""Granting a role or a queue takes a second person: another admin for a role, another lead of the queue (or an
admin) for a queue. The Django admin shows both read-only."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agents.approvals import approval_approve
from agents.grants import role_grant_request
from agents.models import AuditEntry, PendingAction, Role, StaffProfile
from tests.factories import StaffFactory, UserFactory
from tickets.approvals import queue_grant_request

REASON = "Promoted after the quarterly review."


@pytest.fixture
def admin2(db):
    return StaffFactory(user=UserFactory(username="admin2"), role=Role.ADMIN).user


def test_a_role_changes_only_when_a_second_admin_approves(adam, admin2, alice):
    action = role_grant_request(staff=alice.staff, role=Role.LEAD, requested_by=adam, reason=REASON)
    assert action.summary == "Make Harbor Wren Team lead (now Agent)"
    assert StaffProfile.objects.get(pk=alice.staff.pk).role == Role.AGENT
    with pytest.raises(PermissionDenied):
        approval_approve(action=action, approver=adam)
    approval_approve(action=action, approver=admin2)
    assert StaffProfile.objects.get(pk=alice.staff.pk).role == Role.LEAD
    assert AuditEntry.objects.filter(action="role.change").exists()


def test_leads_may_neither_ask_for_nor_approve_a_role(carol, adam, alice):
    with pytest.raises(PermissionDenied):
        role_grant_request(staff=alice.staff, role=Role.ADMIN, requested_by=carol, reason=REASON)
    action = role_grant_request(staff=alice.staff, role=Role.LEAD, requested_by=adam, reason=REASON)
    with pytest.raises(PermissionDenied):
        approval_approve(action=action, approver=carol)


def test_becoming_a_contractor_needs_an_end_date(adam, admin2, alice):
    with pytest.raises(ValidationError):
        role_grant_request(staff=alice.staff, role=Role.CONTRACTOR, requested_by=adam, reason=REASON)
    ends = timezone.now() + timedelta(days=14)
    action = role_grant_request(staff=alice.staff, role=Role.CONTRACTOR, requested_by=adam, reason=REASON,
                                access_expires_at=ends)
    approval_approve(action=action, approver=admin2)
    staff = StaffProfile.objects.get(pk=alice.staff.pk)
    assert staff.role == Role.CONTRACTOR and staff.access_expires_at == ends


def test_a_queue_is_granted_when_another_lead_or_an_admin_approves(carol, adam, alice, bob, queue_a):
    action = queue_grant_request(queue=queue_a, user=bob, requested_by=carol, reason=REASON)
    assert not queue_a.members.filter(pk=bob.pk).exists()
    for refused in (carol, alice):
        with pytest.raises(PermissionDenied):
            approval_approve(action=action, approver=refused)
    approval_approve(action=action, approver=adam)
    assert queue_a.members.filter(pk=bob.pk).exists()
    assert AuditEntry.objects.filter(action="queue.member_add", target_id=str(queue_a.pk)).exists()


def test_agents_cannot_ask_for_a_queue(alice, bob, queue_a):
    with pytest.raises(PermissionDenied):
        queue_grant_request(queue=queue_a, user=bob, requested_by=alice, reason=REASON)


def test_the_admin_shows_a_role_read_only_and_offers_only_starting_roles(client, adam, alice):
    client.force_login(adam)
    change = client.get(f"/admin/agents/staffprofile/{alice.staff.pk}/change/").content.decode()
    assert 'name="role"' not in change
    add = client.get("/admin/agents/staffprofile/add/").content.decode()
    assert 'value="contractor"' in add and 'value="admin"' not in add and 'value="lead"' not in add


def test_the_grants_page_asks_for_a_queue_and_hides_roles_from_leads(client, carol, bob, queue_a):
    client.force_login(carol)
    page = client.get(reverse("grants")).content.decode()
    assert 'name="role"' not in page and "Quiet Pine" in page and "Robert" not in page
    response = client.post(reverse("grants"), {"person": bob.staff.pk, "queue": queue_a.pk, "reason": REASON})
    assert response.status_code == 302
    assert PendingAction.objects.get().summary == "Add Quiet Pine to the Billing queue"
    bad = client.post(reverse("grants"), {"person": bob.staff.pk, "reason": REASON})
    assert bad.status_code == 400 and "Choose a role or a queue." in bad.content.decode()


@pytest.mark.parametrize("page", ["grants", "elevation"])
def test_a_fields_errors_follow_it_as_an_alert_and_the_forms_own_errors_come_first(client, carol, bob, page):
    client.force_login(carol)
    response = client.post(reverse(page), {"person": bob.staff.pk, "reason": "short"})
    html = response.content.decode()
    assert response.status_code == 400
    reason = html.split('<textarea name="reason"', 1)[1].split("</textarea>", 1)[1]
    assert reason.lstrip().startswith('<div class="errors" role="alert"><ul class="errorlist"')
    assert "Ensure this value has at least 10 characters" in reason.split("</div>", 1)[0]
    if page == "grants":  # neither a role nor a queue: the form's own error, above the first field
        own = '<div class="errors" role="alert"><ul class="errorlist nonfield"><li>Choose a role or a queue.'
        assert html.index(own) < html.index('<label for="id_person">')
