"""Staff sessions end after inactivity and after a maximum age; customers' only when set. The clock is frozen
(django.utils.timezone.now is what the middleware reads) and moved by hand."""

from django.test import Client, override_settings

LIMITS = {"STAFF_IDLE_MINUTES": 30, "STAFF_MAX_AGE_HOURS": 12, "CUSTOMER_IDLE_MINUTES": 0,
          "CUSTOMER_MAX_AGE_HOURS": 0}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@override_settings(TACT_SESSIONS=LIMITS)
def test_staff_are_signed_out_after_30_idle_minutes(alice, clock):
    client = _signed_in(alice)
    assert client.get("/inbox/").status_code == 200
    clock.advance(minutes=29)
    assert client.get("/inbox/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/inbox/", follow=True)
    assert response.redirect_chain[0][0] == "/login/?next=/inbox/"
    assert "signed out after 30 minutes without activity" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(TACT_SESSIONS=LIMITS)
def test_activity_keeps_a_staff_session_until_its_maximum_age(alice, clock):
    client = _signed_in(alice)
    for _ in range(12 * 3):
        assert client.get("/inbox/").status_code == 200
        clock.advance(minutes=20)
    clock.advance(minutes=1)
    response = client.get("/inbox/", follow=True)
    assert "signed out 12 hours after signing in" in response.content.decode()
    assert client.get("/inbox/").status_code == 302


@override_settings(TACT_SESSIONS=LIMITS)
def test_an_idle_session_cannot_call_the_api_either(alice, clock):
    client = _signed_in(alice)
    assert client.get("/api/tickets/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/api/tickets/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["code"] == "not_authenticated"


@override_settings(TACT_SESSIONS=LIMITS)
def test_customers_are_not_affected_unless_set(dave, clock):
    client = _signed_in(dave)
    assert client.get("/portal/").status_code == 200
    clock.advance(hours=20)
    assert client.get("/portal/").status_code == 200


@override_settings(TACT_SESSIONS={**LIMITS, "CUSTOMER_IDLE_MINUTES": 60})
def test_customer_idle_limit_applies_when_set(dave, clock):
    client = _signed_in(dave)
    assert client.get("/portal/").status_code == 200
    clock.advance(minutes=61)
    response = client.get("/portal/", follow=True)
    assert "signed out after 60 minutes without activity" in response.content.decode()


def test_a_staff_page_reads_the_cut_off_and_the_authenticator_with_the_profile(alice, clock):
    """Both gates still act on what the profile's query read: a later cut-off ends the session, and a lead with
    a confirmed authenticator is asked for the code (one without one is sent to enrol)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from agents.models import Role, SessionCutoff
    from tests.factories import StaffFactory

    client = _signed_in(alice)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/inbox/").status_code == 200
    own = [q["sql"] for q in queries.captured_queries
           if q["sql"].startswith(('SELECT "agents_sessioncutoff"', 'SELECT 1 AS "a" FROM "otp_totp_totpdevice"'))]
    assert own == []
    clock.advance(seconds=1)
    SessionCutoff.objects.create(user=alice, not_before=clock.now)
    assert client.get("/inbox/")["Location"].startswith("/login/")

    lena = StaffFactory(role=Role.LEAD, second_factor=False).user
    lead = _signed_in(lena)
    assert lead.get("/inbox/")["Location"].startswith("/team/security/")
    TOTPDevice.objects.create(user=lena, name="phone", confirmed=True)
    assert lead.get("/inbox/")["Location"].startswith("/login/verify/")
