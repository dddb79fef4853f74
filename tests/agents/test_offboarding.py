"""Offboarding: deactivation, or an access end date passing, ends every session and token within a minute,
cancels the person's waiting requests, returns their open tickets to the queue and keeps their history."""
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from agents.models import ApiToken, AuditEntry, PendingAction, SessionCutoff
from agents.models_approvals import ApprovalStatus
from agents.tasks import offboard_ended_access
from agents.tokens import api_token_create
from config.celery import app as celery_app
from tests.pages import history_fragment
from tickets.approvals import customer_delete_request
from tickets.models import Status, TicketEvent
from tickets.services import note_add


def by_session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def by_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def holding(dave_ticket):
    """Make `user` hold everything offboarding must end: a session, a token, an open assigned ticket with their
    note in it, and a request waiting for a second person."""

    def make(user):
        dave_ticket.assignee, dave_ticket.status = user, Status.OPEN
        dave_ticket.save()
        note_add(ticket=dave_ticket, author=user, body="Refund issued, waiting for the bank.")
        action = customer_delete_request(customer=dave_ticket.customer, requested_by=user, reason="Asked by letter.")
        return by_session(user), api_token_create(user=user).key, action

    return make


def _assert_offboarded(user, session: Client, key: str, action: PendingAction, ticket, *, reason: str) -> None:
    assert session.get("/inbox/").status_code == 302
    assert by_token(key).get("/api/tickets/").status_code == 401
    assert ApiToken.objects.get(user=user).revoked_reason == "access_ended"
    assert PendingAction.objects.get(pk=action.pk).status == ApprovalStatus.CANCELLED
    ticket.refresh_from_db()
    assert ticket.assignee is None and ticket.status == Status.OPEN
    returned = TicketEvent.objects.get(ticket=ticket, kind="assignee", data__reason="access_ended")
    assert (returned.data["old"], returned.data["new"]) == (user.pk, None)
    [entry] = AuditEntry.objects.filter(action="staff.offboard", target_id=str(user.pk))
    assert entry.data == {"reason": reason, "tokens": 1, "approvals": 1, "tickets": 1}
    assert user.staff.__class__.objects.get(pk=user.staff.pk).offboarded_at is not None


def test_deactivating_in_the_admin_ends_everything_and_keeps_history(alice, adam, carol, dave_ticket, holding):
    session, key, action = holding(alice)
    admin = by_session(adam)
    changelist = reverse("admin:auth_user_changelist")
    response = admin.post(changelist, {"action": "deactivate", "_selected_action": [alice.pk]})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    _assert_offboarded(alice, session, key, action, dave_ticket, reason="deactivated")
    assert AuditEntry.objects.get(action="staff.offboard").actor == adam
    # Her note and the history still name her persona; the history says why the ticket came back.
    page = by_session(carol).get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert "Refund issued, waiting for the bank." in page and "Harbor Wren" in page
    history = history_fragment(by_session(carol), dave_ticket)
    assert "returned the ticket to the queue: access ended for Harbor Wren" in history
    assert "Alicia" not in page and "Alicia" not in history


def test_turning_is_active_off_anywhere_offboards_at_once(alice, dave_ticket, holding):
    session, key, action = holding(alice)
    alice.is_active = False
    alice.save()  # the admin's change form, a shell: the same path
    _assert_offboarded(alice, session, key, action, dave_ticket, reason="deactivated")


def test_an_end_date_passing_is_offboarded_by_the_minute_task(cora, dave_ticket, holding, clock):
    cora.staff.access_expires_at = clock.now + timedelta(hours=1)
    cora.staff.save()
    session, key, action = holding(cora)
    assert offboard_ended_access() == 0
    clock.advance(hours=1, seconds=1)
    # Before the task runs, every request is already refused at request time.
    assert session.get("/inbox/").status_code == 302
    assert by_token(key).get("/api/tickets/").json()["error"]["code"] == "access_expired"
    assert offboard_ended_access() == 1
    _assert_offboarded(cora, session, key, action, dave_ticket, reason="access end date passed")
    assert SessionCutoff.objects.get(user=cora).not_before == clock.now
    assert offboard_ended_access() == 0  # once


def test_access_given_back_is_offboarded_again_when_it_ends_again(cora, clock):
    cora.staff.access_expires_at = clock.now - timedelta(seconds=1)
    cora.staff.save()
    assert offboard_ended_access() == 1
    cora.staff.access_expires_at = clock.now + timedelta(days=7)
    cora.staff.save()
    assert cora.staff.__class__.objects.get(pk=cora.staff.pk).offboarded_at is None
    clock.advance(seconds=1)
    assert by_session(cora).get("/inbox/").status_code == 200  # a new sign-in works again
    clock.advance(days=7)
    assert offboard_ended_access() == 1


def test_the_task_runs_every_minute_on_the_maintenance_queue():
    entry = settings.CELERY_BEAT_SCHEDULE["offboard-ended-access"]
    assert entry["task"] == "agents.tasks.offboard_ended_access"
    assert entry["schedule"] == timedelta(seconds=60)
    assert celery_app.amqp.router.route({}, entry["task"])["queue"].name == "maintenance"


def test_a_deactivated_customer_is_signed_out_everywhere(dave, dave_ticket):
    key = api_token_create(user=dave).key
    browser = by_session(dave)
    dave.is_active = False
    dave.save()
    assert by_token(key).get("/api/tickets/").status_code == 401
    assert browser.get("/portal/").status_code == 302
    assert ApiToken.objects.get(user=dave).revoked_reason == "access_ended"
    assert AuditEntry.objects.filter(action="auth.sign_out_everywhere", target_id=str(dave.pk)).exists()
