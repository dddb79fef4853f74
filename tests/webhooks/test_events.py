"""What is sent, and when: only replies the gate published, staff by persona, no customer's name or address,
escalation events on the urgent queue, each event once per subscription."""
import json

import pytest

from agents.identity import private_names_of
from config.celery import app as celery_app
from escalation.services import escalation_acknowledge, escalation_claim, escalation_raise, escalation_resolve
from redaction import worker as gate_worker
from tests.factories import MessageFactory, TicketFactory
from tests.redaction.conftest import CLEAN, LEAKY
from tickets.services import ticket_change
from tickets.webhooks import events
from tickets.webhooks.models import WebhookDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def dave_post(dave, queue_a):
    """Dave's public post: replies on it are read by everyone."""
    ticket = TicketFactory(customer=dave.customer, queue=queue_a, channel="social", replies_public=True,
                           subject="@tact why was I charged twice?")
    MessageFactory(ticket=ticket, body="@tact why was I charged twice?", is_public_post=True)
    return ticket


@pytest.fixture
def rung(monkeypatch):
    """Deliveries rung after commit, as (id, urgent), instead of a broker."""
    calls: list[tuple[int, bool]] = []
    monkeypatch.setattr(events, "delivery_ring", lambda *, delivery_id, urgent: calls.append((delivery_id, urgent)))
    return calls


@pytest.fixture
def gate(monkeypatch, django_capture_on_commit_callbacks):
    """Submit through the reply gate and run the worker's step in-process."""
    from redaction import doorbell
    from redaction import gate as reply_gate
    from tickets import notifications

    monkeypatch.setattr(doorbell, "enqueue_scan", lambda version_id: True)
    monkeypatch.setattr(notifications, "_enqueue", lambda pk, **kw: True)

    def send(ticket, author, body):
        with django_capture_on_commit_callbacks(execute=True):
            version = reply_gate.reply_submit(ticket=ticket, author=author, body=body)
        with django_capture_on_commit_callbacks(execute=True):
            gate_worker.reply_scan(version_id=version.pk)
        version.refresh_from_db()
        return version

    return send


def payloads(event: str) -> list[dict]:
    return [json.loads(d.body) for d in WebhookDelivery.objects.filter(event=event).order_by("pk")]


def assert_no_private_names(body: str, *users) -> None:
    for user in users:
        for secret in [*private_names_of(user), user.email, f'"{user.username}"']:
            assert secret not in body, secret


def test_a_held_reply_fires_nothing_and_a_published_one_fires_once_under_the_persona(
    alice, dave, dave_post, subscription, rung, gate
):
    held = gate(dave_post, alice, LEAKY)
    assert held.status == "held"
    assert not WebhookDelivery.objects.filter(event="reply.published").exists()
    assert not any("555 0134" in d.body for d in WebhookDelivery.objects.all())
    published = gate(dave_post, alice, CLEAN)
    assert published.status == "published"
    [payload] = payloads("reply.published")
    reply = payload["data"]["reply"]
    assert (reply["author"], reply["body"], reply["public"]) == ("Harbor Wren", CLEAN, True)
    assert payload["data"]["ticket"]["reference"] == dave_post.reference
    body = WebhookDelivery.objects.get(event="reply.published").body
    assert_no_private_names(body, alice)
    assert "Dave Customer" not in body and "dave@mail.example" not in body and "@davec" not in body
    assert rung[-1][1] is False  # routine: the notify queue


def test_the_gates_publication_is_the_only_way_in(dave_ticket, subscription):
    note = MessageFactory(ticket=dave_ticket, kind="note", body="Internal: customer sounded upset.")
    with pytest.raises(ValueError):
        events.reply_published_emit(messages=[note])
    assert not WebhookDelivery.objects.exists()


def test_ticket_updates_name_people_by_persona(alice, carol, dave_ticket, queue_b, subscription, rung):
    ticket_change(ticket=dave_ticket, actor=carol, status="pending", assignee=alice, priority=3)
    [payload] = payloads("ticket.updated")
    data = payload["data"]
    assert data["changes"] == {"status": ["new", "pending"], "assignee": [None, "Harbor Wren"], "priority": [2, 3]}
    assert data["by"] == "North Star" and data["ticket"]["assignee"] == "Harbor Wren"
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
    assert payloads("ticket.updated")[1]["data"]["changes"] == {"queue": ["billing", "tech"]}
    body = "".join(d.body for d in WebhookDelivery.objects.all())
    assert_no_private_names(body, alice, carol)
    ticket_change(ticket=dave_ticket, actor=carol, status="pending")  # no change, no event
    assert WebhookDelivery.objects.count() == 2


def test_escalation_events_go_on_the_urgent_queue_once_each(
    carol, dave_ticket, dave_message, detection, subscription, rung
):
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message,
                                  detection=detection)
    escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message, detection=detection)
    escalation = escalation_acknowledge(escalation=escalation, lead=carol)
    escalation = escalation_claim(escalation=escalation, lead=carol)  # already acknowledged: no second event
    escalation_resolve(escalation=escalation, lead=carol, outcome="referred")
    assert list(WebhookDelivery.objects.order_by("pk").values_list("event", "urgent")) == [
        ("escalation.raised", True), ("escalation.acknowledged", True), ("escalation.resolved", True)]
    raised = payloads("escalation.raised")[0]["data"]
    assert raised["escalation"]["category"] == "self_harm" and raised["escalation"]["raised_by"] == "detector"
    assert raised["escalation"]["acknowledge_by"] and raised["escalation"]["url"].endswith(
        f"/leads/e/{escalation.pk}/")
    assert payloads("escalation.resolved")[0]["data"]["by"] == "North Star"
    assert payloads("escalation.resolved")[0]["data"]["escalation"]["outcome"] == "referred"
    body = "".join(d.body for d in WebhookDelivery.objects.all())
    assert dave_message.body not in body and "miss me" not in body  # never the customer's words
    assert dave_ticket.subject not in body and "subject" not in raised["ticket"]
    assert_no_private_names(body, carol)


def test_the_urgent_tasks_are_routed_to_the_urgent_queue():
    route = celery_app.amqp.router.route
    assert route({}, "tickets.tasks.deliver_urgent_webhook")["queue"].name == "urgent"
    assert route({}, "tickets.tasks.send_urgent_notification")["queue"].name == "urgent"
    assert route({}, "tickets.tasks.deliver_webhook")["queue"].name == "notify"
    assert route({}, "tickets.tasks.sweep_webhook_deliveries")["queue"].name == "maintenance"


def test_ringing_names_the_urgent_task_for_escalations(monkeypatch):
    calls = []
    monkeypatch.setattr(events, "ring", lambda task, *args, what: calls.append(task) or True)
    events.delivery_ring(delivery_id=1, urgent=True)
    events.delivery_ring(delivery_id=2, urgent=False)
    assert calls == [events.DELIVER_URGENT_TASK, events.DELIVER_TASK]


def test_a_rolled_back_change_sends_nothing(dave, queue_a, subscription, rung, django_capture_on_commit_callbacks):
    from django.db import transaction

    from tickets import intake

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        intake.ticket_open(opened_by=dave, subject="Refund", body="Please refund me.")
        raise RuntimeError
    assert not WebhookDelivery.objects.exists() and rung == []


def test_a_second_subscription_gets_its_own_delivery(dave_ticket, subscription, rung):
    from tickets.webhooks.models import WebhookSubscription

    other = WebhookSubscription.objects.create(name="Tracker", url=subscription.url, events=["ticket.created"])
    events.ticket_created_emit(ticket=dave_ticket)
    events.ticket_created_emit(ticket=dave_ticket)  # the same event again: nothing new
    assert sorted(WebhookDelivery.objects.values_list("subscription_id", flat=True)) == sorted(
        [subscription.pk, other.pk])
