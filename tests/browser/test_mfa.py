"""A lead signs in with the password and a code computed here from their authenticator's secret; a lead who has
not enrolled is taken to enrolment, scans nothing but types the key shown into "their app" (this test), and goes
on to the inbox; a stale session asks again before an approval and then approves."""
from base64 import b32decode

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_otp.oath import totp

from agents.mfa import STRONG_AUTH_AT
from agents.models import PendingAction, Role
from tests.factories import StaffFactory, UserFactory, totp_code
from tickets.approvals import customer_delete_request

expect = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright").expect


def _password(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()


def test_a_lead_signs_in_with_password_then_code(transactional_db, page, carol):
    page.goto("/inbox/")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.goto("/team/approvals/")  # nothing else is reachable yet
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()

    page.get_by_label("Code").fill("000000" if totp_code(carol) != "000000" else "111111")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    page.wait_for_timeout(1100)  # django-otp's throttle: the next try waits a second after one wrong code

    page.get_by_label("Code").fill(totp_code(carol))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/team/approvals/")
    expect(page.get_by_role("heading", name="Approvals")).to_be_visible()


def test_an_unenrolled_lead_enrols_and_goes_on_to_the_inbox(transactional_db, page, queue_a):
    lena = StaffFactory(user=UserFactory(username="lena"), role=Role.LEAD, second_factor=False).user
    queue_a.members.add(lena)
    page.goto("/inbox/")
    page.get_by_label("Username").fill("lena")
    page.get_by_label("Password").fill("pw")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Your role needs a second factor.")).to_be_visible()
    drawn = ("img => img.complete ? img.naturalWidth : "
             "new Promise(done => { img.onload = () => done(img.naturalWidth) })")
    assert page.locator("img.qr").evaluate(drawn) > 0  # the QR code drew
    key = b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
    page.get_by_label("Code from the app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)
    page.get_by_role("link", name="I have saved them").click()
    page.wait_for_url("**/inbox/")


def test_a_stale_session_confirms_before_approving_and_the_approval_goes_through(transactional_db, page, login,
                                                                                  carol, alice, dave_ticket):
    action = customer_delete_request(customer=dave_ticket.customer, requested_by=alice,
                                     reason="The customer asked to be forgotten.")
    login(page, "carol")
    for session in Session.objects.all():  # the lead's one session, signed in 20 minutes ago
        data = session.get_decoded()
        data[STRONG_AUTH_AT] = timezone.now().timestamp() - 20 * 60
        session.session_data = Session.objects.encode(data)
        session.save()
    page.goto("/team/approvals/")
    page.get_by_role("button", name="Approve and do it").click()
    expect(page.get_by_role("heading", name="Confirm it's you")).to_be_visible()
    page.get_by_label("Password").fill("pw")
    page.get_by_label("Code").fill(totp_code(carol))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.locator(".flash")).to_contain_text("Approved and done")
    assert PendingAction.objects.get(pk=action.pk).status == "executed"
