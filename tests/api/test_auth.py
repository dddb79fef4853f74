"""Token and session authentication, and what the API says to strangers."""

from django.test import override_settings
from rest_framework.test import APIClient

from agents.models import ApiToken, AuditEntry
from agents.tokens import token_digest

TOKEN_URL = "/api/auth/token/"


def test_token_flow_from_password_to_scoped_reads(dave, dave_ticket):
    client = APIClient()
    response = client.post(TOKEN_URL, {"username": "dave", "password": "pw"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert ApiToken.objects.get(user=dave).digest == token_digest(token)
    [signed_in] = AuditEntry.objects.filter(action="auth.token")
    assert (signed_in.actor, signed_in.ip) == (dave, "127.0.0.1")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    tickets = client.get("/api/tickets/").json()["results"]
    assert [row["reference"] for row in tickets] == [dave_ticket.reference]


def test_each_exchange_makes_a_new_named_token_and_both_work(dave, dave_ticket):
    client = APIClient()
    first = client.post(TOKEN_URL, {"username": "dave", "password": "pw", "name": "Phone"}, format="json").json()
    second = client.post(TOKEN_URL, {"username": "dave", "password": "pw"}, format="json").json()
    assert first["token"] != second["token"] and first["name"] == "Phone"
    assert second["name"].startswith("API token ")
    assert first["token"].startswith(first["prefix"]) and first["token"].startswith("tact_")
    for key in (first["token"], second["token"]):
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert len(client.get("/api/tickets/").json()["results"]) == 1


def test_bad_credentials_are_a_400_that_does_not_say_which_half(dave):
    response = APIClient().post(TOKEN_URL, {"username": "dave", "password": "wrong"}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"non_field_errors": ["Unable to log in with provided credentials."]}
    unknown = APIClient().post(TOKEN_URL, {"username": "nobody", "password": "wrong"}, format="json")
    assert unknown.json() == response.json()


def test_missing_credentials_name_the_fields(db):
    response = APIClient().post(TOKEN_URL, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"username", "password"}


@override_settings(AXES_FAILURE_LIMIT=100)  # the rate throttle alone (lockout: tests/agents/test_lockout.py)
def test_token_endpoint_is_throttled(db):
    client = APIClient()
    for _ in range(10):
        assert client.post(TOKEN_URL, {"username": "x", "password": "y"}, format="json").status_code == 400
    response = client.post(TOKEN_URL, {"username": "x", "password": "y"}, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert "Retry-After" in response.headers


def test_anonymous_is_401_in_the_error_format(db):
    response = APIClient().get("/api/tickets/")
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "not_authenticated",
            "message": "Authentication credentials were not provided.",
            "fields": {},
        }
    }
    assert response.headers["WWW-Authenticate"] == "Token"


def test_invalid_token_is_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/tickets/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_session_reads_work_and_session_writes_need_csrf(dave, dave_ticket):
    client = APIClient(enforce_csrf_checks=True)
    client.get("/login/")  # sets the CSRF cookie, as any page with a form does
    # Through the sign-in page: the lockout backend needs the request, which client.login() does not pass.
    csrf = client.cookies["csrftoken"].value
    signed_in = client.post("/login/", {"username": "dave", "password": "pw"}, HTTP_X_CSRFTOKEN=csrf)
    assert signed_in.status_code == 302
    assert len(client.get("/api/tickets/").json()["results"]) == 1
    url = f"/api/tickets/{dave_ticket.reference}/messages/"
    refused = client.post(url, {"body": "via session"}, format="json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    assert "CSRF" in refused.json()["error"]["message"]
    accepted = client.post(
        url, {"body": "via session"}, format="json", HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value
    )
    assert accepted.status_code == 201


def test_token_writes_need_no_csrf(api_as, dave, dave_ticket):
    client = api_as(dave)
    client.enforce_csrf_checks = True
    response = client.post(
        f"/api/tickets/{dave_ticket.reference}/messages/", {"body": "token"}, format="json"
    )
    assert response.status_code == 201


@override_settings(AXES_FAILURE_LIMIT=100)  # the rate throttle alone (lockout: tests/agents/test_lockout.py)
def test_forged_forwarded_for_does_not_skip_the_token_throttle(db):
    client = APIClient()
    for n in range(10):
        response = client.post(
            TOKEN_URL, {"username": "x", "password": "y"}, format="json", HTTP_X_FORWARDED_FOR=f"10.9.0.{n}"
        )
        assert response.status_code == 400
    response = client.post(
        TOKEN_URL, {"username": "x", "password": "y"}, format="json", HTTP_X_FORWARDED_FOR="10.9.0.99"
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"


def test_staff_whose_access_ended_get_no_new_token(cora, dave_ticket):
    """Ending someone's access revokes their tokens; their password must not mint a fresh one meanwhile (it
    would work again the moment anyone extends their access, without their knowing one exists)."""
    from datetime import timedelta

    from django.utils import timezone

    cora.staff.access_expires_at = timezone.now() - timedelta(minutes=1)
    cora.staff.save()
    response = APIClient().post(TOKEN_URL, {"username": "cora", "password": "pw"}, format="json")
    assert response.status_code == 403  # no authentication scheme on this endpoint to answer a 401 with
    assert response.json()["error"]["code"] == "access_expired"
    assert not ApiToken.objects.filter(user=cora).exists()
    assert not AuditEntry.objects.filter(action="auth.token").exists()
