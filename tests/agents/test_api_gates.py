"""The staff gates on the REST API: JSON errors in the API's format, never a redirect to a page."""
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.views import APIView

from agents.authentication import StaffSessionAuthentication, StaffTokenAuthentication
from agents.models import Persona
from agents.tokens import api_token_create
from redaction.models import ReplyVersion
from tests.factories import StaffFactory, UserFactory

PERSONA_URL = "http://testserver/team/persona/"
PERSONA_REQUIRED = {
    "error": {
        "code": "persona_required",
        "message": f"Set up the persona customers will see before you use the API: {PERSONA_URL}",
        "fields": {},
    }
}
ACCESS_EXPIRED = {
    "error": {
        "code": "access_expired",
        "message": "Your access has expired. Ask a team lead to extend it.",
        "fields": {},
    }
}


@pytest.fixture
def newcomer(queue_a):
    """Staff in queue A who has not chosen a persona yet."""
    staff = StaffFactory(user=UserFactory(username="newagent"))
    queue_a.members.add(staff.user)
    return staff.user


def by_session(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def by_token(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user).key}")
    return client


@override_settings(TACT_PERSONAS={"REQUIRED": True})
@pytest.mark.parametrize("connect", [by_session, by_token], ids=["session", "token"])
def test_staff_without_persona_get_a_json_403_naming_the_persona_page(connect, newcomer, dave_ticket):
    client = connect(newcomer)
    for response in (
        client.get("/api/tickets/"),
        client.post(f"/api/tickets/{dave_ticket.reference}/replies/", {"body": "Hello"}, format="json"),
    ):
        assert response.status_code == 403
        assert response["Content-Type"] == "application/json"
        assert "Location" not in response
        assert response.json() == PERSONA_REQUIRED
    assert not ReplyVersion.objects.exists()


@override_settings(TACT_PERSONAS={"REQUIRED": True})
@pytest.mark.parametrize("connect", [by_session, by_token], ids=["session", "token"])
def test_the_api_opens_once_the_persona_is_chosen(connect, newcomer, dave_ticket):
    Persona.objects.create(staff=newcomer.staff, alias="Steady Kite", avatar_seed="0123456789abcdef")
    response = connect(newcomer).get("/api/tickets/")
    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["results"]] == [dave_ticket.reference]


@override_settings(TACT_PERSONAS={"REQUIRED": False})
def test_staff_without_persona_may_use_the_api_when_not_required(newcomer, dave_ticket):
    assert len(by_token(newcomer).get("/api/tickets/").json()["results"]) == 1


@override_settings(TACT_PERSONAS={"REQUIRED": True})
def test_pages_still_redirect_staff_without_persona(client, newcomer):
    client.force_login(newcomer)
    for page in (reverse("inbox"), reverse("api-docs")):
        response = client.get(page)
        assert response.status_code == 302 and response.url == reverse("agents:persona")


@override_settings(TACT_PERSONAS={"REQUIRED": True})
def test_customers_are_untouched_by_the_persona_rule(dave, dave_ticket):
    for client in (by_session(dave), by_token(dave)):
        assert len(client.get("/api/tickets/").json()["results"]) == 1


@pytest.mark.parametrize("connect", [by_session, by_token], ids=["session", "token"])
def test_expired_staff_get_a_json_401(connect, cora, dave_ticket):
    client = connect(cora)
    assert client.get("/api/tickets/").status_code == 200
    cora.staff.access_expires_at = timezone.now() - timedelta(seconds=1)
    cora.staff.save()
    response = client.get("/api/tickets/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == ACCESS_EXPIRED


def test_expired_staff_on_a_session_are_signed_out(cora, dave_ticket):
    client = by_session(cora)
    cora.staff.access_expires_at = timezone.now() - timedelta(seconds=1)
    cora.staff.save()
    assert client.get("/api/tickets/").status_code == 401
    assert "_auth_user_id" not in client.session
    assert client.get("/api/tickets/").json()["error"]["code"] == "not_authenticated"


def test_expired_staff_pages_still_redirect_to_the_login(client, cora, dave_ticket):
    client.force_login(cora)
    cora.staff.access_expires_at = timezone.now() - timedelta(seconds=1)
    cora.staff.save()
    response = client.get(reverse("inbox"))
    assert response.status_code == 302 and response.url == reverse("login")


def _api_views(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _api_views(entry, route)
        elif isinstance(entry, URLPattern) and route.lstrip("^").startswith("api/"):
            yield route, entry.callback


def test_every_api_view_applies_the_staff_gates():
    """The page middleware lets /api/ through, so an API view outside DRF's gated authentication would let
    expired or persona-less staff in: every view under /api/ is DRF, gated, or takes no credentials at all."""
    gated = {StaffTokenAuthentication, StaffSessionAuthentication}
    views = dict(_api_views())
    assert "api/tickets/<str:reference>/replies/" in views
    for route, callback in views.items():
        view_class = getattr(callback, "cls", None)
        assert view_class is not None and issubclass(view_class, APIView), route
        assert set(view_class.authentication_classes) <= gated, route
