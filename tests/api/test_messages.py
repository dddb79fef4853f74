"""/api/tickets/{reference}/messages/: threads without notes for customers, notes for staff, personas only."""

import pytest

from tests.api.helpers import assert_no_staff_identity
from tests.factories import MessageFactory, published_reply_message
from tickets.models import Message, MessageKind, Status


@pytest.fixture
def thread(alice, dave_ticket):
    """Dave's ticket: his message, a published reply under alice's persona, and an internal note by alice."""
    published_reply_message(
        ticket=dave_ticket,
        author=alice,
        alias="Harbor Wren",
        avatar_seed="k3x9Wq",  # a real seed is random; the persona fixtures' seeds contain usernames
        body="We refunded the second charge.",
    )
    MessageFactory(
        ticket=dave_ticket,
        kind=MessageKind.INTERNAL_NOTE,
        author_user=alice,
        body="Refund approved by finance.",
    )
    return dave_ticket


def _url(ticket) -> str:
    return f"/api/tickets/{ticket.reference}/messages/"


def test_customer_reads_thread_without_notes(api_as, dave, thread):
    response = api_as(dave).get(_url(thread))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["kind"] for row in rows] == ["customer", "reply"]
    assert "Refund approved by finance." not in response.content.decode()
    assert rows[1]["author"] == {
        "type": "agent",
        "name": "Harbor Wren",
        "avatar_url": "/team/avatar/k3x9Wq.svg",
    }
    assert rows[0]["author"] == {"type": "customer", "name": "Dave Customer", "avatar_url": None}
    assert "suspended" not in rows[0]
    assert_no_staff_identity(response)


def test_staff_read_notes_under_the_persona(api_as, alice, thread):
    rows = api_as(alice).get(_url(thread)).json()["results"]
    assert [row["kind"] for row in rows] == ["customer", "reply", "note"]
    assert rows[2]["body"] == "Refund approved by finance."
    assert rows[2]["author"] == {
        "type": "agent",
        "name": "Harbor Wren",
        "avatar_url": f"/team/avatar/{alice.staff.persona.avatar_seed}.svg",
    }
    assert rows[0]["suspended"] is False


def test_reply_keeps_the_alias_it_was_published_under(api_as, alice, dave, thread):
    persona = alice.staff.persona
    persona.alias = "Renamed Later"
    persona.save()
    rows = api_as(dave).get(_url(thread)).json()["results"]
    assert rows[1]["author"]["name"] == "Harbor Wren"


def test_agent_without_persona_appears_as_the_team(api_as, dave, dave_ticket):
    from tests.factories import StaffFactory

    published_reply_message(ticket=dave_ticket, author=StaffFactory().user, body="Hi")
    rows = api_as(dave).get(_url(dave_ticket)).json()["results"]
    assert rows[1]["author"] == {
        "type": "agent",
        "name": "Support team",
        "avatar_url": "/team/avatar/team.svg",
    }


@pytest.mark.parametrize("who", ["erin", "bob"])
def test_thread_outside_scope_is_404(api_as, request, thread, who):
    client = api_as(request.getfixturevalue(who))
    assert client.get(_url(thread)).status_code == 404
    response = client.post(_url(thread), {"body": "let me in"}, format="json")
    assert response.status_code == 404
    assert not Message.objects.filter(body="let me in").exists()


def test_thread_list_has_bounded_queries(api_as, alice, carol, thread, django_assert_max_num_queries):
    for _ in range(10):
        MessageFactory(ticket=thread, kind=MessageKind.INTERNAL_NOTE, author_user=carol)
        MessageFactory(ticket=thread)
    client = api_as(alice)
    with django_assert_max_num_queries(8):  # one: the token's first use (written at most once a minute)
        response = client.get(_url(thread))
    assert response.json()["count"] == 23


def test_customer_writes_on_their_ticket(api_as, dave, dave_ticket):
    dave_ticket.status = Status.PENDING
    dave_ticket.save()
    response = api_as(dave).post(_url(dave_ticket), {"body": "Any news?"}, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["kind"], data["body"], data["author"]["type"]) == ("customer", "Any news?", "customer")
    dave_ticket.refresh_from_db()
    assert dave_ticket.status == Status.OPEN


def test_customer_cannot_write_notes_or_replies(api_as, dave, dave_ticket):
    for kind in ("note", "reply"):
        response = api_as(dave).post(_url(dave_ticket), {"body": "sneaky", "kind": kind}, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["fields"] == {"kind": ["Customers write customer messages only."]}
    assert not Message.objects.filter(body="sneaky").exists()


def test_staff_add_an_internal_note(api_as, alice, dave, dave_ticket):
    response = api_as(alice).post(
        _url(dave_ticket), {"body": "Called the bank.", "kind": "note"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "note"
    assert response.json()["author"]["name"] == "Harbor Wren"
    customer_view = api_as(dave).get(_url(dave_ticket))
    assert "Called the bank." not in customer_view.content.decode()


def test_staff_post_without_kind_is_a_note(api_as, alice, dave_ticket):
    response = api_as(alice).post(_url(dave_ticket), {"body": "Default kind"}, format="json")
    assert response.json()["kind"] == "note"


def test_staff_reply_is_pointed_to_the_reply_gate(api_as, alice, dave_ticket):
    response = api_as(alice).post(
        _url(dave_ticket), {"body": "Public answer", "kind": "reply"}, format="json"
    )
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["kind"][0]
    assert f"/api/tickets/{dave_ticket.reference}/replies/" in message
    assert not Message.objects.filter(body="Public answer").exists()


def test_closed_ticket_refuses_customer_messages(api_as, dave, dave_ticket):
    dave_ticket.status = Status.CLOSED
    dave_ticket.save()
    response = api_as(dave).post(_url(dave_ticket), {"body": "Hello?"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "body": ["This ticket is closed. Open a new ticket instead."]
    }


@pytest.mark.parametrize(
    "payload", [{}, {"body": ""}, {"body": "   "}, {"body": ["a"]}, {"body": "x" * 20_001}]
)
def test_bad_bodies_are_400(api_as, dave, dave_ticket, payload):
    response = api_as(dave).post(_url(dave_ticket), payload, format="json")
    assert response.status_code == 400
    assert "body" in response.json()["error"]["fields"]
