"""The reply gate's API: submit answers 202 with the reply pending; the state endpoint follows it."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from redaction.models import Reply, ReplyVersion
from tests.redaction.conftest import CLEAN, LEAKY
from tickets.models import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_submit_answers_202_pending_and_rings_the_worker(
    api, alice, dave_post, rung, django_capture_on_commit_callbacks
):
    api.force_authenticate(alice)
    url = reverse("api-ticket-replies", args=[dave_post.reference])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url, {"body": CLEAN}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert body["state"] == "pending" and body["ticket"] == dave_post.reference
    assert body["version"]["number"] == 1 and body["version"]["status"] == "pending"
    assert body["published_message"] is None and len(rung) == 1


def test_state_shows_findings_of_a_held_reply(api, alice, dave_post, submit, worker):
    version = worker(submit(dave_post, alice, LEAKY))
    api.force_authenticate(alice)
    body = api.get(reverse("api-reply", args=[version.reply_id])).json()
    assert body["state"] == "held"
    assert body["scan"]["findings"][0]["kind"] == "phone" and body["scan"]["error"] == ""


def test_state_of_a_published_reply_links_the_message(api, alice, dave_post, submit, worker):
    version = worker(submit(dave_post, alice, CLEAN))
    api.force_authenticate(alice)
    body = api.get(reverse("api-reply", args=[version.reply_id])).json()
    assert body["state"] == "published" and body["published_message"] == Reply.objects.get().published_message_id


def test_empty_body_is_a_400_in_the_error_format(api, alice, dave_post):
    api.force_authenticate(alice)
    response = api.post(reverse("api-ticket-replies", args=[dave_post.reference]), {"body": " "}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["body"] == ["Write a reply first."]
    response = api.post(reverse("api-ticket-replies", args=[dave_post.reference]), {}, format="json")
    assert response.status_code == 400 and "body" in response.json()["error"]["fields"]


def test_other_queues_get_404_and_customers_403(api, bob, dave, dave_post, submit, alice):
    version = submit(dave_post, alice, CLEAN)
    api.force_authenticate(bob)
    assert api.post(reverse("api-ticket-replies", args=[dave_post.reference]), {"body": CLEAN}).status_code == 404
    assert api.get(reverse("api-reply", args=[version.reply_id])).status_code == 404
    api.force_authenticate(dave)
    response = api.post(reverse("api-ticket-replies", args=[dave_post.reference]), {"body": CLEAN})
    assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    assert api.get(reverse("api-reply", args=[version.reply_id])).status_code == 403
    assert Reply.objects.count() == 1


def test_signed_out_callers_are_refused(api, dave_post):
    response = api.post(reverse("api-ticket-replies", args=[dave_post.reference]), {"body": CLEAN})
    assert response.status_code in (401, 403) and "error" in response.json()


def test_a_retry_with_the_same_idempotency_key_gets_the_first_reply_not_a_second(api, alice, dave_post, rung):
    api.force_authenticate(alice)
    url = reverse("api-ticket-replies", args=[dave_post.reference])
    first = api.post(url, {"body": CLEAN}, format="json", headers={"Idempotency-Key": "k-1"})
    again = api.post(url, {"body": CLEAN}, format="json", headers={"Idempotency-Key": "k-1"})
    assert (first.status_code, again.status_code) == (202, 202)
    assert again.json() == first.json() and again.json()["version"]["number"] == 1
    assert ReplyVersion.objects.count() == 1


def test_the_same_idempotency_key_for_another_body_is_a_422(api, alice, dave_post, rung, worker):
    api.force_authenticate(alice)
    url = reverse("api-ticket-replies", args=[dave_post.reference])
    first = api.post(url, {"body": LEAKY}, format="json", headers={"Idempotency-Key": "k-2"})
    assert first.status_code == 202
    worker(Reply.objects.get().latest_version)
    response = api.post(url, {"body": CLEAN}, format="json", headers={"Idempotency-Key": "k-2"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert "already used" in response.json()["error"]["message"]
    assert ReplyVersion.objects.count() == 1  # the held version stays as it was: nothing new was written
    assert Reply.objects.get().state == "held"


def test_a_key_used_on_a_published_reply_replays_it_without_opening_another(api, alice, dave_post, rung, worker):
    api.force_authenticate(alice)
    url = reverse("api-ticket-replies", args=[dave_post.reference])
    first = api.post(url, {"body": CLEAN}, format="json", headers={"Idempotency-Key": "k-3"})
    worker(Reply.objects.get().latest_version)
    again = api.post(url, {"body": CLEAN}, format="json", headers={"Idempotency-Key": "k-3"})
    assert again.status_code == 202 and again.json()["id"] == first.json()["id"]
    assert again.json()["state"] == "published"
    assert Reply.objects.count() == 1 and ReplyVersion.objects.count() == 1


def test_an_unprintable_idempotency_key_is_a_400(api, alice, dave_post, rung):
    api.force_authenticate(alice)
    url = reverse("api-ticket-replies", args=[dave_post.reference])
    response = api.post(url, {"body": CLEAN}, format="json", headers={"Idempotency-Key": "x" * 300})
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["error"]["message"]
    assert not ReplyVersion.objects.exists()


def test_send_then_solved_moves_the_status_only_when_published(
    api, alice, dave_post, rung, worker, django_capture_on_commit_callbacks
):
    api.force_authenticate(alice)
    url = reverse("api-ticket-replies", args=[dave_post.reference])
    with django_capture_on_commit_callbacks(execute=True):
        body = api.post(url, {"body": CLEAN, "then_status": "solved"}, format="json").json()
    assert body["version"]["then_status"] == "solved"
    dave_post.refresh_from_db()
    assert dave_post.status == Status.NEW  # still in the gate
    worker(ReplyVersion.objects.get(reply_id=body["id"], number=1))
    dave_post.refresh_from_db()
    assert dave_post.status == Status.SOLVED


def test_an_unknown_then_status_is_a_400_naming_the_field(api, alice, dave_post, rung):
    api.force_authenticate(alice)
    url = reverse("api-ticket-replies", args=[dave_post.reference])
    response = api.post(url, {"body": CLEAN, "then_status": "closed"}, format="json")
    assert response.status_code == 400 and "then_status" in response.json()["error"]["fields"]
    assert not ReplyVersion.objects.exists()
