"""0017 gives every existing escalation its owning queue: a ticket's escalations the ticket's queue, a report on a
customer as a whole the queue of the customer's latest live ticket; a call's keeps the one it was raised for."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.migrations import migrate_to, old_world_at

BEFORE = [("escalation", "0016_call_escalations_without_ticket")]
AFTER = [("escalation", "0017_escalation_owning_queue")]


@pytest.fixture
def old_world(transactional_db):
    yield from old_world_at(BEFORE)


def test_existing_escalations_get_their_owning_queue_and_lose_it_on_the_way_back(old_world):
    apps = old_world
    Queue = apps.get_model("tickets", "Queue")
    Customer = apps.get_model("tickets", "Customer")
    Ticket = apps.get_model("tickets", "Ticket")
    CallLog = apps.get_model("tickets", "CallLog")
    Escalation = apps.get_model("escalation", "Escalation")
    billing = Queue.objects.create(name="Billing", slug="billing", email="billing@support.example")
    tech = Queue.objects.create(name="Technical", slug="tech", email="tech@support.example")
    dave, erin, nobody = (Customer.objects.create(name=name) for name in ("Dave", "Erin", "Nobody"))
    now = timezone.now()
    on_ticket = Ticket.objects.create(
        subject="S", customer=dave, queue=billing, reference="T-1", created_at=now - timedelta(days=1)
    )
    Ticket.objects.create(subject="Newer", customer=dave, queue=tech, reference="T-2", created_at=now)
    Ticket.objects.create(
        subject="Newest, deleted",
        customer=dave,
        queue=billing,
        reference="T-3",
        created_at=now + timedelta(minutes=1),
        deleted_at=now,
    )
    Ticket.objects.create(subject="E", customer=erin, queue=billing, reference="T-4")
    call = CallLog.objects.create(customer=erin, at=now, summary="Called.")

    def escalation(customer, **fields):
        return Escalation.objects.create(customer=customer, category="agent_harassment", **fields).pk

    rows = {
        "ticket": escalation(dave, ticket=on_ticket),
        "report": escalation(dave),
        "call": escalation(erin, call=call, queue=tech),
        "no ticket left": escalation(nobody),
    }
    apps = migrate_to(AFTER)
    owning = dict(apps.get_model("escalation", "Escalation").objects.values_list("pk", "queue_id"))
    assert {name: owning[pk] for name, pk in rows.items()} == {
        "ticket": billing.pk,
        "report": tech.pk,
        "call": tech.pk,
        "no ticket left": None,
    }
    apps = migrate_to(BEFORE)
    owning = dict(apps.get_model("escalation", "Escalation").objects.values_list("pk", "queue_id"))
    assert {name: owning[pk] for name, pk in rows.items()} == {
        "ticket": None,
        "report": None,
        "call": tech.pk,
        "no ticket left": None,
    }
