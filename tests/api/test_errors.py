"""Every error is {"error": {"code", "message", "fields"}}, and bad input is never a 500."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError

from config.api import exception_handler


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_malformed_json_is_a_parse_error(api_as, dave, dave_ticket):
    response = api_as(dave).post(
        f"/api/tickets/{dave_ticket.reference}/messages/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert _error(response)["code"] == "parse_error"


def test_unsupported_media_type_is_415(api_as, dave, dave_ticket):
    response = api_as(dave).post("/api/tickets/", data="subject=hi", content_type="text/plain")
    assert response.status_code == 415
    assert _error(response)["code"] == "unsupported_media_type"


def test_unknown_method_is_405(api_as, alice, dave_ticket):
    response = api_as(alice).delete(f"/api/tickets/{dave_ticket.reference}/")
    assert response.status_code == 405
    assert _error(response)["message"] == 'Method "DELETE" not allowed.'


def test_unknown_api_url_is_a_json_404(api_as, alice):
    response = api_as(alice).get("/api/nothing-here/")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


@pytest.mark.parametrize(
    "payload",
    [
        [],
        "null",
        {"subject": {"a": 1}, "body": "b"},
        {"subject": "s", "body": {"text": "b"}},
        {"subject": "s" * 10_000, "body": "b"},
        {"subject": "s", "body": "b", "channel": None},
        {"subject": "s\x00", "body": "b"},
    ],
)
def test_wrong_shapes_and_types_are_400(api_as, dave, queue_a, payload):
    response = api_as(dave).post("/api/tickets/", payload, format="json")
    assert response.status_code == 400
    assert _error(response)["code"] in {"invalid", "parse_error"}


@pytest.mark.parametrize(
    "payload",
    [
        {"assignee": "alice"},
        {"assignee": 2**80},
        {"assignee": True},
        {"priority": "urgent"},
        {"priority": 9},
        {"status": ["open"]},
        {"queue": "no such queue"},
        {"queue": "x" * 5000},
    ],
)
def test_bad_changes_are_400_with_the_field(api_as, alice, dave_ticket, payload):
    response = api_as(alice).patch(f"/api/tickets/{dave_ticket.reference}/", payload, format="json")
    assert response.status_code == 400
    assert set(_error(response)["fields"]) == set(payload)


@pytest.mark.parametrize(
    "path", ["/api/customers/99999999999999/", "/api/tickets/T-FFFFFFFF/", "/api/queues/nope/"]
)
def test_unknown_ids_are_404(api_as, carol, path):
    response = api_as(carol).get(path)
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


@pytest.mark.parametrize(
    "query", ["assignee=99999999999999999", "page=99999999999", "page_size=-5", "ordering=nope"]
)
def test_odd_query_values_never_fail(api_as, carol, query):
    response = api_as(carol).get(f"/api/tickets/?{query}")
    assert response.status_code in {200, 400, 404}
    if response.status_code != 200:
        _error(response)


def test_service_validation_errors_keep_their_fields():
    response = exception_handler(DjangoValidationError({"body": "Write a message first."}), {})
    assert response.status_code == 400
    assert response.data == {
        "error": {
            "code": "invalid",
            "message": "The request has invalid fields.",
            "fields": {"body": ["Write a message first."]},
        }
    }


def test_service_errors_without_a_field_are_non_field_errors():
    response = exception_handler(DjangoValidationError("This ticket belongs to another customer."), {})
    assert response.data["error"]["fields"] == {
        "non_field_errors": ["This ticket belongs to another customer."]
    }
    whole = exception_handler(DjangoValidationError({"__all__": "Not now."}), {})
    assert whole.data["error"]["fields"] == {"non_field_errors": ["Not now."]}


def test_oversized_json_body_is_413(api_as, dave, dave_ticket, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    url = f"/api/tickets/{dave_ticket.reference}/messages/"
    response = api_as(dave).post(url, {"body": "x" * 4096}, format="json")
    assert response.status_code == 413
    assert _error(response) == {"code": "too_large", "message": "The request body is too large.", "fields": {}}
    assert api_as(dave).post(url, {"body": "x" * 1024}, format="json").status_code == 201
