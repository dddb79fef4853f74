"""The public page of a public thread shows what the gate published and the customer's public posts, nothing
else: it is where a leak would be seen by the world."""
import pytest
from django.urls import reverse

from redaction.models import VersionStatus
from redaction.services import reply_scan, reply_submit
from tests.factories import MessageFactory, TicketFactory
from tickets.models import Channel, MessageKind, Status
from tickets.services import call_log, note_add, ticket_change

pytestmark = pytest.mark.django_db

ALICE_PRIVATE = ("Alicia", "Realname", "alice@home.example", "alice")
POSTER_PRIVATE = ("Priya Privatename", "priya@private.example", "ACC-555111")


def page(client, ticket):
    return client.get(reverse("public_thread", args=[ticket.reference]))


def test_published_reply_and_public_post_are_shown_under_persona_and_handle(client, public_ticket,
                                                                            alice_public_reply):
    response = page(client, public_ticket)
    html = response.content.decode()
    assert response.status_code == 200
    assert "your app ate my playlist again" in html
    assert "we are restoring it now" in html
    assert "Harbor Wren" in html
    assert f"/team/avatar/{alice_public_reply.author_avatar_seed}.svg" in html
    assert "@priya_p" in html
    for secret in ALICE_PRIVATE + POSTER_PRIVATE:
        assert secret not in html, secret


def test_held_and_pending_versions_notes_and_calls_are_not_shown(client, public_ticket, alice, carol,
                                                                alice_public_reply):
    held = reply_submit(ticket=public_ticket, author=alice, body="Your account ACC-555111 is restored.")
    reply_scan(version_id=held.pk)
    held.refresh_from_db()
    assert held.status == VersionStatus.HELD
    pending = reply_submit(ticket=public_ticket, author=carol, body="Still waiting for the scanner here.")
    assert pending.status == VersionStatus.PENDING
    note_add(ticket=public_ticket, author=alice, body="Internal: customer is a known troll.")
    call_log(customer=public_ticket.customer, agent=alice, at=public_ticket.created_at, duration_s=60,
             summary="Called about the playlist bug.", ticket=public_ticket)
    MessageFactory(ticket=public_ticket, body="Sent privately: my email is priya@private.example")

    html = page(client, public_ticket).content.decode()
    assert "we are restoring it now" in html
    for hidden in ("is restored", "Still waiting for the scanner", "known troll", "playlist bug",
                   "Sent privately", "North Star", "Caroline", *ALICE_PRIVATE, *POSTER_PRIVATE):
        assert hidden not in html, hidden
    assert html.count('class="msg ') == 2


def test_suspended_posts_are_not_amplified(client, public_ticket):
    MessageFactory(ticket=public_ticket, body="abusive words here", is_public_post=True, suspended=True)
    assert "abusive words" not in page(client, public_ticket).content.decode()


def test_status_is_open_or_solved_only(client, public_ticket, alice):
    ticket_change(ticket=public_ticket, actor=alice, status=Status.ON_HOLD)
    html = page(client, public_ticket).content.decode()
    assert ">Open<" in html and "hold" not in html.lower()
    ticket_change(ticket=public_ticket, actor=alice, status=Status.SOLVED, closure_reason="spam")
    html = page(client, public_ticket).content.decode()
    assert ">Solved<" in html and "spam" not in html.lower()


@pytest.mark.parametrize("channel, replies_public", [
    (Channel.EMAIL, False), (Channel.PORTAL, False), (Channel.PHONE, False),
    # On a public channel, but its replies were scanned under the private policy: no page either.
    (Channel.SOCIAL, False),
])
def test_private_tickets_have_no_public_page(client, dave, queue_a, channel, replies_public):
    ticket = TicketFactory(customer=dave.customer, queue=queue_a, channel=channel, replies_public=replies_public)
    MessageFactory(ticket=ticket, body="private words", is_public_post=False)
    response = page(client, ticket)
    assert response.status_code == 404
    assert b"private words" not in response.content
    unknown = client.get(reverse("public_thread", args=["T-00000000"]))
    assert unknown.status_code == 404


def test_deleted_ticket_has_no_public_page(client, public_ticket):
    public_ticket.deleted_at = public_ticket.created_at
    public_ticket.save()
    assert page(client, public_ticket).status_code == 404


def test_page_is_publicly_cacheable_without_cookies_or_forms(client, public_ticket, alice_public_reply):
    response = page(client, public_ticket)
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert "csrftoken" not in response.cookies
    assert b"csrfmiddlewaretoken" not in response.content and b"<form" not in response.content


def test_signed_in_staff_see_the_same_page(client, public_ticket, alice, alice_public_reply):
    client.force_login(alice)
    html = page(client, public_ticket).content.decode()
    assert "Working as" not in html and "alice" not in html


def test_staff_ticket_page_and_portal_link_to_the_public_thread(client, public_ticket, alice, dave, dave_ticket,
                                                                queue_a):
    url = reverse("public_thread", args=[public_ticket.reference])
    client.force_login(alice)
    assert url in client.get(reverse("ticket_detail", args=[public_ticket.reference])).content.decode()
    assert "public thread" not in client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    client.force_login(dave)
    assert "Public thread" not in client.get(reverse("portal_ticket", args=[dave_ticket.reference])).content.decode()
    tweet = TicketFactory(customer=dave.customer, queue=queue_a, channel=Channel.SOCIAL, replies_public=True)
    html = client.get(reverse("portal_ticket", args=[tweet.reference])).content.decode()
    assert reverse("public_thread", args=[tweet.reference]) in html


def test_public_page_needs_one_query_per_part(client, public_ticket, alice_public_reply,
                                              django_assert_max_num_queries):
    for n in range(5):
        MessageFactory(ticket=public_ticket, body=f"more post {n}", is_public_post=True)
    with django_assert_max_num_queries(4):
        page(client, public_ticket)


def test_only_reply_kind_messages_from_staff_appear(client, public_ticket, alice):
    note_add(ticket=public_ticket, author=alice, body="note body words")
    assert not public_ticket.messages.filter(kind=MessageKind.PUBLIC_REPLY).exists()
    assert "note body words" not in page(client, public_ticket).content.decode()


@pytest.mark.parametrize("handle", ["priya@private.example", "alice@home.example", "@priya 020 7946 0958"])
def test_a_handle_the_name_check_refuses_is_not_shown_to_the_public(client, public_ticket, alice_public_reply,
                                                                  handle, settings):
    """A handle written before the check (straight into the database, an old import): the public reads "A
    customer", not an email (the poster's own included: the page is the world's, not theirs) or a number."""
    settings.TACT_REDACTION = {**getattr(settings, "TACT_REDACTION", {}), "REGIONS": ["gb"]}
    type(public_ticket.customer).objects.filter(pk=public_ticket.customer_id).update(handle=handle)
    html = page(client, public_ticket).content.decode()
    assert "A customer" in html and "your app ate my playlist again" in html
    assert handle not in html and "7946" not in html


def test_the_handle_is_checked_once_whatever_the_number_of_posts(client, public_ticket, alice_public_reply,
                                                                 django_assert_num_queries):
    """No N+1: the page costs the same three queries (the ticket, its messages, the staff directory the check
    reads) with one post as with twenty-one."""
    with django_assert_num_queries(3) as one:
        page(client, public_ticket)
    for n in range(20):
        MessageFactory(ticket=public_ticket, body=f"more post {n}", is_public_post=True)
    with django_assert_num_queries(len(one.captured_queries)):
        html = page(client, public_ticket).content.decode()
    assert html.count("@priya_p") == 21
    staff_directory = 'SELECT "auth_user"."id", "auth_user"."username"'
    assert sum(query["sql"].startswith(staff_directory) for query in one.captured_queries) == 1
