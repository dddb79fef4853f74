"""/api/customers/ and /api/queues/: staff see their queues' customers and queues; a customer sees themselves."""

from tests.factories import CustomerFactory, MessageFactory, OrganizationFactory, QueueFactory, TicketFactory
from tickets.models import Customer


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_agent_lists_customers_of_their_queues_only(api_as, alice, bob, dave, erin, dave_ticket, erin_ticket):
    CustomerFactory()  # no ticket anywhere: nobody's customer yet
    assert _ids(api_as(alice).get("/api/customers/")) == {dave.customer.pk}
    assert _ids(api_as(bob).get("/api/customers/")) == {erin.customer.pk}


def test_staff_see_private_details_and_restriction(api_as, alice, dave, dave_ticket):
    data = api_as(alice).get(f"/api/customers/{dave.customer.pk}/").json()
    assert data["name"] == "Dave Customer"
    assert data["account_ids"] == ["ACC-100200"]
    assert data["restriction"] == "none"


def test_agent_cannot_read_a_customer_outside_their_queues(api_as, bob, dave, dave_ticket):
    response = api_as(bob).get(f"/api/customers/{dave.customer.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_customer_sees_only_themselves(api_as, dave, erin, dave_ticket, erin_ticket):
    client = api_as(dave)
    response = client.get("/api/customers/")
    assert _ids(response) == {dave.customer.pk}
    row = response.json()["results"][0]
    assert row["emails"] == ["dave@mail.example"]
    assert "restriction" not in row
    assert "account_ids" not in row
    assert client.get(f"/api/customers/{dave.customer.pk}/").status_code == 200
    assert client.get(f"/api/customers/{erin.customer.pk}/").status_code == 404


def test_customer_search(api_as, carol, dave, erin, dave_ticket, erin_ticket):
    assert _ids(api_as(carol).get("/api/customers/?q=@eri")) == {erin.customer.pk}


def test_customer_list_has_bounded_queries(api_as, alice, queue_a, django_assert_max_num_queries):
    for _ in range(12):
        TicketFactory(queue=queue_a)
    client = api_as(alice)
    # One of them the audit trail's single INSERT for the whole page, one the token's first use (once a minute).
    with django_assert_max_num_queries(7):
        assert len(client.get("/api/customers/").json()["results"]) == 12


def test_non_numeric_customer_id_is_a_json_404(api_as, alice):
    response = api_as(alice).get("/api/customers/abc/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_staff_list_their_queues(api_as, alice, carol, queue_a, queue_b, django_assert_max_num_queries):
    QueueFactory(slug="other")
    client = api_as(carol)
    # Carol's running elevations, read once per request, and the token's first use (written once a minute).
    with django_assert_max_num_queries(6):
        rows = client.get("/api/queues/").json()["results"]
    assert [row["slug"] for row in rows] == ["billing", "tech"]
    assert rows[0] == {
        "id": queue_a.pk,
        "slug": "billing",
        "name": "Billing",
        "email": "billing@support.example",
    }
    assert [row["slug"] for row in api_as(alice).get("/api/queues/").json()["results"]] == ["billing"]


def test_agent_cannot_read_another_teams_queue(api_as, bob, queue_a):
    assert api_as(bob).get("/api/queues/billing/").status_code == 404
    assert api_as(bob).get("/api/queues/tech/").json()["name"] == "Technical"


def test_customers_see_no_queues(api_as, dave, queue_a):
    client = api_as(dave)
    assert client.get("/api/queues/").json()["results"] == []
    assert client.get("/api/queues/billing/").status_code == 404


def test_a_customer_never_reads_a_name_the_check_refuses_though_staff_do(api_as, alice, dave, dave_ticket):
    """Written before the check (or straight into the database): withheld from the customer, shown to staff."""
    leaky = OrganizationFactory(name="Acme, ask Alicia Realname")
    Customer.objects.filter(pk=dave.customer.pk).update(organization=leaky, name="Dave (alice@home.example)")
    client = api_as(dave)
    row = client.get("/api/customers/").json()["results"][0]
    assert (row["name"], row["organization"]) == ("", None)
    assert client.get(f"/api/customers/{dave.customer.pk}/").json()["organization"] is None
    thread = client.get(f"/api/tickets/{dave_ticket.reference}/messages/").content.decode()
    assert '"type":"customer","name":""' in thread.replace(" ", "")
    for response in (client.get("/api/customers/"), client.get(f"/api/tickets/{dave_ticket.reference}/messages/")):
        assert "Realname" not in response.content.decode() and "alice@home.example" not in response.content.decode()
    staff = api_as(alice).get(f"/api/customers/{dave.customer.pk}/").json()
    assert (staff["name"], staff["organization"]) == ("Dave (alice@home.example)", "Acme, ask Alicia Realname")
    assert "alice@home.example" in api_as(alice).get(f"/api/tickets/{dave_ticket.reference}/messages/").content.decode()


def test_a_customer_reads_a_legitimate_name_as_stored(api_as, alice, dave, dave_ticket):
    Customer.objects.filter(pk=dave.customer.pk).update(
        organization=OrganizationFactory(name="Alicia's Bäckerei & Söhne"), name="Dave O'Brien-Núñez"
    )
    row = api_as(dave).get("/api/customers/").json()["results"][0]
    assert (row["name"], row["organization"]) == ("Dave O'Brien-Núñez", "Alicia's Bäckerei & Söhne")


def test_a_customers_thread_checks_their_name_once(api_as, dave, dave_ticket, django_assert_max_num_queries):
    for _ in range(5):
        MessageFactory(ticket=dave_ticket, author_customer=dave.customer)
    client = api_as(dave)
    client.get(f"/api/tickets/{dave_ticket.reference}/messages/")
    with django_assert_max_num_queries(8) as counted:
        assert len(client.get(f"/api/tickets/{dave_ticket.reference}/messages/").json()["results"]) == 6
    staff_directory = 'SELECT "auth_user"."id", "auth_user"."username"'
    directory = [query for query in counted.captured_queries if query["sql"].startswith(staff_directory)]
    assert len(directory) == 1  # the staff directory, read once for the six messages


def test_a_customer_whose_name_is_their_email_reads_it_in_their_own_record_and_thread(
    api_as, alice, dave, erin, dave_ticket, erin_ticket
):
    """Their own email is theirs: shown to them in their record and on their messages. Someone else's, or a
    member of staff's, is still withheld; and another customer reading a message of theirs is not shown it."""
    Customer.objects.filter(pk=dave.customer.pk).update(name="Dave@Mail.example")
    MessageFactory(ticket=dave_ticket, author_customer=dave.customer)
    client = api_as(dave)
    assert client.get(f"/api/customers/{dave.customer.pk}/").json()["name"] == "Dave@Mail.example"
    thread = client.get(f"/api/tickets/{dave_ticket.reference}/messages/").content.decode().replace(" ", "")
    assert '"type":"customer","name":"Dave@Mail.example"' in thread
    MessageFactory(ticket=erin_ticket, author_customer=dave.customer)  # e.g. a message moved by a merge
    other = api_as(erin).get(f"/api/tickets/{erin_ticket.reference}/messages/").content.decode()
    assert '"type":"customer","name":""' in other.replace(" ", "") and "dave@mail.example" not in other.lower()
    Customer.objects.filter(pk=dave.customer.pk).update(name="dave@mail.example, erin@mail.example")
    assert client.get(f"/api/customers/{dave.customer.pk}/").json()["name"] == ""
