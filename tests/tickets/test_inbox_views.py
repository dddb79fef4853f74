"""The inbox page: scoping, view tabs with counts, filters, search, sorting, htmx partials, query count."""
import re

import pytest
from django.urls import reverse

from tests.factories import MessageFactory, TicketFactory
from tickets.models import Status

INBOX = "/inbox/"


def _subjects(response) -> list[str]:
    """Ticket subjects in the order the list shows them."""
    return re.findall(r"<strong>([^<]+)</strong></a>", response.content.decode())


def test_inbox_url_name_is_stable():
    assert reverse("inbox") == INBOX


def test_signed_out_visitor_is_sent_to_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_customer_gets_404_on_the_inbox(client, dave, dave_ticket):
    client.force_login(dave)
    response = client.get(INBOX)
    assert response.status_code == 404
    assert dave_ticket.subject not in response.content.decode()


def test_agent_sees_only_their_queues_open_tickets_by_default(alice_client, spread):
    response = alice_client.get(INBOX)
    assert response.status_code == 200
    assert set(_subjects(response)) == {"Invoice missing", "Card declined", "Waiting on customer"}
    assert "Technical secret" not in response.content.decode()  # queue B


def test_bob_does_not_see_queue_a(client, bob, spread):
    client.force_login(bob)
    assert _subjects(client.get(INBOX)) == ["Technical secret"]


def test_view_tabs_show_counts_and_mark_the_current_view(alice_client, spread):
    html = alice_client.get(INBOX, {"view": "mine"}).content.decode()
    assert re.search(r'aria-current="page">Mine <span class="count">1</span>', html)
    assert 'Unassigned <span class="count">2</span>' in html
    assert 'All open <span class="count">3</span>' in html
    assert 'Everything <span class="count">4</span>' in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"view": "mine"}, {"Invoice missing"}),
        ({"view": "unassigned"}, {"Card declined", "Waiting on customer"}),
        ({"view": "all"}, {"Invoice missing", "Card declined", "Waiting on customer", "Old refund"}),
        ({"view": "all", "status": "solved"}, {"Old refund"}),
        ({"status": "pending"}, {"Waiting on customer"}),
        ({"priority": "4"}, {"Card declined"}),
        ({"channel": "phone"}, {"Card declined"}),
        ({"assignee": "none"}, {"Card declined", "Waiting on customer"}),
        ({"assignee": "me"}, {"Invoice missing"}),
        ({"queue": "billing"}, {"Invoice missing", "Card declined", "Waiting on customer"}),
    ],
)
def test_filters_narrow_the_list(alice_client, spread, params, expected):
    assert set(_subjects(alice_client.get(INBOX, params))) == expected


def test_assignee_filter_by_staff_id(alice_client, alice, spread):
    assert _subjects(alice_client.get(INBOX, {"assignee": str(alice.pk)})) == ["Invoice missing"]


def test_queue_filter_refuses_a_queue_outside_the_viewers_and_says_so(alice_client, spread):
    response = alice_client.get(INBOX, {"queue": "tech"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Technical secret" not in html
    assert "(ignored)" in html  # the bad filter is reported, the others still apply
    assert len(_subjects(response)) == 3


def test_search_matches_subject_reference_and_message_body(alice_client, spread):
    assert _subjects(alice_client.get(INBOX, {"q": "declined"})) == ["Card declined"]
    reference = spread["mine"].reference
    assert _subjects(alice_client.get(INBOX, {"q": reference})) == ["Invoice missing"]
    MessageFactory(ticket=spread["pending"], body="My router blinks orange since Tuesday")
    assert _subjects(alice_client.get(INBOX, {"q": "router"})) == ["Waiting on customer"]


def test_search_never_reaches_another_queue(alice_client, spread):
    assert _subjects(alice_client.get(INBOX, {"q": "Technical secret", "view": "all"})) == []


def test_search_keeps_what_was_typed(alice_client, spread):
    html = alice_client.get(INBOX, {"q": "no such <thing>"}).content.decode()
    assert 'value="no such &lt;thing&gt;"' in html
    assert "No tickets match" in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("updated", ["Waiting on customer", "Invoice missing", "Card declined"]),
        ("priority", ["Card declined", "Invoice missing", "Waiting on customer"]),
        ("due", ["Card declined", "Waiting on customer", "Invoice missing"]),
    ],
)
def test_sorting(alice_client, spread, sort, expected):
    assert _subjects(alice_client.get(INBOX, {"sort": sort})) == expected


def test_overdue_tickets_are_highlighted(alice_client, spread):
    html = alice_client.get(INBOX).content.decode()
    row = re.search(r'<tr data-href="[^"]+" class="overdue">.*?</tr>', html, re.S).group(0)
    assert "Card declined" in row and "sla-breached" in row and "Breached 1 h ago" in row


def test_assignee_is_shown_by_persona_never_real_name(alice_client, spread):
    html = alice_client.get(INBOX).content.decode()
    assert "Harbor Wren" in html
    assert "Realname" not in html and "Alicia" not in html


def test_rows_are_keyboard_navigable(alice_client, spread):
    html = alice_client.get(INBOX).content.decode()
    assert "data-keynav" in html
    assert f'data-href="/inbox/t/{spread["mine"].reference}/"' in html


def test_htmx_request_gets_only_the_results_fragment(alice_client, spread):
    response = alice_client.get(INBOX, {"status": "pending"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'role="search"' not in html
    assert _subjects(response) == ["Waiting on customer"]
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(alice_client, spread):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in alice_client.get(INBOX, headers=headers).content.decode()


def test_pagination_keeps_filters(alice_client, alice, queue_a):
    TicketFactory.create_batch(30, queue=queue_a, status=Status.OPEN, subject="Bulk ticket")
    html = alice_client.get(INBOX, {"status": "open"}).content.decode()
    assert html.count("Bulk ticket") == 25
    assert "Page 1 of 2" in html
    assert "?status=open&amp;page=2" in html
    assert alice_client.get(INBOX, {"status": "open", "page": 2}).content.decode().count("Bulk ticket") == 5


def test_bad_page_number_shows_a_page_not_an_error(alice_client, spread):
    assert alice_client.get(INBOX, {"page": "zzz"}).status_code == 200


def test_inbox_query_count_is_bounded(alice_client, alice, queue_a, django_assert_max_num_queries):
    for n in range(30):
        ticket = TicketFactory(queue=queue_a, assignee=alice if n % 2 else None, subject=f"Ticket {n}")
        MessageFactory(ticket=ticket)
    # 12 measured: session, user, staff, the session cut-off, second factor, filters, count, page, tabs,
    # held replies (nav)
    with django_assert_max_num_queries(13):
        response = alice_client.get(INBOX, {"view": "all"})
    assert len(_subjects(response)) == 25


@pytest.mark.postgres
def test_postgres_search_is_full_text_with_stemming(alice_client, spread, settings):
    if not settings.IS_POSTGRES:
        pytest.skip("full-text search runs on PostgreSQL only")
    MessageFactory(ticket=spread["pending"], body="The invoices were charged in euros")
    assert _subjects(alice_client.get(INBOX, {"q": "charging invoice"})) == ["Waiting on customer"]
    assert _subjects(alice_client.get(INBOX, {"q": '"euros were charged"'})) == []  # phrase order matters


def test_tabs_link_to_the_held_replies_view(alice_client, spread):
    assert f'href="{reverse("gate:held")}"' in alice_client.get(INBOX).content.decode()
