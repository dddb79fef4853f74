"""Lead scoping: leads see the escalations their queues own (a ticket's queue, or the queue a call logged
without a ticket was raised for); nobody else sees any."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from escalation.alerts import queue_leads
from escalation.models import Escalation
from escalation.selectors import escalation_counts, escalations_for_triage, escalations_visible_to
from escalation.services import escalation_acknowledge, escalation_dismiss, escalation_raise
from tickets.access import customers_led_by, leads_of_queue, tickets_led_by
from tickets.models import Ticket
from tickets.services import call_log, ticket_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(raised, erin_ticket):
    """dave's self-harm escalation in queue A and erin's press escalation in queue B."""
    return raised, escalation_raise(ticket=erin_ticket, category="press_media")


def test_lead_of_both_queues_sees_both(both, carol):
    assert set(escalations_visible_to(carol)) == set(both)


def test_lead_of_queue_b_sees_only_queue_b(both, lou):
    assert list(escalations_visible_to(lou)) == [both[1]]
    assert escalation_counts(lou) == {**dict.fromkeys(escalation_counts(lou), 0), "press_media": 1}


def test_admin_sees_all(both, adam):
    assert set(escalations_visible_to(adam)) == set(both)


@pytest.mark.parametrize("who", ["alice", "bob", "cora", "dave", "erin"])
def test_agents_contractors_and_customers_see_none(both, request, who):
    person = request.getfixturevalue(who)
    assert not escalations_visible_to(person).exists()
    assert not tickets_led_by(person).exists()
    assert not customers_led_by(person).exists()


def test_a_lead_leads_only_their_own_queues(lou, carol, dave_ticket, erin_ticket, queue_a):
    assert list(tickets_led_by(lou)) == [erin_ticket]
    assert dave_ticket.customer not in customers_led_by(lou)
    assert set(leads_of_queue(queue_a)) == {carol}


def test_an_expired_or_inactive_lead_is_not_alerted(lou, carol, queue_b):
    from datetime import timedelta

    from django.utils import timezone

    carol.staff.access_expires_at = timezone.now() - timedelta(minutes=1)
    carol.staff.save()
    assert list(leads_of_queue(queue_b)) == [lou]
    lou.is_active = False
    lou.save()
    assert not leads_of_queue(queue_b).exists()


def test_a_customer_level_report_without_ticket_is_seen_by_the_leads_of_its_owning_queue(dave_ticket, lou, carol):
    """A report about a customer as a whole (made before tickets were required) owns the queue 0017 gave it."""
    escalation = Escalation.objects.create(customer=dave_ticket.customer, category="agent_harassment",
                                           queue=dave_ticket.queue)
    assert list(escalations_visible_to(carol)) == [escalation]
    assert not escalations_visible_to(lou).exists()


def test_a_lead_outside_the_queue_sees_neither_a_tickets_nor_a_ticketless_calls_escalation(
        raised, dave, alice, carol, lou):
    call = call_log(customer=dave.customer, agent=alice, at=timezone.now() - timedelta(minutes=5), duration_s=60,
                    summary="Called about the invoice.")
    ticketless = escalation_raise(ticket=None, category="self_harm", call=call, detection={"category": "self_harm"})
    assert (ticketless.ticket, ticketless.queue) == (None, raised.ticket.queue)  # the caller's latest ticket's
    assert set(escalations_visible_to(carol)) == {raised, ticketless}
    assert not escalations_visible_to(lou).exists()
    assert escalation_counts(lou) == dict.fromkeys(escalation_counts(lou), 0)
    for escalation in (raised, ticketless):
        with pytest.raises(PermissionDenied):
            escalation_acknowledge(lead=lou, escalation=escalation)


def test_an_escalation_owns_its_tickets_queue_and_follows_the_ticket_to_another(raised, carol, lou, queue_b):
    dismissed = escalation_raise(ticket=raised.ticket, category="press_media")
    escalation_dismiss(lead=carol, escalation=dismissed, reason="not_urgent")
    assert set(Escalation.objects.values_list("queue", flat=True)) == {raised.ticket.queue_id}
    assert not escalations_visible_to(lou).exists()
    before = raised.updated_at
    ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    assert set(Escalation.objects.values_list("queue", flat=True)) == {queue_b.pk}  # closed ones too
    assert set(escalations_visible_to(lou)) == {raised, dismissed}
    raised.refresh_from_db()
    assert raised.updated_at > before  # a change like any other move of the row
    assert set(queue_leads(raised)) == {carol, lou}  # queue B's leads are told of its next steps


def test_an_escalation_raised_from_a_stale_copy_of_a_moved_ticket_owns_the_queue_it_moved_to(
        dave_ticket, carol, lou, queue_b):
    stale = Ticket.objects.get(pk=dave_ticket.pk)  # as a detection task holds it while it classifies
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
    escalation = escalation_raise(ticket=stale, category="self_harm", detection={"category": "self_harm"})
    assert escalation.queue_id == queue_b.pk
    assert list(escalations_visible_to(lou)) == [escalation]


def test_a_move_that_fails_leaves_the_escalations_queue(raised, carol, queue_b, monkeypatch):
    from tickets.webhooks import events

    def refuse(**kwargs):
        raise RuntimeError("webhook store down")

    monkeypatch.setattr(events, "ticket_updated_emit", refuse)
    with pytest.raises(RuntimeError):
        ticket_change(ticket=raised.ticket, actor=carol, queue=queue_b)
    raised.refresh_from_db()
    assert raised.queue_id == raised.ticket.queue_id != queue_b.pk


def test_triage_is_ordered_by_time_to_breach(dave_ticket, carol):
    legal = escalation_raise(ticket=dave_ticket, category="legal_regulatory")  # 4 h to acknowledge
    self_harm = escalation_raise(ticket=dave_ticket, category="self_harm")  # 5 min
    press = escalation_raise(ticket=dave_ticket, category="press_media")  # 1 h
    assert list(escalations_for_triage(carol)) == [self_harm, press, legal]


def test_escalations_on_a_deleted_ticket_or_customer_drop_out_of_scope(both, carol, adam, dave_ticket):
    orphan = Escalation.objects.create(customer=dave_ticket.customer, category="agent_harassment",
                                       queue=dave_ticket.queue)
    assert set(escalations_visible_to(adam)) == {*both, orphan}
    dave_ticket.deleted_at = timezone.now()
    dave_ticket.save(update_fields=["deleted_at"])
    assert set(escalations_visible_to(carol)) == {both[1], orphan}  # a report on the customer: still alive
    customer = dave_ticket.customer
    customer.deleted_at = timezone.now()
    customer.save(update_fields=["deleted_at"])
    assert set(escalations_visible_to(carol)) == set(escalations_visible_to(adam)) == {both[1]}


def test_triage_scopes_by_queue_ids_not_by_every_customer_of_the_queues(both, carol):
    """The page a million-ticket desk measured at 2 s: it must not build the set of every customer (DISTINCT)
    or every ticket of the lead's queues to find a handful of active escalations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        list(escalations_for_triage(carol))
        escalation_counts(carol)
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert "DISTINCT" not in sql and sql.count('"TICKETS_CUSTOMER"."ID" IN') == 0
