"""Deliveries reach a real HTTP receiver signed as docs/webhooks.md says, are retried with a backoff until they
are delivered, are logged attempt by attempt, can be replayed, and never go to a non-public address unless the
setting allows it."""
import json
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from tickets import intake
from tickets.tasks import deliver_webhook
from tickets.webhooks import events
from tickets.webhooks.models import DeliveryState, WebhookDelivery
from tickets.webhooks.services import (
    backoff_seconds,
    deliveries_resend_due,
    delivery_replay,
    webhook_deliver,
)

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def documented_verify():
    """The `verify` function exactly as docs/webhooks.md prints it."""
    text = DOCS.read_text()
    section = text.split("## Verifying a delivery", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, str(DOCS), "exec"), namespace)  # noqa: S102 (our own documentation)
    return namespace["verify"]


def open_ticket(dave, queue, django_capture_on_commit_callbacks, subject="Locked out of my account"):
    with django_capture_on_commit_callbacks(execute=True):
        return intake.ticket_open(opened_by=dave, subject=subject, body="I cannot sign in since Monday.")


def test_a_delivery_verifies_with_the_documented_recipe_and_a_tampered_one_does_not(
    dave, queue_a, subscription, receiver, eager_celery, django_capture_on_commit_callbacks
):
    ticket = open_ticket(dave, queue_a, django_capture_on_commit_callbacks)
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    verify = documented_verify()
    assert verify(subscription.secret, headers, body)
    assert not verify(subscription.secret, headers, body.replace(b"Locked", b"Looked"))
    assert not verify("whsec_someone-else", headers, body)
    stale = {**headers, "X-Tact-Timestamp": str(int(headers["X-Tact-Timestamp"]) - 301)}
    assert not verify(subscription.secret, stale, body)
    payload = json.loads(body)
    assert payload["event"] == headers["X-Tact-Event"] == "ticket.created"
    assert payload["data"]["ticket"]["reference"] == ticket.reference
    delivery = WebhookDelivery.objects.get()
    assert headers["X-Tact-Delivery"] == str(delivery.uuid)
    assert request["path"] == "/hooks/tact"
    assert (delivery.state, delivery.attempts, delivery.response_code, delivery.last_error) == (
        DeliveryState.DELIVERED, 1, 200, "")
    assert delivery.duration_ms is not None and delivery.delivered_at is not None


def test_nothing_is_recorded_without_a_subscription_or_for_an_event_it_did_not_choose(
    dave, queue_a, subscription, receiver, eager_celery, django_capture_on_commit_callbacks
):
    subscription.events = ["reply.published"]
    subscription.save()
    open_ticket(dave, queue_a, django_capture_on_commit_callbacks)
    subscription.events, subscription.active = ["ticket.created"], False
    subscription.save()
    open_ticket(dave, queue_a, django_capture_on_commit_callbacks)
    assert WebhookDelivery.objects.count() == 0 and receiver.requests == []


def test_the_task_retries_a_failing_receiver_with_growing_countdowns_until_it_answers(
    dave_ticket, subscription, receiver
):
    """The Celery task asks for a retry after the row's backoff; the same signed delivery arrives each time."""
    receiver.statuses = [500, 503]
    events.ticket_created_emit(ticket=dave_ticket)
    delivery = WebhookDelivery.objects.get()
    countdowns = []
    for _failure in range(2):
        with pytest.raises(Retry) as retry:
            deliver_webhook.apply(args=(delivery.pk,), throw=True)
        countdowns.append(retry.value.when)
    deliver_webhook.apply(args=(delivery.pk,), throw=True)
    delivery.refresh_from_db()
    assert countdowns == [10, 20]
    assert (delivery.state, delivery.attempts, delivery.response_code) == (DeliveryState.DELIVERED, 3, 200)
    assert len(receiver.requests) == 3
    assert len({r["headers"]["X-Tact-Delivery"] for r in receiver.requests}) == 1
    assert len({r["body"] for r in receiver.requests}) == 1
    verify = documented_verify()
    assert all(verify(subscription.secret, r["headers"], r["body"]) for r in receiver.requests)


def test_each_failed_attempt_is_logged_and_the_next_waits_longer(dave_ticket, subscription, receiver):
    receiver.statuses = [500, 502, 500]
    events.ticket_created_emit(ticket=dave_ticket)
    delivery = WebhookDelivery.objects.get()
    waits = []
    for expected_code in (500, 502, 500):
        before = timezone.now()
        result = webhook_deliver(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        assert (delivery.state, delivery.response_code, delivery.last_error) == (
            DeliveryState.PENDING, expected_code, f"HTTP {expected_code}")
        waits.append(result.retry_in)
        assert delivery.next_attempt_at - before >= timedelta(seconds=result.retry_in)
    assert waits == [10, 20, 40]
    result = webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (result.state, delivery.attempts, delivery.response_code) == (DeliveryState.DELIVERED, 4, 200)
    assert webhook_deliver(delivery_id=delivery.pk) is None  # delivered: a duplicate task sends nothing
    assert len(receiver.requests) == 4


def test_backoff_is_capped_and_sooner_for_escalations(settings):
    assert [backoff_seconds(attempts=n, urgent=False) for n in (1, 2, 3, 9, 10, 11)] == [
        10, 20, 40, 2560, 3600, 3600]
    assert [backoff_seconds(attempts=n, urgent=True) for n in (1, 2, 3, 4, 30)] == [10, 20, 40, 60, 60]


def test_the_last_allowed_attempt_fails_the_delivery(dave_ticket, subscription, receiver, settings):
    settings.TACT_WEBHOOKS = {**settings.TACT_WEBHOOKS, "MAX_ATTEMPTS": 2}
    receiver.statuses = [500, 500, 500]
    events.ticket_created_emit(ticket=dave_ticket)
    delivery = WebhookDelivery.objects.get()
    assert webhook_deliver(delivery_id=delivery.pk).retry_in == 10
    result = webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (result.retry_in, delivery.state, delivery.attempts) == (None, DeliveryState.FAILED, 2)


def test_a_slow_receiver_is_a_timed_out_attempt(dave_ticket, subscription, receiver, settings):
    settings.TACT_WEBHOOKS = {**settings.TACT_WEBHOOKS, "TIMEOUT_S": 1}
    receiver.delay_s = 2.5
    events.ticket_created_emit(ticket=dave_ticket)
    delivery = WebhookDelivery.objects.get()
    started = time.monotonic()
    result = webhook_deliver(delivery_id=delivery.pk)
    assert time.monotonic() - started < 2.2
    delivery.refresh_from_db()
    assert (result.state, delivery.response_code, delivery.last_error) == (DeliveryState.PENDING, None, "timed out")


def test_a_refused_connection_is_retried(dave_ticket, subscription, receiver):
    receiver.close()
    events.ticket_created_emit(ticket=dave_ticket)
    delivery = WebhookDelivery.objects.get()
    result = webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert result.retry_in == 10
    assert delivery.last_error == "ConnectionRefusedError" and delivery.state == DeliveryState.PENDING


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/hooks", "http://localhost:{port}/hooks", "http://10.1.2.3/hooks",
    "http://169.254.169.254/latest/meta-data/", "http://[::1]:{port}/hooks", "http://192.168.0.10/",
    "http://[::ffff:127.0.0.1]:{port}/", "http://0.0.0.0:{port}/",
])
def test_a_non_public_address_is_refused_before_any_request(url, dave_ticket, subscription, receiver, settings):
    """Saved while a setting allowed it, then the setting is off: the attempt fails for good, nothing is sent."""
    subscription.url = url.format(port=receiver.server.server_port)
    subscription.save()
    settings.TACT_WEBHOOKS = {**settings.TACT_WEBHOOKS, "ALLOW_PRIVATE": False}
    events.ticket_created_emit(ticket=dave_ticket)
    delivery = WebhookDelivery.objects.get()
    result = webhook_deliver(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert result.state == delivery.state == DeliveryState.FAILED
    assert "refused" in delivery.last_error
    assert receiver.requests == []


def test_a_delivery_cut_off_mid_request_is_tried_again_by_the_sweep(dave_ticket, subscription, monkeypatch):
    rung = []
    monkeypatch.setattr("tickets.webhooks.services.delivery_ring", lambda **kw: rung.append(kw) or True)
    events.ticket_created_emit(ticket=dave_ticket)
    delivery = WebhookDelivery.objects.get()
    long_ago = timezone.now() - timedelta(minutes=5)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.DELIVERING, attempts=1,
                                                          attempted_at=long_ago, next_attempt_at=long_ago)
    assert deliveries_resend_due() == 0  # back to pending now, rung by the next sweep
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_error) == (DeliveryState.PENDING, "interrupted")
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=long_ago)
    assert deliveries_resend_due() == 1
    assert rung == [{"delivery_id": delivery.pk, "urgent": False}]


def test_a_replay_sends_the_same_body_again_as_a_new_delivery(
    adam, dave_ticket, subscription, receiver, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        events.ticket_created_emit(ticket=dave_ticket)
    original = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        replay = delivery_replay(admin=adam, delivery=original)
    replay.refresh_from_db()
    assert (replay.replay_of, replay.replayed_by, replay.state) == (original, adam, DeliveryState.DELIVERED)
    first, second = receiver.requests
    assert first["body"] == second["body"]
    assert first["headers"]["X-Tact-Delivery"] != second["headers"]["X-Tact-Delivery"] == str(replay.uuid)
    assert documented_verify()(subscription.secret, second["headers"], second["body"])


def test_an_agent_cannot_replay(alice, dave_ticket, subscription):
    from django.core.exceptions import PermissionDenied

    events.ticket_created_emit(ticket=dave_ticket)
    with pytest.raises(PermissionDenied):
        delivery_replay(admin=alice, delivery=WebhookDelivery.objects.get())
    assert WebhookDelivery.objects.count() == 1
