"""Staff search (tickets.search): what it finds, what it must never find, and on PostgreSQL that the stored
vector stays current through every kind of change and that the plan uses its GIN index."""
import re

import pytest
from django.db import connection, transaction
from rest_framework.test import APIClient

from agents.tokens import api_token_create
from redaction import doorbell, gate
from redaction import worker as gate_worker
from redaction.models import VersionStatus
from tests.factories import MessageFactory, TicketFactory, published_reply_message
from tickets.keyset import keyset_page
from tickets.models import MessageKind, Ticket
from tickets.search import RANK_WINDOW, search_vectors_rebuild, ticket_search
from tickets.selectors import SORT_KEYS, InboxQuery, inbox_sort, inbox_tickets

INBOX = "/inbox/"


def _subjects(response) -> list[str]:
    return re.findall(r"<strong>([^<]+)</strong></a>", response.content.decode())


def _found(user, text: str, sort: str = "relevance") -> list[str]:
    """Subjects in the order the inbox shows them (the keyset page orders them), every match on one page."""
    query = InboxQuery(q=text, view="all", sort=sort)
    tickets = inbox_tickets(user=user, query=query)
    return [t.subject for t in keyset_page(tickets, keys=SORT_KEYS[inbox_sort(query)], size=10_000, cursor=None).rows]


def _api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user).key}")
    return client


def _api_refs(client, text: str) -> set[str]:
    response = client.get("/api/tickets/", {"q": text})
    assert response.status_code == 200
    return {row["reference"] for row in response.json()["results"]}


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the stored search vector exists on PostgreSQL only")


@pytest.fixture
def desk(alice, queue_a, queue_b, dave):
    billing = TicketFactory(queue=queue_a, customer=dave.customer, subject="Refund for the annual plan")
    MessageFactory(ticket=billing, body="The invoice shows a duplicated surcharge.")
    MessageFactory(ticket=billing, kind=MessageKind.INTERNAL_NOTE, author_user=alice, body="Goodwill voucher ok")
    other = TicketFactory(queue=queue_b, subject="Kernel panic on boot")
    MessageFactory(ticket=other, body="A surcharge appeared and the kernel panicked.")
    return {"billing": billing, "other": other}


def test_finds_by_subject_word_body_word_and_note(alice, desk):
    assert _found(alice, "annual") == ["Refund for the annual plan"]
    assert _found(alice, "surcharge") == ["Refund for the annual plan"]  # body; queue B's match stays out
    assert _found(alice, "voucher") == ["Refund for the annual plan"]  # staff search finds notes


def test_finds_by_reference_exact_or_beginning_in_any_case(alice, desk):
    reference = desk["billing"].reference
    assert _found(alice, reference) == ["Refund for the annual plan"]
    assert _found(alice, reference[:5].lower()) == ["Refund for the annual plan"]
    assert _found(alice, desk["other"].reference) == []  # another queue's reference


def test_never_returns_another_queues_tickets(alice, bob, desk):
    assert _found(alice, "kernel") == []
    assert _found(bob, "kernel") == ["Kernel panic on boot"]
    assert _api_refs(_api(alice), "kernel") == set()
    assert _api_refs(_api(bob), "kernel") == {desk["other"].reference}


def test_held_reply_text_is_never_found(alice, desk, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(doorbell, "enqueue_scan", lambda version_id: True)
    ticket = desk["billing"]
    Ticket.objects.filter(pk=ticket.pk).update(replies_public=True)  # read by the public: dave's phone leaks
    ticket.refresh_from_db()
    body = "Zanzibarian wire sent; we will call you back on +1 415 555 0134 today."
    with django_capture_on_commit_callbacks(execute=True):
        version = gate.reply_submit(ticket=ticket, author=alice, body=body)
    with django_capture_on_commit_callbacks(execute=True):
        gate_worker.reply_scan(version_id=version.pk)
    version.refresh_from_db()
    assert version.status == VersionStatus.HELD
    assert _found(alice, "Zanzibarian") == []
    assert _api_refs(_api(alice), "Zanzibarian") == set()


def test_customer_api_search_never_matches_notes_or_a_hidden_subject(dave, desk):
    client = _api(dave)
    assert _api_refs(client, "voucher") == set()  # an internal note's word
    assert _api_refs(client, "annual") == {desk["billing"].reference}
    Ticket.objects.filter(pk=desk["billing"].pk).update(subject_public=False)
    assert _api_refs(client, "annual") == set()
    assert _api_refs(client, desk["billing"].reference.lower()) == {desk["billing"].reference}


def test_staff_api_search_reaches_messages_and_references(alice, desk):
    client = _api(alice)
    assert _api_refs(client, "duplicated") == {desk["billing"].reference}
    assert _api_refs(client, desk["billing"].reference[:6]) == {desk["billing"].reference}


def test_inbox_search_page_keeps_a_constant_query_count(alice_client, alice, queue_a, django_assert_max_num_queries):
    def page():
        response = alice_client.get(INBOX, {"q": "printer", "view": "all"})
        assert response.status_code == 200
        return response

    for n in range(3):
        MessageFactory(ticket=TicketFactory(queue=queue_a, subject=f"Ticket {n}"), body="The printer jams")
    page()
    # session, user, staff, session cut-off, second factor, filters (queues, staff), count, page, tabs, nav
    with django_assert_max_num_queries(13):
        few = page()
    for n in range(40):
        MessageFactory(ticket=TicketFactory(queue=queue_a, subject=f"More {n}"), body="printer again")
    with django_assert_max_num_queries(13):
        many = page()
    assert len(_subjects(few)) == 3 and len(_subjects(many)) == 25


def test_best_match_ranks_a_subject_hit_above_a_passing_mention(alice, queue_a):
    _needs_postgres()
    TicketFactory(queue=queue_a, subject="Scanner offline: scanner will not start")
    mention = TicketFactory(queue=queue_a, subject="Question about my account")  # newer
    MessageFactory(ticket=mention, body="Also, the scanner seems slow.")
    assert _found(alice, "scanner")[0] == "Scanner offline: scanner will not start"
    assert _found(alice, "scanner", sort="updated")[0] == "Question about my account"  # newest first


def test_best_match_ranks_only_a_bounded_window_of_recent_matches(alice, queue_a):
    TicketFactory.create_batch(RANK_WINDOW + 5, queue=queue_a, subject="Widget question")
    assert len(_found(alice, "widget")) == RANK_WINDOW
    assert len(_found(alice, "widget", sort="updated")) == RANK_WINDOW + 5


# --- The stored vector (PostgreSQL) --------------------------------------------------------------------


def _vector_finds(ticket: Ticket, text: str) -> bool:
    return ticket_search(Ticket.objects.filter(pk=ticket.pk), text).exists()


def test_vector_follows_a_new_message_a_subject_change_and_a_published_reply(alice, desk):
    _needs_postgres()
    ticket = desk["billing"]
    assert not _vector_finds(ticket, "thermostat")
    MessageFactory(ticket=ticket, body="My thermostat resets nightly")
    assert _vector_finds(ticket, "thermostat")

    Ticket.objects.filter(pk=ticket.pk).update(subject="Heating schedule lost")
    assert _vector_finds(ticket, "heating") and not _vector_finds(ticket, "annual")
    assert _vector_finds(ticket, "thermostat")  # the messages are still in it

    ticket.refresh_from_db()
    ticket.subject = "Heating schedule lost overnight"
    ticket.save()  # a whole-instance save: the vector is not a model field, nothing stale is written back
    assert _vector_finds(ticket, "overnight") and _vector_finds(ticket, "thermostat")

    published_reply_message(ticket=ticket, author=alice, body="We replaced the hygrometer module")
    assert _vector_finds(ticket, "hygrometer")


def test_vector_follows_edited_moved_and_deleted_messages(desk):
    _needs_postgres()
    billing, other = desk["billing"], desk["other"]
    message = MessageFactory(ticket=billing, body="carburettor")
    message.body = "alternator"
    message.save()
    assert _vector_finds(billing, "alternator") and not _vector_finds(billing, "carburettor")
    type(message).objects.filter(pk=message.pk).update(ticket=other)  # as a merge moves messages
    assert _vector_finds(other, "alternator") and not _vector_finds(billing, "alternator")
    type(message).objects.filter(pk=message.pk).delete()
    assert not _vector_finds(other, "alternator")


def test_rebuild_recomputes_every_vector(desk):
    _needs_postgres()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # as a bulk load runs: no triggers
        try:
            Ticket.objects.filter(pk=desk["billing"].pk).update(subject="Rewritten while triggers were off")
        finally:
            cursor.execute("SET session_replication_role = origin")
        assert not _vector_finds(desk["billing"], "rewritten")
        assert search_vectors_rebuild(cursor, chunk=1) >= 2
    assert _vector_finds(desk["billing"], "rewritten") and _vector_finds(desk["billing"], "voucher")


def test_the_plan_uses_the_gin_index_and_the_reference_index(desk):
    _needs_postgres()

    def plan(text: str) -> str:
        with transaction.atomic(), connection.cursor() as cursor:
            # A handful of rows: without these the planner reads the table, whatever the indexes.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            return ticket_search(Ticket.objects.all(), text).explain()

    words = plan("surcharge")
    assert "Bitmap Index Scan on tickets_ticket_search_gin" in words
    assert "upper(" not in words.lower() and "~~" not in words  # no LIKE over every ticket
    reference = plan(desk["billing"].reference[:6])
    assert "BitmapOr" in reference and "tickets_ticket_search_gin" in reference
    assert "Bitmap Index Scan on tickets_ticket_reference" in reference  # the prefix, on the reference's index
