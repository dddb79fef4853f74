"""Re-authentication before sensitive actions: when the last password-and-code is older than
TACT_MFA["REAUTH_MINUTES"], the action asks again and then goes ahead with what the person entered."""
import pytest
from django.test import Client
from django.utils import timezone

from agents.mfa import STRONG_AUTH_AT
from agents.mfa_gate import reauth_required
from agents.models import AuditEntry, PendingAction
from tests.factories import totp_code
from tickets.approvals import customer_delete_request
from tickets.models import Customer

STALE_S = 20 * 60  # older than the default 15 minutes


def _stale(client: Client) -> None:
    session = client.session
    session[STRONG_AUTH_AT] = timezone.now().timestamp() - STALE_S
    session.save()


@pytest.fixture
def asked(alice, dave_ticket):
    return customer_delete_request(customer=dave_ticket.customer, requested_by=alice,
                                   reason="The customer asked to be forgotten.")


@pytest.fixture
def lead(carol):
    client = Client()
    client.force_login(carol)
    _stale(client)
    return client


def test_a_fresh_sign_in_needs_no_prompt(carol, asked):
    client = Client()
    client.force_login(carol)
    response = client.post(f"/team/approvals/{asked.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    assert Customer.objects.get(pk=asked.target_id).deleted_at is not None


def test_a_stale_approval_asks_for_password_and_code_then_completes(lead, carol, asked):
    url = f"/team/approvals/{asked.pk}/decide/"
    prompt = lead.post(url, {"decision": "approve"})
    body = prompt.content.decode()
    assert prompt.status_code == 200 and "Confirm it's you" in body and prompt["Cache-Control"] == "no-store"
    assert '<input type="hidden" name="decision" value="approve">' in body and 'name="reauth_code"' in body
    assert f'action="{url}"' in body
    assert PendingAction.objects.get(pk=asked.pk).status == "pending"  # nothing happened yet

    done = lead.post(url, {"decision": "approve", "reauth_password": "pw", "reauth_code": totp_code(carol)})
    assert done.status_code == 302 and done.url == "/team/approvals/"
    assert PendingAction.objects.get(pk=asked.pk).status == "executed"
    assert Customer.objects.get(pk=asked.target_id).deleted_at is not None
    assert AuditEntry.objects.filter(action="auth.reauth", actor=carol).count() == 1
    # Fresh again: the next sensitive action goes straight through.
    assert "Confirm it's you" not in lead.post(url, {"decision": "approve"}).content.decode()


def test_a_wrong_password_keeps_the_input_and_does_nothing(lead, carol, asked):
    url = f"/team/approvals/{asked.pk}/decide/"
    refused = lead.post(url, {"decision": "approve", "reauth_password": "nope", "reauth_code": totp_code(carol)})
    body = refused.content.decode()
    assert refused.status_code == 400 and "That password is not right." in body
    assert '<input type="hidden" name="decision" value="approve">' in body
    assert 'name="reauth_password" value' not in body  # the typed password is never sent back
    assert PendingAction.objects.get(pk=asked.pk).status == "pending"
    assert AuditEntry.objects.filter(action="auth.login_failed").exists()


def test_a_wrong_code_is_refused_and_counted(lead, asked):
    url = f"/team/approvals/{asked.pk}/decide/"
    refused = lead.post(url, {"decision": "approve", "reauth_password": "pw", "reauth_code": "000000x"})
    assert refused.status_code == 400 and "That code is not right" in refused.content.decode()
    assert PendingAction.objects.get(pk=asked.pk).status == "pending"
    assert AuditEntry.objects.filter(action="mfa.failed").count() == 1


def test_a_long_form_keeps_every_field_through_the_prompt(lead, carol, alice):
    form = {"person": str(alice.staff.pk), "queue": "", "role": "lead", "reason": "Covers for Carol in May.\nThanks."}
    prompt = lead.post("/inbox/grants/", form).content.decode()
    assert "Covers for Carol in May." in prompt and not PendingAction.objects.filter(kind="role_grant").exists()
    # Only admins may grant roles: the lead's request goes through the form's own validation once confirmed.
    confirmed = lead.post("/inbox/grants/", {**form, "reauth_password": "pw", "reauth_code": totp_code(carol)})
    assert confirmed.status_code == 400 and "Covers for Carol in May." in confirmed.content.decode()


def test_an_agent_without_a_second_factor_confirms_with_the_password(alice, dave_ticket):
    client = Client()
    client.force_login(alice)
    _stale(client)
    url = f"/inbox/t/{dave_ticket.reference}/delete/"
    prompt = client.post(url, {"reason": "Duplicate of another ticket."}).content.decode()
    assert "Confirm it's you" in prompt and 'name="reauth_code"' not in prompt
    done = client.post(url, {"reason": "Duplicate of another ticket.", "reauth_password": "pw"})
    assert done.status_code == 302 and PendingAction.objects.filter(kind="ticket_delete").count() == 1


def test_the_audit_export_asks_then_downloads(lead, carol):
    prompt = lead.get("/team/audit/export.csv?action=auth.login")
    assert prompt.status_code == 200 and 'name="reauth_method" value="GET"' in prompt.content.decode()
    assert not AuditEntry.objects.filter(action="audit.export").exists()
    confirmed = lead.post("/team/audit/export.csv?action=auth.login",
                          {"reauth_method": "GET", "reauth_password": "pw", "reauth_code": totp_code(carol)})
    assert confirmed.status_code == 302 and confirmed.url == "/team/audit/export.csv?action=auth.login"
    export = lead.get(confirmed.url)
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    assert AuditEntry.objects.filter(action="audit.export").count() == 1


def test_reauth_minutes_zero_never_asks(lead, asked, settings):
    settings.TACT_MFA = {"REAUTH_MINUTES": 0}
    lead.post(f"/team/approvals/{asked.pk}/decide/", {"decision": "approve"})
    assert PendingAction.objects.get(pk=asked.pk).status == "executed"


def test_the_sensitive_views_all_wear_the_one_decorator():
    from agents import views, views_approvals, views_audit, views_mfa, views_staff, views_tokens
    from escalation import views as escalation_views
    from redaction import views as gate_views
    from tickets import views_approvals as ticket_approvals
    from tickets import views_customer_approvals as customer_approvals
    from tickets.webhooks import views as webhook_views

    sensitive = [
        views_approvals.approval_decide, views.reveal, views_audit.audit_export, views_mfa.security_codes,
        views_mfa.security_remove, views_mfa.security_reset, ticket_approvals.grants, ticket_approvals.elevation,
        ticket_approvals.customer_delete, ticket_approvals.ticket_delete, ticket_approvals.restore,
        gate_views.override, escalation_views.safety_action, customer_approvals.customer_merge,
        customer_approvals.customer_contact_change, customer_approvals.customer_export, customer_approvals.exports,
        customer_approvals.export_file, views_tokens.tokens, views_staff.staff, webhook_views.subscriptions,
        webhook_views.subscription, webhook_views.rotate,
    ]
    assert all(getattr(view, "reauth_required", False) for view in sensitive)
    assert reauth_required(lambda request: None).reauth_required
