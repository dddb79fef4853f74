"""/api/tickets/: scoped lists and reads, opening tickets, staff changes, filters and pagination."""

import pytest

from tests.api.helpers import assert_no_staff_identity
from tests.factories import CustomerFactory, TicketFactory
from tickets.models import Channel, Priority, Status, Ticket, TicketEvent


def _refs(response) -> list[str]:
    return [row["reference"] for row in response.json()["results"]]


# --- Reading ------------------------------------------------------------------------------------------------


def test_each_persona_lists_only_their_scope(api_as, alice, bob, carol, dave, erin, dave_ticket, erin_ticket):
    assert _refs(api_as(alice).get("/api/tickets/")) == [dave_ticket.reference]
    assert _refs(api_as(bob).get("/api/tickets/")) == [erin_ticket.reference]
    assert set(_refs(api_as(carol).get("/api/tickets/"))) == {dave_ticket.reference, erin_ticket.reference}
    assert _refs(api_as(dave).get("/api/tickets/")) == [dave_ticket.reference]
    assert _refs(api_as(erin).get("/api/tickets/")) == [erin_ticket.reference]


def test_customer_cannot_read_another_customers_ticket(api_as, erin, dave_ticket):
    response = api_as(erin).get(f"/api/tickets/{dave_ticket.reference}/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}


def test_agent_cannot_read_a_ticket_outside_their_queues(api_as, bob, dave_ticket):
    assert api_as(bob).get(f"/api/tickets/{dave_ticket.reference}/").status_code == 404


def test_expired_contractor_reads_nothing(api_as, cora, dave_ticket):
    from datetime import timedelta

    from django.utils import timezone

    cora.staff.access_expires_at = timezone.now() - timedelta(minutes=1)
    cora.staff.save()
    client = api_as(cora)
    for url in ("/api/tickets/", f"/api/tickets/{dave_ticket.reference}/"):
        response = client.get(url)  # told why, in the error format (tests/agents/test_api_gates.py)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "access_expired"


def test_staff_see_assignee_as_persona_with_id(api_as, alice, dave_ticket):
    dave_ticket.assignee = alice
    dave_ticket.save()
    data = api_as(alice).get(f"/api/tickets/{dave_ticket.reference}/").json()
    assert data["assignee"] == {"id": alice.pk, "name": "Harbor Wren"}
    assert data["queue"] == {"slug": "billing", "name": "Billing"}
    assert data["customer"]["name"] == "Dave Customer"
    assert data["subject"] == "Charged twice for March"


def test_customer_sees_no_assignee_queue_or_staff_identity(api_as, alice, dave, dave_ticket):
    dave_ticket.assignee = alice
    dave_ticket.save()
    response = api_as(dave).get(f"/api/tickets/{dave_ticket.reference}/")
    data = response.json()
    assert data["subject"] == "Charged twice for March"
    assert set(data) == {"reference", "subject", "status", "status_label", "channel", "created_at", "updated_at",
                         "solved_at"}
    assert_no_staff_identity(response)
    assert str(alice.pk) not in {str(v) for v in data.values()}


def test_list_has_bounded_queries(api_as, alice, carol, queue_a, django_assert_max_num_queries):
    for _ in range(15):
        TicketFactory(queue=queue_a, assignee=carol)
    client = api_as(alice)
    with django_assert_max_num_queries(7):  # the token's first use (written at most once a minute); the SLA policies
        response = client.get("/api/tickets/")
    assert len(response.json()["results"]) == 15
    assert {row["assignee"]["name"] for row in response.json()["results"]} == {"North Star"}


def test_customer_list_has_bounded_queries(api_as, dave, queue_a, django_assert_max_num_queries):
    for _ in range(15):
        TicketFactory(queue=queue_a, customer=dave.customer)
    client = api_as(dave)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/tickets/").json()["results"]) == 15


def _at(minutes: int):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(minutes=minutes)


def test_a_customers_updated_at_moves_only_on_what_they_can_see(api_as, alice, dave, dave_ticket):
    """Staff's notes and reassignments are internal work: the customer's last update (as the portal's "Last
    update") is their own messages and the published replies, or the ticket's opening."""
    from tickets import services

    dave_ticket.messages.update(created_at=_at(60))
    Ticket.objects.filter(pk=dave_ticket.pk).update(created_at=_at(90), updated_at=_at(60))
    url = f"/api/tickets/{dave_ticket.reference}/"
    before = api_as(dave).get(url).json()["updated_at"]
    services.note_add(ticket=dave_ticket, author=alice, body="Looks like a double capture.")
    services.ticket_change(ticket=dave_ticket, actor=alice, assignee=alice, priority=Priority.URGENT)
    assert api_as(alice).get(url).json()["updated_at"] > before  # staff see the internal work
    assert api_as(dave).get(url).json()["updated_at"] == before
    assert [row["updated_at"] for row in api_as(dave).get("/api/tickets/").json()["results"]] == [before]
    message = services.customer_message_add(ticket=dave_ticket, customer=dave.customer, body="Any news?")
    assert api_as(dave).get(url).json()["updated_at"] == message.created_at.isoformat().replace("+00:00", "Z")


def test_a_customer_reads_on_hold_as_in_progress_and_cannot_filter_on_it(api_as, alice, dave, dave_ticket):
    Ticket.objects.filter(pk=dave_ticket.pk).update(status=Status.ON_HOLD)
    data = api_as(dave).get(f"/api/tickets/{dave_ticket.reference}/").json()
    assert (data["status"], data["status_label"]) == ("open", "In progress")
    assert api_as(alice).get(f"/api/tickets/{dave_ticket.reference}/").json()["status"] == "on_hold"
    client = api_as(dave)
    assert _refs(client.get("/api/tickets/?status=on_hold")) == []
    assert _refs(client.get("/api/tickets/?status=open")) == [dave_ticket.reference]
    assert _refs(client.get("/api/tickets/?status=new")) == []


def test_customers_neither_order_nor_filter_by_priority_or_raw_status(api_as, dave, queue_a):
    """Ordering by priority (or by the raw status, which sorts "on hold" apart) would tell a customer how the
    desk ranks them; the order is their last update's."""
    tickets = []
    for minutes, priority, status in ((30, Priority.LOW, Status.ON_HOLD), (20, Priority.URGENT, Status.OPEN),
                                      (10, Priority.NORMAL, Status.ON_HOLD)):
        ticket = TicketFactory(queue=queue_a, customer=dave.customer, priority=priority, status=status)
        Ticket.objects.filter(pk=ticket.pk).update(created_at=_at(minutes), updated_at=_at(100 - minutes))
        tickets.append(ticket.reference)
    newest_first = tickets[::-1]
    client = api_as(dave)
    for query in ("", "ordering=-priority", "ordering=priority", "ordering=status", "ordering=-updated_at"):
        assert _refs(client.get(f"/api/tickets/?{query}")) == newest_first, query
    assert _refs(client.get("/api/tickets/?ordering=updated_at")) == tickets
    assert set(_refs(client.get("/api/tickets/?priority=4"))) == set(tickets)


def test_the_schema_documents_the_customers_ticket(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]

    def enum(serializer: str) -> list[str]:
        return schema[schema[serializer]["properties"]["status"]["allOf"][0]["$ref"].rpartition("/")[2]]["enum"]

    customer = schema["TicketCustomer"]["properties"]
    assert enum("TicketCustomer") == ["new", "open", "pending", "solved", "closed"] and "on_hold" in enum("TicketStaff")
    assert customer["status_label"]["type"] == "string"
    assert "internal work" in customer["updated_at"]["description"]


# --- Filters, ordering, pagination --------------------------------------------------------------------------


@pytest.fixture
def spread(alice, carol, queue_a, queue_b):
    """Tickets in A and B with different states, for carol (both queues) to filter."""
    return {
        "new_low": TicketFactory(
            queue=queue_a, status=Status.NEW, priority=Priority.LOW, subject="Invoice copy"
        ),
        "open_urgent": TicketFactory(
            queue=queue_b, status=Status.OPEN, priority=Priority.URGENT, assignee=carol, subject="Server down"
        ),
        "solved_mine": TicketFactory(
            queue=queue_a, status=Status.SOLVED, assignee=alice, channel=Channel.PHONE, subject="Refund"
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=new", {"new_low"}),
        ("status=new&status=open", {"new_low", "open_urgent"}),
        ("priority=4", {"open_urgent"}),
        ("queue=billing", {"new_low", "solved_mine"}),
        ("channel=phone", {"solved_mine"}),
        ("assignee=me", {"open_urgent"}),
        ("assignee=none", {"new_low"}),
        ("q=server", {"open_urgent"}),
    ],
)
def test_staff_filters(api_as, carol, spread, query, expected):
    response = api_as(carol).get(f"/api/tickets/?{query}")
    assert response.status_code == 200
    assert set(_refs(response)) == {spread[name].reference for name in expected}


def test_filter_by_assignee_id_and_reference(api_as, alice, carol, spread):
    client = api_as(carol)
    assert _refs(client.get(f"/api/tickets/?assignee={alice.pk}")) == [spread["solved_mine"].reference]
    reference = spread["new_low"].reference
    assert _refs(client.get(f"/api/tickets/?q={reference.lower()}")) == [reference]


def test_ordering_by_priority(api_as, carol, spread):
    refs = _refs(api_as(carol).get("/api/tickets/?ordering=-priority"))
    assert refs[0] == spread["open_urgent"].reference
    assert refs[-1] == spread["new_low"].reference


def test_customers_cannot_probe_staff_filters(api_as, alice, dave, dave_ticket):
    dave_ticket.assignee = alice
    dave_ticket.save()
    client = api_as(dave)
    assert _refs(client.get(f"/api/tickets/?assignee={alice.pk + 1000}")) == [dave_ticket.reference]
    assert _refs(client.get("/api/tickets/?queue=no-such-queue")) == [dave_ticket.reference]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=bogus", "status"),
        ("priority=high", "priority"),
        ("assignee=someone", "assignee"),
        ("channel=fax", "channel"),
        ("cursor=abc", "cursor"),
        ("page_size=0", "page_size"),
        ("page_size=many", "page_size"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_filters_are_400_with_the_field(api_as, carol, query, field):
    response = api_as(carol).get(f"/api/tickets/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"]


def test_pagination_pages_by_cursor_without_a_count(api_as, alice, queue_a):
    for _ in range(30):
        TicketFactory(queue=queue_a)
    client = api_as(alice)
    first = client.get("/api/tickets/").json()
    assert set(first) == {"next", "previous", "results"}
    assert len(first["results"]) == 25 and first["previous"] is None
    assert "cursor=" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None
    back = client.get(second["previous"]).json()
    assert back["results"] == first["results"]
    assert len(client.get("/api/tickets/?page_size=500").json()["results"]) == 30


@pytest.mark.parametrize("ordering", ["-updated_at", "created_at", "-priority", "status"])
def test_every_ordering_pages_through_each_ticket_once(api_as, alice, queue_a, ordering):
    """Ties on the ordering column (four priorities, a handful of statuses) are broken by the id."""
    statuses = [Status.NEW, Status.OPEN, Status.PENDING, Status.SOLVED]
    for n in range(23):
        TicketFactory(queue=queue_a, priority=1 + n % 4, status=statuses[n % 4])
    client = api_as(alice)
    url, seen = f"/api/tickets/?ordering={ordering}&page_size=5", []
    while url:
        page = client.get(url).json()
        seen += [row["reference"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 23
    field = ordering.lstrip("-")
    values = [client.get(f"/api/tickets/{ref}/").json()[field] for ref in seen]
    assert values == sorted(values, reverse=ordering.startswith("-"))


def test_a_cursor_made_for_another_ordering_is_400(api_as, alice, queue_a):
    for _ in range(30):
        TicketFactory(queue=queue_a)
    client = api_as(alice)
    following = client.get("/api/tickets/?ordering=created_at").json()["next"]
    response = client.get(following.replace("ordering=created_at", "ordering=-priority"))
    assert response.status_code == 400
    assert "another sort order" in response.json()["error"]["fields"]["cursor"][0]


# --- Opening tickets ----------------------------------------------------------------------------------------


def test_customer_opens_a_ticket_in_their_usual_queue(api_as, dave, dave_ticket, queue_b):
    response = api_as(dave).post(
        "/api/tickets/", {"subject": "Card declined", "body": "My card was declined."}, format="json"
    )
    assert response.status_code == 201, response.content
    ticket = Ticket.objects.get(reference=response.json()["reference"])
    assert (ticket.customer, ticket.queue, ticket.channel) == (
        dave.customer,
        dave_ticket.queue,
        Channel.PORTAL,
    )
    assert ticket.messages.get().body == "My card was declined."
    assert response.json()["subject"] == "Card declined"
    assert "queue" not in response.json()


def test_customer_may_only_choose_portal_or_email(api_as, dave, queue_a):
    client = api_as(dave)
    ok = client.post("/api/tickets/", {"subject": "s", "body": "b", "channel": "email"}, format="json")
    assert ok.status_code == 201
    assert ok.json()["channel"] == "email"
    bad = client.post("/api/tickets/", {"subject": "s", "body": "b", "channel": "forum"}, format="json")
    assert bad.status_code == 400
    assert "channel" in bad.json()["error"]["fields"]


def test_customer_cannot_set_staff_fields(api_as, dave, erin, queue_a):
    response = api_as(dave).post(
        "/api/tickets/",
        {"subject": "s", "body": "b", "customer": erin.customer.pk, "queue": "billing", "priority": 4},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"customer", "queue", "priority"}
    assert not Ticket.objects.filter(customer=erin.customer).exists()


def test_staff_open_a_ticket_for_a_customer_of_their_queue(api_as, alice, dave, dave_ticket):
    response = api_as(alice).post(
        "/api/tickets/",
        {
            "subject": "Call back",
            "body": "Customer phoned.",
            "customer": dave.customer.pk,
            "queue": "billing",
            "channel": "phone",
            "priority": 3,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["channel"], data["priority"], data["customer"]["id"]) == ("phone", 3, dave.customer.pk)
    assert TicketEvent.objects.get(ticket__reference=data["reference"], kind="created").actor == alice


def test_staff_cannot_open_for_customers_or_queues_outside_their_scope(
    api_as, bob, dave, dave_ticket, queue_a
):
    stranger = CustomerFactory()
    client = api_as(bob)
    for customer, queue in [(dave.customer.pk, "tech"), (stranger.pk, "tech"), (99999, "tech")]:
        response = client.post(
            "/api/tickets/",
            {"subject": "s", "body": "b", "customer": customer, "queue": queue},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {
            "customer": ["No customer with this id among your queues' customers."]
        }


def test_opening_validates_like_the_service(api_as, dave, queue_a, settings):
    settings.TACT_LIMITS = {**settings.TACT_LIMITS, "MESSAGE_MAX_CHARS": 100}
    client = api_as(dave)
    blank = client.post("/api/tickets/", {"subject": "   ", "body": "b"}, format="json")
    assert blank.status_code == 400
    assert "subject" in blank.json()["error"]["fields"]
    long = client.post("/api/tickets/", {"subject": "s", "body": "x" * 101}, format="json")
    assert long.status_code == 400
    assert long.json()["error"]["fields"]["body"] == [
        "Messages are limited to 100 characters; this one has 101."
    ]


def test_user_who_is_neither_staff_nor_customer_cannot_open(api_as, queue_a):
    from tests.factories import UserFactory

    response = api_as(UserFactory()).post("/api/tickets/", {"subject": "s", "body": "b"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


# --- Changing tickets ---------------------------------------------------------------------------------------


def test_staff_change_status_priority_and_assignee(api_as, alice, dave_ticket):
    url = f"/api/tickets/{dave_ticket.reference}/"
    response = api_as(alice).patch(
        url, {"status": "pending", "priority": 4, "assignee": alice.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["priority"], data["assignee"]["name"]) == ("pending", 4, "Harbor Wren")
    kinds = set(TicketEvent.objects.filter(ticket=dave_ticket).values_list("kind", flat=True))
    assert {"status", "priority", "assignee"} <= kinds


def test_staff_unassign_with_null(api_as, alice, dave_ticket):
    dave_ticket.assignee = alice
    dave_ticket.save()
    response = api_as(alice).patch(
        f"/api/tickets/{dave_ticket.reference}/", {"assignee": None}, format="json"
    )
    assert response.json()["assignee"] is None


def test_lead_moves_a_ticket_between_their_queues(api_as, carol, dave_ticket, queue_b):
    response = api_as(carol).patch(f"/api/tickets/{dave_ticket.reference}/", {"queue": "tech"}, format="json")
    assert response.json()["queue"]["slug"] == "tech"
    dave_ticket.refresh_from_db()
    assert dave_ticket.queue == queue_b


def test_agent_cannot_move_to_a_queue_they_are_not_in(api_as, alice, dave_ticket, queue_b):
    response = api_as(alice).patch(f"/api/tickets/{dave_ticket.reference}/", {"queue": "tech"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "queue": ["You can only move tickets to queues you belong to."]
    }


@pytest.mark.parametrize("who", ["bob", "unknown"])
def test_assignee_must_be_staff_in_the_queue(api_as, alice, bob, dave_ticket, who):
    assignee = bob.pk if who == "bob" else 987654
    response = api_as(alice).patch(
        f"/api/tickets/{dave_ticket.reference}/", {"assignee": assignee}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "assignee": ["The assignee must be staff in the ticket's queue."]
    }


def test_agent_cannot_change_a_ticket_outside_their_queues(api_as, bob, dave_ticket):
    response = api_as(bob).patch(
        f"/api/tickets/{dave_ticket.reference}/", {"status": "closed"}, format="json"
    )
    assert response.status_code == 404
    dave_ticket.refresh_from_db()
    assert dave_ticket.status == Status.NEW


@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_customers_cannot_change_tickets(api_as, dave, dave_ticket, method):
    response = getattr(api_as(dave), method)(
        f"/api/tickets/{dave_ticket.reference}/", {"status": "closed"}, format="json"
    )
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
    dave_ticket.refresh_from_db()
    assert dave_ticket.status == Status.NEW
