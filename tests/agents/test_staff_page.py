"""The admins' team page: add a staff member, end someone's access; never real names, never other roles."""
from datetime import timedelta

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from agents.models import AuditEntry, PendingAction, Role, StaffProfile
from tickets.approvals import ticket_delete_request

URL = reverse("agents:staff")
PASSWORD = "a-long-first-password-9431"


def test_the_page_lists_staff_by_username_and_persona_only(client, adam, alice, bob):
    client.force_login(adam)
    html = client.get(URL).content.decode()
    assert "alice" in html and "Harbor Wren" in html and "Billing" in html
    for private in ("Alicia", "Realname", "alice@home.example"):
        assert private not in html


def test_an_admin_adds_an_agent_who_can_sign_in(client, adam):
    client.force_login(adam)
    response = client.post(URL, {"action": "create", "username": "newbie", "password": PASSWORD, "role": "agent"})
    assert response.status_code == 302
    staff = StaffProfile.objects.get(user__username="newbie")
    assert staff.role == Role.AGENT and staff.user.check_password(PASSWORD) and not staff.user.is_staff
    assert AuditEntry.objects.filter(action="staff.create", actor=adam).exists()


def test_bad_input_is_a_form_error_and_keeps_what_was_typed(client, adam, alice):
    client.force_login(adam)
    response = client.post(URL, {"action": "create", "username": "alice", "password": PASSWORD, "role": "agent"})
    assert response.status_code == 400 and "That username is taken." in response.content.decode()
    response = client.post(URL, {"action": "create", "username": "temp1", "password": PASSWORD, "role": "contractor"})
    html = response.content.decode()
    assert "needs an end date in the future" in html and 'value="temp1"' in html
    response = client.post(URL, {"action": "create", "username": "boss", "password": PASSWORD, "role": "admin"})
    assert response.status_code == 400
    assert not User.objects.filter(username__in=["temp1", "boss"]).exists()


def test_a_contractor_gets_an_end_date(client, adam):
    client.force_login(adam)
    ends = (timezone.now() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    client.post(URL, {"action": "create", "username": "temp2", "password": PASSWORD, "role": "contractor",
                      "access_expires_at": ends})
    assert StaffProfile.objects.get(user__username="temp2").access_expires_at is not None


def test_ending_access_keeps_the_account_and_withdraws_its_requests(client, adam, alice, dave_ticket):
    ticket_delete_request(ticket=dave_ticket, requested_by=alice, reason="Spam from a bot account.")
    client.force_login(adam)
    staff = alice.staff
    response = client.post(URL, {"action": "deactivate", "staff": staff.pk, "reason": "Left the company"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active and StaffProfile.objects.filter(pk=staff.pk).exists()
    assert not PendingAction.objects.filter(requested_by=alice, status="pending").exists()
    entry = AuditEntry.objects.get(action="staff.offboard")
    assert entry.actor == adam and entry.data["reason"] == "Left the company"
    assert "Ended" in client.get(URL).content.decode()


def test_ending_access_needs_a_reason(client, adam, alice):
    client.force_login(adam)
    response = client.post(URL, {"action": "deactivate", "staff": alice.staff.pk, "reason": ""})
    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.is_active


def test_leads_and_agents_find_nothing_here(client, carol, alice):
    for user in (carol, alice):
        client.force_login(user)
        assert client.get(URL).status_code == 404
        assert client.post(URL, {"action": "create", "username": "x", "password": PASSWORD,
                                 "role": "agent"}).status_code == 404
    assert not User.objects.filter(username="x").exists()
