"""The second factor: enrolment, the sign-in's second step, recovery codes, who must have one, the API by
session, lockout of wrong codes, and an administrator's reset through a second administrator.

These tests sign in through the real `/login/` form, so the session is half signed in until the code is given
(`client.force_login` elsewhere in the suite stands for a person who finished both steps)."""
from base64 import b32encode

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from agents.approvals import approval_approve
from agents.mfa import recovery_codes_regenerate, second_factor_reset_request
from agents.models import AuditEntry, RecoveryCode, RecoveryCodeDevice, Role
from tests.factories import StaffFactory, UserFactory, totp_code

INBOX = "/inbox/"
API = "/api/tickets/"
SECURITY = "/team/security/"
VERIFY = "/login/verify/"
TOKEN_URL = "/api/auth/token/"


def _password(client: Client, username: str, password: str = "pw"):
    return client.post("/login/", {"username": username, "password": password})


def _code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _actions(user) -> list[str]:
    entries = AuditEntry.objects.filter(target_id=str(user.pk), action__startswith="mfa.").order_by("id")
    return list(entries.values_list("action", flat=True))


@pytest.fixture
def lena(queue_a):
    """A lead who has not enrolled yet (the default requires leads to)."""
    user = StaffFactory(user=UserFactory(username="lena"), role=Role.LEAD, second_factor=False).user
    queue_a.members.add(user)
    return user


# --- Enrolment -------------------------------------------------------------------------------------------------


def test_enrolment_shows_the_secret_and_qr_then_a_right_code_confirms_and_shows_hashed_recovery_codes(alice):
    client = Client()
    client.force_login(alice)
    page = client.get(SECURITY).content.decode()
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    secret = b32encode(device.bin_key).decode()
    assert secret[:4] in page and 'src="/team/security/qr.svg"' in page
    qr = client.get("/team/security/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content and qr["Cache-Control"] == "no-store"
    assert client.get(SECURITY).content.decode().count(f"{secret[:4]} {secret[4:8]}") == 1  # same device till confirmed

    wrong = client.post(SECURITY, {"code": "000000" if _code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    device.throttling_failure_count = 0  # the failure above throttles the next try for a second
    device.save()
    done = client.post(SECURITY, {"code": _code_for(device)})
    body = done.content.decode()
    assert done.status_code == 200 and "Your recovery codes" in body and done["Cache-Control"] == "no-store"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    codes = RecoveryCode.objects.filter(device__user=alice)
    assert codes.count() == 10
    stored = set(codes.values_list("digest", flat=True))
    assert all(len(d) == 64 for d in stored)
    assert not any(d[:8].upper() in body.replace("-", "") for d in stored)  # digests never shown, codes never stored
    assert _actions(alice) == ["mfa.failed", "mfa.enrol"]
    # Enrolled: the page now offers new codes and removal, not a second set-up.
    assert "Recovery codes left: <strong>10</strong>" in client.get(SECURITY).content.decode()


def test_the_enrolment_page_is_for_staff_only(dave):
    client = Client()
    client.force_login(dave)
    assert client.get(SECURITY).status_code == 404
    assert client.get("/team/security/qr.svg").status_code == 404


# --- The second step ---------------------------------------------------------------------------------------------


def test_an_enrolled_lead_must_give_a_code_before_any_page_or_api_call(carol):
    client = Client()
    signed = _password(client, "carol")
    assert signed.status_code == 302
    page = client.get(INBOX)
    assert page.status_code == 302 and page.url.startswith(VERIFY) and "next=%2Finbox%2F" in page.url
    api = client.get(API)
    assert api.status_code == 403 and api.json()["error"]["code"] == "second_factor_required"
    assert VERIFY in api.json()["error"]["message"]

    verified = client.post(VERIFY + "?next=/inbox/", {"code": totp_code(carol), "next": "/inbox/"})
    assert verified.status_code == 302 and verified.url == "/inbox/"
    assert client.get(INBOX).status_code == 200
    assert client.get(API).status_code == 200


def test_a_wrong_code_is_refused_audited_and_counted_toward_the_lockout(carol):
    client = Client()
    _password(client, "carol")
    wrong = client.post(VERIFY, {"code": "12345"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    assert client.get(INBOX).url.startswith(VERIFY)
    assert AccessAttempt.objects.get(username="carol").failures_since_start == 1
    entry = AuditEntry.objects.filter(action="mfa.failed").get()
    assert entry.actor == carol and entry.data == {"kind": "recovery"}


def test_wrong_codes_lock_the_account_out_and_sign_the_session_out(carol, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    _password(client, "carol")
    statuses = [client.post(VERIFY, {"code": "000001"}).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert client.get(INBOX).url.startswith("/login/")  # signed out, not half signed in
    # The right password is refused too while the lockout lasts.
    assert _password(client, "carol").status_code == 429


def test_the_library_throttle_refuses_even_the_right_code_straight_after_a_wrong_one(carol):
    client = Client()
    _password(client, "carol")
    client.post(VERIFY, {"code": "000001"})
    refused = client.post(VERIFY, {"code": totp_code(carol)})
    assert refused.status_code == 400 and "wait a few seconds" in refused.content.decode()


def test_a_recovery_code_works_once(carol):
    codes = recovery_codes_regenerate(user=carol)
    client = Client()
    _password(client, "carol")
    used = client.post(VERIFY, {"code": codes[0].lower()})
    assert used.status_code == 302 and client.get(INBOX).status_code == 200
    entry = AuditEntry.objects.filter(action="mfa.recovery_used").get()
    assert entry.data == {"remaining": 9}

    again = Client()
    _password(again, "carol")
    refused = again.post(VERIFY, {"code": codes[0]})
    assert refused.status_code == 400 and again.get(INBOX).url.startswith(VERIFY)


def test_new_recovery_codes_replace_the_old_ones(carol):
    old = recovery_codes_regenerate(user=carol)
    new = recovery_codes_regenerate(user=carol)
    assert set(old).isdisjoint(new) and RecoveryCode.objects.filter(device__user=carol).count() == 10
    client = Client()
    _password(client, "carol")
    assert client.post(VERIFY, {"code": old[1]}).status_code == 400
    RecoveryCodeDevice.objects.filter(user=carol).update(throttling_failure_count=0)
    assert client.post(VERIFY, {"code": new[1]}).status_code == 302


def test_new_recovery_codes_from_the_page_are_shown_once(carol):
    client = Client()
    client.force_login(carol)
    page = client.post("/team/security/codes/").content.decode()
    assert page.count("<li><code>") == 10
    assert _actions(carol) == ["mfa.recovery_regenerate"]


# --- Who must have one ---------------------------------------------------------------------------------------------


def test_a_lead_who_has_not_enrolled_reaches_only_enrolment(lena):
    client = Client()
    _password(client, "lena")
    for path in (INBOX, "/team/approvals/", "/leads/", VERIFY):
        response = client.get(path)
        assert response.status_code == 302 and response.url.startswith(SECURITY), path
    api = client.get(API)
    assert api.status_code == 403 and api.json()["error"]["code"] == "second_factor_required"
    assert "Your role needs a second factor" in client.get(SECURITY).content.decode()
    assert client.post(reverse("logout")).status_code == 302


def test_an_agent_need_not_enrol_by_default_but_must_when_required_for_all(alice, settings):
    client = Client()
    _password(client, "alice")
    assert client.get(INBOX).status_code == 200
    settings.TACT_MFA = {"REQUIRED_FOR_ALL": True}
    assert client.get(INBOX).url.startswith(SECURITY)
    assert client.get(API).status_code == 403


def test_the_required_roles_come_from_the_setting(lena, settings):
    settings.TACT_MFA = {"REQUIRED_ROLES": ["admin"]}
    client = Client()
    _password(client, "lena")
    assert client.get(INBOX).status_code == 200


def test_customers_never_get_a_second_step(dave, settings):
    settings.TACT_MFA = {"REQUIRED_FOR_ALL": True}
    client = Client()
    _password(client, "dave")
    assert client.get("/portal/").status_code == 200


def test_enrolling_from_the_forced_page_goes_on_to_where_they_were_going(lena):
    client = Client()
    _password(client, "lena")
    sent = client.get(INBOX)
    client.get(sent.url)
    device = TOTPDevice.objects.get(user=lena, confirmed=False)
    done = client.post(SECURITY, {"code": _code_for(device), "next": "/inbox/"}).content.decode()
    assert 'href="/inbox/"' in done
    assert client.get(INBOX).status_code == 200


# --- Removal and an administrator's reset ----------------------------------------------------------------------------


def test_removing_ones_own_authenticator_sends_a_lead_back_to_enrolment(carol):
    client = Client()
    client.force_login(carol)
    assert client.post("/team/security/remove/").url == SECURITY
    assert not TOTPDevice.objects.filter(user=carol).exists()
    assert client.get(INBOX).url.startswith(SECURITY)
    entry = AuditEntry.objects.filter(action="mfa.remove").get()
    assert entry.actor == carol and entry.data == {"devices": 1, "by": "self"}


def test_an_admin_resets_a_second_factor_once_another_admin_approves(adam, carol):
    other = StaffFactory(user=UserFactory(username="admin2"), role=Role.ADMIN).user
    action = second_factor_reset_request(user=carol, requested_by=adam, reason="Lost her phone on the train.")
    assert TOTPDevice.objects.filter(user=carol).exists()  # nothing happens before the approval
    approval_approve(action=action, approver=other)
    assert not TOTPDevice.objects.filter(user=carol).exists()
    entry = AuditEntry.objects.filter(action="mfa.remove").get()
    assert entry.actor == other and entry.data["by"] == "reset"
    assert "approval.execute" in AuditEntry.objects.values_list("action", flat=True)
    client = Client()
    _password(client, "carol")
    assert client.get(INBOX).url.startswith(SECURITY)


def test_the_reset_page_asks_and_only_admins_see_it(adam, carol, alice):
    client = Client()
    client.force_login(adam)
    response = client.post("/team/security/reset/", {"person": carol.pk, "reason": "Lost her phone on the train."})
    assert response.status_code == 302 and response.url == "/team/approvals/"
    assert TOTPDevice.objects.filter(user=carol).exists()
    nobody = client.post("/team/security/reset/", {"person": alice.pk, "reason": "Nothing to reset here."})
    assert nobody.status_code == 400 and "no second factor to reset" in nobody.content.decode()
    lead = Client()
    lead.force_login(carol)
    assert lead.get("/team/security/reset/").status_code == 404


# --- API tokens are a sign-in too ------------------------------------------------------------------------------------


def test_an_api_token_needs_the_code_from_whoever_has_a_second_factor(carol):
    client = APIClient()
    bare = client.post(TOKEN_URL, {"username": "carol", "password": "pw"}, format="json")
    assert bare.status_code == 400 and bare.json()["error"]["code"] == "second_factor_required"
    wrong = client.post(TOKEN_URL, {"username": "carol", "password": "pw", "code": "000001"}, format="json")
    assert wrong.status_code == 400 and "That code is not right" in wrong.json()["error"]["fields"]["code"][0]
    assert AccessAttempt.objects.get(username="carol").failures_since_start == 1
    TOTPDevice.objects.filter(user=carol).update(throttling_failure_count=0)
    right = client.post(TOKEN_URL, {"username": "carol", "password": "pw", "code": totp_code(carol)}, format="json")
    assert right.status_code == 200 and right.json()["token"]


def test_no_api_token_before_a_required_enrolment_and_none_needed_otherwise(lena, alice):
    client = APIClient()
    refused = client.post(TOKEN_URL, {"username": "lena", "password": "pw"}, format="json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "second_factor_required"
    assert client.post(TOKEN_URL, {"username": "alice", "password": "pw"}, format="json").status_code == 200
