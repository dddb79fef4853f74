"""A null byte anywhere a client can put one is a clear 4xx, never a 500 (PostgreSQL refuses NUL in text), and
never costs the agent the draft they had."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from redaction.models import Reply
from tests.redaction.conftest import CLEAN

pytestmark = pytest.mark.django_db

NUL = "Thanks for waiting.\x00 The refund is on its way."


@pytest.fixture
def api(alice):
    client = APIClient()
    client.force_authenticate(alice)
    return client


def test_send_with_a_null_byte_is_a_form_error_and_the_draft_is_kept(client, alice, dave_ticket, rung):
    client.force_login(alice)
    client.post(reverse("gate:draft", args=[dave_ticket.reference]), {"body": CLEAN})
    response = client.post(reverse("gate:send", args=[dave_ticket.reference]), {"body": NUL}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "contains a null character" in response.content.decode()
    assert Reply.objects.get().latest_version.body == CLEAN and Reply.objects.get().state == "draft"


def test_a_draft_with_a_null_byte_is_refused_and_the_saved_one_kept(client, alice, dave_ticket):
    client.force_login(alice)
    client.post(reverse("gate:draft", args=[dave_ticket.reference]), {"body": CLEAN})
    response = client.post(reverse("gate:draft", args=[dave_ticket.reference]), {"body": NUL})
    assert 'class="errors"' in response.content.decode() and "null character" in response.content.decode()
    assert Reply.objects.get().latest_version.body == CLEAN


def test_api_send_with_a_null_byte_is_a_400_in_the_error_format(api, dave_ticket, rung):
    response = api.post(reverse("api-ticket-replies", args=[dave_ticket.reference]), {"body": NUL}, format="json")
    assert response.status_code == 400 and "body" in response.json()["error"]["fields"]
    assert not Reply.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/api/tickets/%00/", "/api/tickets/%00/messages/", "/api/tickets/%00/replies/", "/api/customers/%00/",
        "/api/queues/%00/", "/api/tickets/?q=%00", "/api/tickets/?queue=%00",
    ],
)
def test_api_paths_and_filters_with_a_null_byte_are_a_400_in_the_error_format(api, dave_ticket, path):
    response = api.get(path)
    assert response.status_code == 400, (path, response.status_code)
    assert response.json()["error"]["message"] == "The address contains a null character."


@pytest.mark.parametrize("path", ["/inbox/t/%00/", "/gate/t/%00/", "/inbox/?q=%00", "/portal/tickets/%00/"])
def test_pages_with_a_null_byte_in_the_address_are_a_400(client, carol, path):
    client.force_login(carol)
    response = client.get(path)
    assert response.status_code == 400 and response.content.decode() == "The address contains a null character."


def test_override_reason_with_a_null_byte_is_a_form_error(client, carol, alice, dave_post, submit, worker):
    from tests.redaction.conftest import LEAKY

    held = worker(submit(dave_post, alice, LEAKY))
    client.force_login(carol)
    response = client.post(reverse("gate:override", args=[held.pk]), {"reason": "Customer asked\x00"})
    assert response.status_code == 400 and "null character" in response.content.decode()
    held.refresh_from_db()
    assert held.status == "held"
