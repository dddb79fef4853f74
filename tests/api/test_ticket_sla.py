"""The staff API gives each ticket's SLA clocks (policy, deadlines, pause, breach) as the ticket page shows them;
customers get none of it; the list reads the policies once, not per ticket."""
from datetime import UTC, datetime

import pytest

from tests.factories import TicketFactory
from tickets import intake, services
from tickets.models import Priority, Status
from tickets.sla.models import BusinessCalendar, SlaPolicy

pytestmark = pytest.mark.django_db


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


@pytest.fixture
def office(db):
    """Monday to Friday, 09:00–17:00 UTC."""
    return BusinessCalendar.objects.create(name="Office", time_zone="UTC", hours=[[[540, 1020]]] * 5 + [[], []])


@pytest.fixture
def billing_policy(queue_a, office):
    return SlaPolicy.objects.create(queue=queue_a, priority=Priority.URGENT, calendar=office,
                                    first_response_minutes=60, next_response_minutes=30, resolution_minutes=240)


@pytest.fixture
def urgent(clock, dave, queue_a, billing_policy):
    clock.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, office hours
    return intake.ticket_open(customer=dave.customer, subject="Refund", body="Please refund me.", queue=queue_a,
                              priority=Priority.URGENT)


def test_staff_read_the_policy_deadlines_and_running_clocks(api_as, alice, urgent):
    sla = api_as(alice).get(f"/api/tickets/{urgent.reference}/").json()["sla"]
    assert sla == {
        "policy": "Billing, Urgent, any channel",
        "first_response_due": "2026-03-02T10:00:00Z",
        "next_response_due": None,
        "resolution_due": "2026-03-02T13:00:00Z",
        "due_at": "2026-03-02T10:00:00Z",
        "paused": False,
        "paused_at": None,
        "breached": False,
        "clocks": {"first_response": "warning", "next_response": "off", "resolution": "running"},  # due within 60 min
    }


def test_pending_on_the_customer_reads_as_paused(api_as, alice, clock, urgent):
    clock.advance(minutes=20)
    services.ticket_change(ticket=urgent, actor=alice, status=Status.PENDING)
    sla = api_as(alice).get(f"/api/tickets/{urgent.reference}/").json()["sla"]
    assert sla["paused"] is True and sla["paused_at"] == iso(clock.now) and sla["due_at"] is None
    assert sla["clocks"] == {"first_response": "paused", "next_response": "off", "resolution": "paused"}
    assert sla["breached"] is False


def test_a_passed_deadline_reads_as_breached_in_list_and_detail(api_as, alice, clock, urgent):
    clock.advance(hours=2)
    client = api_as(alice)
    detail = client.get(f"/api/tickets/{urgent.reference}/").json()["sla"]
    assert detail["breached"] is True and detail["clocks"]["first_response"] == "breached"
    assert detail["clocks"]["resolution"] == "running"
    listed = {row["reference"]: row["sla"] for row in client.get("/api/tickets/").json()["results"]}
    assert listed[urgent.reference] == detail


def test_customers_get_no_sla_data(api_as, dave, urgent):
    client = api_as(dave)
    detail = client.get(f"/api/tickets/{urgent.reference}/").json()
    listed = client.get("/api/tickets/").json()["results"]
    for ticket in (detail, *listed):
        assert not {"sla", "first_response_due", "resolution_due", "priority"} & set(ticket)


def test_the_list_reads_the_policies_once(api_as, alice, queue_a, billing_policy, django_assert_max_num_queries):
    for priority in (Priority.URGENT, Priority.LOW) * 8:
        TicketFactory(queue=queue_a, priority=priority, first_response_due=datetime(2026, 3, 2, tzinfo=UTC))
    client = api_as(alice)
    client.get("/api/tickets/")  # the token's first use is written once
    with django_assert_max_num_queries(6):
        rows = client.get("/api/tickets/").json()["results"]
    policies = {row["priority"]: row["sla"]["policy"] for row in rows}
    assert policies[Priority.URGENT] == "Billing, Urgent, any channel"
    assert policies[Priority.LOW] != policies[Priority.URGENT]


def test_the_schema_documents_the_sla_object(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    sla = schema["components"]["schemas"]["TicketSla"]["properties"]
    assert {"policy", "first_response_due", "next_response_due", "resolution_due", "paused", "breached",
            "clocks"} <= set(sla)
    staff = schema["components"]["schemas"]["TicketStaff"]["properties"]
    customer = schema["components"]["schemas"]["TicketCustomer"]["properties"]
    assert "sla" in staff and "sla" not in customer


def test_no_policy_reads_as_null(api_as, alice, dave_ticket):
    SlaPolicy.objects.all().delete()
    assert api_as(alice).get(f"/api/tickets/{dave_ticket.reference}/").json()["sla"]["policy"] is None
