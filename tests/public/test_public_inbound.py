"""The signed inbound webhook for social networks and forums: signature, replay window, idempotency, threading,
and the same intake as the portal (suspended customers, routing)."""
import json
import time

import pytest
from django.urls import reverse

from config.signatures import signature_of
from tests.factories import QueueFactory
from tickets.models import Channel, Customer, Message, MessageKind, Restriction, Status, Ticket, TicketEvent
from tickets.public.models import PublicHandle, PublicPost, PublicSource

SECRET = "shared-with-the-mastodon-bridge-0123456789"
pytestmark = pytest.mark.django_db


@pytest.fixture
def source(queue_a):
    return PublicSource.objects.create(slug="mastodon", network="mastodon.social", channel="social",
                                       secret=SECRET, queue=queue_a)


def payload(**overrides) -> dict:
    data = {"post_id": "109001", "thread_id": "109001", "author": {"handle": "@priya_p", "name": "Priya P"},
            "text": "@tact your app ate my playlist again", "url": "https://mastodon.social/@priya_p/109001"}
    data.update(overrides)
    return data


def post(client, data, *, slug="mastodon", secret=SECRET, timestamp=None, signature=None, raw=None):
    body = raw if raw is not None else json.dumps(data).encode()
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    signature = signature_of(secret=secret, timestamp=timestamp, body=body) if signature is None else signature
    return client.post(reverse("public_inbound", args=[slug]), body, content_type="application/json",
                       headers={"X-Tact-Timestamp": timestamp, "X-Tact-Signature": signature})


def test_a_signed_post_opens_a_public_ticket_through_intake(client, source, queue_a):
    response = post(client, payload())
    assert response.status_code == 201, response.content
    body = response.json()
    ticket = Ticket.objects.get()
    assert body == {"ticket": ticket.reference, "post_id": "109001", "duplicate": False, "outcome": "opened",
                    "public_url": f"/p/{ticket.reference}/"}
    assert ticket.channel == Channel.SOCIAL and ticket.replies_public and ticket.queue == queue_a
    assert ticket.subject == "@tact your app ate my playlist again"
    assert ticket.first_response_due is not None
    message = ticket.messages.get()
    assert message.kind == MessageKind.CUSTOMER and message.is_public_post and not message.suspended
    assert ticket.customer.handle == "@priya_p" and ticket.customer.emails == []
    assert TicketEvent.objects.filter(ticket=ticket, kind="created").exists()
    assert client.get(body["public_url"]).status_code == 200


def test_the_same_post_twice_creates_nothing_twice(client, source):
    first = post(client, payload())
    again = post(client, payload())
    assert again.status_code == 200
    assert again.json() == {**first.json(), "duplicate": True}
    assert Ticket.objects.count() == 1 and Message.objects.count() == 1 and PublicPost.objects.count() == 1


def test_a_replayed_request_inside_the_window_is_idempotent(client, source):
    timestamp = str(int(time.time()))
    body = json.dumps(payload()).encode()
    signature = signature_of(secret=SECRET, timestamp=timestamp, body=body)
    assert post(client, None, raw=body, timestamp=timestamp, signature=signature).status_code == 201
    replay = post(client, None, raw=body, timestamp=timestamp, signature=signature)
    assert replay.status_code == 200 and replay.json()["duplicate"] is True
    assert Ticket.objects.count() == 1


def test_a_follow_up_in_the_thread_threads_onto_the_ticket_and_reopens_it(client, source, alice):
    opened = post(client, payload()).json()
    ticket = Ticket.objects.get(reference=opened["ticket"])
    ticket.status = Status.SOLVED
    ticket.save()
    follow = post(client, payload(post_id="109007", text="Still broken today.",
                                  author={"handle": "PRIYA_P"}))
    assert follow.status_code == 201
    assert follow.json()["outcome"] == "threaded" and follow.json()["ticket"] == ticket.reference
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert list(ticket.messages.values_list("body", "is_public_post")) == [
        ("@tact your app ate my playlist again", True), ("Still broken today.", True)]
    assert Customer.objects.count() == 1


def test_a_bystander_in_the_thread_gets_a_ticket_of_their_own(client, source):
    opened = post(client, payload()).json()
    other = post(client, payload(post_id="109008", text="Same here!", author={"handle": "@sam"})).json()
    assert other["outcome"] == "opened" and other["ticket"] != opened["ticket"]
    assert Ticket.objects.get(reference=opened["ticket"]).messages.count() == 1


def test_a_closed_thread_is_not_reopened_by_a_new_post(client, source):
    opened = post(client, payload()).json()
    Ticket.objects.filter(reference=opened["ticket"]).update(status=Status.CLOSED)
    later = post(client, payload(post_id="109009", text="Hello again")).json()
    assert later["outcome"] == "opened" and later["ticket"] != opened["ticket"]


def test_handles_are_per_network(client, source, queue_b):
    PublicSource.objects.create(slug="forum", network="forum.example", channel="forum", secret=SECRET,
                                queue=queue_b)
    post(client, payload())
    other = post(client, payload(), slug="forum").json()
    ticket = Ticket.objects.get(reference=other["ticket"])
    assert ticket.channel == Channel.FORUM and ticket.queue == queue_b
    assert Customer.objects.count() == 2
    assert set(PublicHandle.objects.values_list("network", "key")) == {
        ("mastodon.social", "priya_p"), ("forum.example", "priya_p")}


def test_a_suspended_customer_post_is_kept_suspended(client, source):
    post(client, payload())
    customer = Customer.objects.get()
    customer.restriction = Restriction.SUSPENDED
    customer.save()
    post(client, payload(post_id="109010", text="angry words"))
    message = Message.objects.get(body="angry words")
    assert message.suspended
    assert message.ticket.status == Status.NEW


def test_source_without_queue_uses_intake_routing(client, source):
    portal = QueueFactory(slug="portal", name="Portal", email="portal@support.example")
    source.queue = None
    source.save()
    assert Ticket.objects.get(reference=post(client, payload()).json()["ticket"]).queue == portal


@pytest.mark.parametrize(("kwargs", "detail"), [
    ({"signature": "sha256=" + "0" * 64}, "does not match"),
    ({"secret": "another-sources-secret-0123456789"}, "does not match"),
    ({"signature": ""}, "are required"),
    ({"timestamp": "yesterday"}, "Unix seconds"),
    ({"timestamp": str(int(time.time()) - 3600)}, "too far"),
    ({"timestamp": str(int(time.time()) + 3600)}, "too far"),
])
def test_bad_signatures_are_401_json_and_nothing_is_stored(client, source, kwargs, detail):
    response = post(client, payload(), **kwargs)
    assert response.status_code == 401
    assert response.json()["error"] == "bad_signature" and detail in response.json()["detail"]
    assert not Ticket.objects.exists() and not Customer.objects.exists()


def test_a_body_other_than_the_signed_one_is_refused(client, source):
    timestamp = str(int(time.time()))
    signature = signature_of(secret=SECRET, timestamp=timestamp, body=json.dumps(payload()).encode())
    response = post(client, payload(text="tampered"), timestamp=timestamp, signature=signature)
    assert response.status_code == 401
    assert not Ticket.objects.exists()


def test_unknown_or_inactive_source_is_404_json(client, source):
    assert post(client, payload(), slug="twitter").json()["error"] == "unknown_source"
    source.active = False
    source.save()
    response = post(client, payload())
    assert response.status_code == 404 and response.json()["error"] == "unknown_source"


@pytest.mark.parametrize(("raw", "field"), [
    (b"not json", None),
    (b"[1, 2]", "body"),
    (json.dumps(payload(post_id="")).encode(), "post_id"),
    (json.dumps(payload(text="   ")).encode(), "text"),
    (json.dumps(payload(author="priya")).encode(), "author"),
    (json.dumps(payload(author={"handle": "two words"})).encode(), "author.handle"),
    (json.dumps(payload(author={})).encode(), "author.handle"),
    (json.dumps(payload(author={"handle": "@p", "name": 7})).encode(), "author.name"),
    (json.dumps(payload(url="javascript:alert(1)")).encode(), "url"),
    (json.dumps(payload(text="null \x00 char")).encode(), "text"),
    (json.dumps(payload(post_id=["x"])).encode(), "post_id"),
    (json.dumps(payload(text="x" * 30_000)).encode(), "body"),
])
def test_bad_payloads_are_400_json_naming_the_field(client, source, raw, field):
    response = post(client, None, raw=raw)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] == ("bad_json" if field is None else "invalid")
    if field:
        assert field in body["detail"]
    assert not Ticket.objects.exists()


def test_get_is_405_and_oversized_bodies_413(client, source, settings):
    assert client.get(reverse("public_inbound", args=["mastodon"])).status_code == 405
    settings.TACT_PUBLIC_CHANNELS = {"MAX_BYTES": 100}
    response = post(client, payload(text="x" * 200))
    assert response.status_code == 413 and response.json()["error"] == "too_large"


def test_numeric_ids_are_accepted(client, source):
    response = post(client, payload(post_id=109011, thread_id=109011))
    assert response.status_code == 201 and response.json()["post_id"] == "109011"
