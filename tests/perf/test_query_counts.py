"""Every list page and API list runs the same number of SQL queries whatever the desk's size: each page is
measured on a small desk, the desk is tripled (tickets, messages, replies, calls, escalations, held replies,
suspended messages), and the page measured again. A count that grows with the data is an N+1 or a per-row
query; a count over its budget is a new query someone should justify. bench/ measures the time these take."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from escalation.models import Category
from escalation.services import escalation_raise
from redaction import doorbell, gate
from redaction import worker as gate_worker
from tests.factories import CallLogFactory, MessageFactory, TicketFactory, published_reply_message
from tickets import services
from tickets.models import MessageKind, Status

LEAKY = "Hi, we will call you back on +1 415 555 0134 today."
CLEAN = "Thanks for waiting. The duplicate charge has been refunded and should show in 3-5 days."

# The most each page may run, as measured. The session, the user, the staff profile (which brings the session
# cut-off and whether an authenticator is set up), the navigation's counts (held replies, escalations) are in
# every staff page's figure; so is one query for the assignees' personas
# on the lists (`tickets.selectors.assignees_prefetch`).
BUDGET = {
    "inbox default": 10,
    "inbox filtered": 11,
    "inbox older page": 10,
    # The ticket's escalations and its customer's open harassment reports are one read (two panels). The
    # history is not read: it loads when the agent opens it (below).
    "ticket page": 16,
    # The empty composer runs no first-response check.
    "ticket page, long thread": 16,
    # The session, user, staff profile and ticket as on the page, the newest events with their actors'
    # personas; a cut history reads only the replies, submissions and overrides its lines name (none here).
    "ticket history, long thread": 6,
    "portal list": 7,
    "portal ticket": 8,
    # A lead's every page counts in the navigation the open escalations and, from the lead's own unread
    # notices (claimant, unseen: indexed), the escalations closed over their claim: one query each.
    "leads' dashboard": 12,
    "triage": 13,  # one for the on-duty roster (escalation.duty.duty_roster), one for "closed over your claim"
    "suspended": 9,
    "held replies": 6,
    "api list": 9,  # one for the SLA policies, read once for every ticket's clocks (tickets.sla.display)
    "api older page": 9,
    "api detail": 8,
    "post a reply": 16,  # one for the files the previous version carries over (redaction.replyfiles)
}


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr(doorbell, "enqueue_scan", lambda version_id: True)


def _grow(n: int, *, queue, customer, agent, capture) -> None:
    """`n` more tickets as a desk has them: a customer message, a published reply and a note each; a call on
    every third; an escalation, a held reply and a message from a suspended customer on every tenth."""
    for i in range(n):
        ticket = TicketFactory(queue=queue, customer=customer, status=Status.OPEN if i % 2 else Status.PENDING,
                               assignee=agent if i % 3 else None)
        message = MessageFactory(ticket=ticket, body="My card was charged twice.")
        published_reply_message(ticket=ticket, author=agent, body="We are looking into it.", alias="Harbor Wren")
        services.note_add(ticket=ticket, author=agent, body="Checked the ledger.")
        if i % 3 == 0:
            CallLogFactory(customer=customer, ticket=ticket, agent=agent)
        if i % 10 == 0:
            escalation_raise(ticket=ticket, category=Category.LEGAL_REGULATORY, message=message, raised_by=agent)
            MessageFactory(ticket=ticket, body="Still waiting.", suspended=True)
            with capture(execute=True):
                version = gate.reply_submit(ticket=ticket, author=agent, body=LEAKY)
            with capture(execute=True):
                gate_worker.reply_scan(version_id=version.pk)


def _count(client, method: str, url: str, headers: dict | None = None, **data) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data, headers=headers)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries.captured_queries), response


def _older_link(html: str) -> str:
    found = re.search(r'<a href="(/inbox/\?[^"]+)" rel="next"', html)
    assert found, "no older page"
    return found.group(1).replace("&amp;", "&")


def _measure(*, staff, lead, customer_client, queue, ticket, long_ticket, fresh_ticket) -> dict[str, int]:
    counts = {}
    counts["inbox default"], response = _count(staff, "get", reverse("inbox"))
    counts["inbox filtered"], _ = _count(staff, "get", reverse("inbox"), queue=queue.slug, status="open")
    counts["inbox older page"], _ = _count(staff, "get", _older_link(response.content.decode()))
    counts["ticket page"], _ = _count(staff, "get", reverse("ticket_detail", args=[ticket.reference]))
    counts["ticket page, long thread"], _ = _count(staff, "get", reverse("ticket_detail",
                                                                         args=[long_ticket.reference]))
    counts["ticket history, long thread"], _ = _count(staff, "get", reverse("ticket_detail",
                                                                            args=[long_ticket.reference]),
                                                      history="recent", headers={"HX-Request": "true"})
    counts["portal list"], _ = _count(customer_client, "get", reverse("portal"))
    counts["portal ticket"], _ = _count(customer_client, "get", reverse("portal_ticket", args=[ticket.reference]))
    counts["leads' dashboard"], _ = _count(lead, "get", reverse("leads:figures"))
    counts["triage"], _ = _count(lead, "get", reverse("leads:dashboard"))
    counts["suspended"], _ = _count(lead, "get", reverse("leads:suspended"))
    counts["held replies"], _ = _count(staff, "get", reverse("gate:held"))
    counts["api list"], response = _count(staff, "get", "/api/tickets/")
    counts["api older page"], _ = _count(staff, "get", response.json()["next"])
    counts["api detail"], _ = _count(staff, "get", f"/api/tickets/{ticket.reference}/")
    counts["post a reply"], _ = _count(staff, "post", reverse("gate:send", args=[fresh_ticket.reference]),
                                       body=CLEAN)
    return counts


def test_every_page_runs_as_many_queries_on_a_desk_three_times_the_size(
    client, alice, carol, dave, queue_a, django_capture_on_commit_callbacks
):
    from django.test import Client

    staff, lead, customer_client = Client(), Client(), client
    staff.force_login(alice)
    lead.force_login(carol)
    customer_client.force_login(dave)
    customer = dave.customer
    grow = {"queue": queue_a, "customer": customer, "agent": alice, "capture": django_capture_on_commit_callbacks}

    _grow(30, **grow)
    ticket = customer.tickets.order_by("id").first()
    long_ticket = TicketFactory(queue=queue_a, customer=customer, status=Status.OPEN)
    for n in range(40):  # notes, so its history is longer than the page shows (`HISTORY_RECENT`) at both sizes
        services.note_add(ticket=long_ticket, author=alice, body=f"Message {n}")
    fresh = [TicketFactory(queue=queue_a, customer=customer, status=Status.OPEN) for _ in range(2)]
    small = _measure(staff=staff, lead=lead, customer_client=customer_client, queue=queue_a, ticket=ticket,
                     long_ticket=long_ticket, fresh_ticket=fresh[0])

    _grow(60, **grow)
    for n in range(110):  # 150 messages in the long thread
        kind = MessageKind.INTERNAL_NOTE if n % 4 == 0 else MessageKind.CUSTOMER
        MessageFactory(ticket=long_ticket, body=f"Later message {n}", kind=kind,
                       author_user=alice if kind == MessageKind.INTERNAL_NOTE else None)
    large = _measure(staff=staff, lead=lead, customer_client=customer_client, queue=queue_a, ticket=ticket,
                     long_ticket=long_ticket, fresh_ticket=fresh[1])

    assert large == small
    over = {page: count for page, count in large.items() if count > BUDGET[page]}
    assert not over, f"over budget: {over} (budget {BUDGET})"
