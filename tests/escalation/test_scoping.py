"""Lead scoping: leads see escalations on tickets in their own queues; nobody else sees any."""
import pytest

from escalation.models import Escalation
from escalation.selectors import escalation_counts, escalations_for_triage, escalations_visible_to
from escalation.services import escalation_raise
from tickets.access import customers_led_by, leads_of_queue, tickets_led_by

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


def test_a_customer_level_report_without_ticket_is_seen_by_leads_of_the_customers_queues(dave_ticket, lou, carol):
    escalation = Escalation.objects.create(customer=dave_ticket.customer, category="agent_harassment")
    assert list(escalations_visible_to(carol)) == [escalation]
    assert not escalations_visible_to(lou).exists()


def test_triage_is_ordered_by_time_to_breach(dave_ticket, carol):
    legal = escalation_raise(ticket=dave_ticket, category="legal_regulatory")  # 4 h to acknowledge
    self_harm = escalation_raise(ticket=dave_ticket, category="self_harm")  # 5 min
    press = escalation_raise(ticket=dave_ticket, category="press_media")  # 1 h
    assert list(escalations_for_triage(carol)) == [self_harm, press, legal]


def test_escalations_on_a_deleted_ticket_or_customer_drop_out_of_scope(both, carol, adam, dave_ticket):
    from django.utils import timezone

    orphan = Escalation.objects.create(customer=dave_ticket.customer, category="agent_harassment")
    assert set(escalations_visible_to(adam)) == {*both, orphan}
    dave_ticket.deleted_at = timezone.now()
    dave_ticket.save(update_fields=["deleted_at"])
    assert set(escalations_visible_to(carol)) == {both[1]}  # no live ticket of dave's in carol's queues either
    assert set(escalations_visible_to(adam)) == {both[1]}


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
