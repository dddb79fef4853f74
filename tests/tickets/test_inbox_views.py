"""The inbox page: scoping, view tabs with counts, filters, search, sorting, htmx partials, query count."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

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
        ({"status": "solved"}, set()),  # the open tab holds no solved ticket
        ({"view": "mine", "status": "pending"}, set()),
        ({"view": "unassigned", "status": "pending"}, {"Waiting on customer"}),
        ({"view": "unassigned", "status": "solved"}, set()),
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


def test_a_row_writes_its_dates_as_the_date_filter_does(alice_client, spread, settings):
    from django.template import Context, Template

    settings.TIME_ZONE = "America/New_York"  # the page's times are the viewer's, not the database's UTC
    ticket = spread["mine"]
    ticket.refresh_from_db()
    html = alice_client.get(INBOX).content.decode()
    row = re.search(rf'<tr data-href="[^"]*{ticket.reference}/".*?</tr>', html, re.S).group(0)
    expected = Template("""<time datetime="{{ d|date:'c' }}">{{ d|date:"j M, H:i" }}</time>""").render(
        Context({"d": ticket.updated_at})
    )
    assert "-0" in expected and expected in row


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


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="(/inbox/\?[^"]+)" rel="{rel}"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_older_and_newer_links_keep_filters_and_page_by_keyset(alice_client, alice, queue_a):
    TicketFactory.create_batch(30, queue=queue_a, status=Status.OPEN, subject="Bulk ticket")
    html = alice_client.get(INBOX, {"status": "open"}).content.decode()
    assert html.count("Bulk ticket") == 25
    assert "30 tickets" in html
    assert _link(html, "prev") is None
    older = _link(html, "next")
    assert older.startswith("/inbox/?status=open&cursor=")
    second = alice_client.get(older).content.decode()
    assert second.count("Bulk ticket") == 5
    assert _link(second, "next") is None and "First page" in second
    back = alice_client.get(_link(second, "prev")).content.decode()
    assert back.count("Bulk ticket") == 25 and _link(back, "prev") is None


@pytest.mark.parametrize("sort", ["updated", "created", "priority", "due"])
def test_walking_every_page_shows_each_ticket_once_in_order(alice_client, alice, queue_a, sort):
    """Ties on every sort column but the id, and tickets without a due date, page like any others."""
    same = timezone.now() - timedelta(hours=1)
    for n in range(60):
        TicketFactory(queue=queue_a, status=Status.OPEN, subject=f"Row {n:02d}", priority=1 + n % 3,
                      updated_at=same if n % 2 else same - timedelta(minutes=n),
                      created_at=same if n % 3 else same - timedelta(minutes=n),
                      first_response_due=None if n % 4 == 0 else same + timedelta(minutes=n % 7))
    first = alice_client.get(INBOX, {"sort": sort})
    expected = _subjects(first)
    pages, url = [expected], _link(first.content.decode(), "next")
    while url:
        response = alice_client.get(url)
        pages.append(_subjects(response))
        url = _link(response.content.decode(), "next")
    seen = [subject for page in pages for subject in page]
    assert sorted(seen) == sorted(f"Row {n:02d}" for n in range(60))
    assert [len(page) for page in pages] == [25, 25, 10]
    # Backwards from the last page gives the same pages.
    response = alice_client.get(url or _last_url(alice_client, sort))
    assert _subjects(alice_client.get(_link(response.content.decode(), "prev"))) == pages[1]


def _last_url(client, sort: str) -> str:
    url = _link(client.get(INBOX, {"sort": sort}).content.decode(), "next")
    return _link(client.get(url).content.decode(), "next")


@pytest.mark.parametrize("cursor", ["zzz", "", "a" * 5000])
def test_a_broken_page_link_shows_the_first_page_with_a_message(alice_client, spread, cursor):
    response = alice_client.get(INBOX, {"cursor": cursor})
    assert response.status_code == 200
    assert len(_subjects(response)) == 3
    if cursor:
        assert "This page link is broken" in response.content.decode()


def test_a_page_link_made_for_another_sort_is_refused(alice_client, alice, queue_a):
    TicketFactory.create_batch(30, queue=queue_a, status=Status.OPEN)
    older = _link(alice_client.get(INBOX, {"sort": "created"}).content.decode(), "next")
    response = alice_client.get(older.replace("sort=created", "sort=priority"))
    assert "made for another sort order" in response.content.decode()
    assert len(_subjects(response)) == 25


def test_counts_stop_at_the_cap(alice_client, alice, queue_a, monkeypatch):
    monkeypatch.setattr("tickets.selectors.COUNT_CAP", 4)
    TicketFactory.create_batch(6, queue=queue_a, status=Status.OPEN, assignee=alice)
    TicketFactory.create_batch(2, queue=queue_a, status=Status.OPEN, assignee=None)
    html = alice_client.get(INBOX).content.decode()
    assert 'Mine <span class="count">4+</span>' in html
    assert 'Unassigned <span class="count">2</span>' in html
    assert "4+ tickets" in html


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
