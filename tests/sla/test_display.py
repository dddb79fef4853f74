"""What staff see of the clocks: the inbox's badge, sort and filter; the ticket page's clocks; the leads'
dashboard's met and breached counts."""
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from escalation.dashboard import dashboard_figures, dashboard_rollup
from escalation.dashboard_models import Metric
from tests.factories import TicketFactory, published_reply_message
from tickets import intake, services
from tickets.models import Priority, Queue, Status, Ticket

pytestmark = pytest.mark.django_db


def inbox_row(page: str, reference: str) -> str:
    return re.search(rf'<tr data-href="[^"]*{reference}/".*?</tr>', page, re.S).group(0)


@pytest.fixture
def three_tickets(clock, dave, queue_a):
    """Due in 25 minutes, breached 10 minutes ago, due in 5 hours (all in queue A)."""
    def ticket(subject, due):
        return TicketFactory(customer=dave.customer, queue=queue_a, subject=subject, first_response_due=due,
                             sla_due_at=due)
    return (ticket("Soon", clock.now + timedelta(minutes=25)), ticket("Late", clock.now - timedelta(minutes=10)),
            ticket("Later", clock.now + timedelta(hours=5)))


def test_inbox_warns_before_the_breach_and_shows_red_after(client, alice, three_tickets):
    soon, late, later = three_tickets
    client.force_login(alice)
    page = client.get(reverse("inbox")).content.decode()
    assert '<span class="badge sla-warning">Due in 25 min</span>' in inbox_row(page, soon.reference)
    assert '<span class="badge sla-breached">Breached 10 min ago</span>' in inbox_row(page, late.reference)
    assert '<span class="badge sla-running">Due in 5 h</span>' in inbox_row(page, later.reference)


def test_inbox_shows_a_paused_clock_and_no_badge_without_one(client, alice, clock, dave, queue_a):
    waiting = TicketFactory(customer=dave.customer, queue=queue_a, status=Status.PENDING, sla_due_at=None,
                            sla_paused_at=clock.now)
    client.force_login(alice)
    page = client.get(reverse("inbox"), {"view": "all"}).content.decode()
    assert '<span class="badge sla-paused">SLA paused</span>' in inbox_row(page, waiting.reference)


def test_inbox_sorts_by_time_to_breach_and_filters_breached_and_soon(client, alice, three_tickets):
    soon, late, later = three_tickets
    client.force_login(alice)
    page = client.get(reverse("inbox"), {"sort": "due"}).content.decode()
    assert [page.index(t.reference) for t in (late, soon, later)] == sorted(
        page.index(t.reference) for t in (late, soon, later))
    breached = client.get(reverse("inbox"), {"sla": "breached"}).content.decode()
    assert late.reference in breached and soon.reference not in breached and later.reference not in breached
    due_soon = client.get(reverse("inbox"), {"sla": "soon"}).content.decode()
    assert soon.reference in due_soon and late.reference not in due_soon and later.reference not in due_soon


def test_inbox_list_reads_no_clock_per_row(client, alice, three_tickets, dave, queue_a,
                                           django_assert_max_num_queries):
    client.force_login(alice)
    client.get(reverse("inbox"))
    TicketFactory.create_batch(10, customer=dave.customer, queue=queue_a)
    with django_assert_max_num_queries(20) as captured:
        client.get(reverse("inbox"), {"sort": "due"})
    assert not any("tickets_slapolicy" in q["sql"] for q in captured.captured_queries)


def clocks_panel(client, ticket, viewer) -> str:
    client.force_login(viewer)  # the frozen clock moves past the idle session timeout between looks
    page = client.get(reverse("ticket_detail", args=[ticket.reference])).content.decode()
    return re.search(r'<section class="card sla-clocks".*?</section>', page, re.S).group(0)


def test_ticket_page_shows_each_clock(client, alice, clock, dave, queue_a):
    ticket = intake.ticket_open(customer=dave.customer, subject="Refund", body="Please refund me.",
                                queue=queue_a, priority=Priority.URGENT)
    client.force_login(alice)
    clock.advance(minutes=40)
    panel = clocks_panel(client, ticket, alice)
    assert '<span class="badge sla-warning">due in 20 min</span>' in panel  # first response
    assert "not running (starts when the customer writes after a reply)" in panel  # next response
    assert '<span class="badge sla-running">due in 7 h 20 min</span>' in panel  # resolution

    published_reply_message(ticket=ticket, author=alice, body="Refunded.")
    clock.advance(minutes=30)
    services.customer_message_add(ticket=ticket, customer=dave.customer, body="Thanks, one more thing.")
    clock.advance(minutes=90)
    panel = clocks_panel(client, ticket, alice)
    assert '<span class="badge sla-met">met</span>' in panel
    assert '<span class="badge sla-breached">breached 30 min ago</span>' in panel  # next response: 1 h target

    services.ticket_change(ticket=ticket, actor=alice, status=Status.PENDING)
    panel = clocks_panel(client, ticket, alice)
    assert '<span class="badge sla-breached">breached before the pause</span>' in panel
    assert "paused with 5 h 20 min left (waiting on the customer)" in panel  # resolution
    services.ticket_change(ticket=ticket, actor=alice, status=Status.SOLVED)
    assert '<span class="badge sla-met">met</span>' in clocks_panel(client, ticket, alice).split("Resolution")[1]


def test_dashboard_counts_ticket_clocks_met_and_breached_per_week(clock, alice, carol, dave, queue_a):
    clock.now = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # Monday
    in_time = intake.ticket_open(customer=dave.customer, subject="A", body="Help.", queue=queue_a,
                                 priority=Priority.URGENT)
    late = intake.ticket_open(customer=dave.customer, subject="B", body="Help.", queue=queue_a,
                              priority=Priority.URGENT)
    waiting = intake.ticket_open(customer=dave.customer, subject="C", body="Help.", queue=queue_a,
                                 priority=Priority.URGENT)
    clock.advance(minutes=20)
    published_reply_message(ticket=in_time, author=alice, body="On it.")
    services.ticket_change(ticket=waiting, actor=alice, status=Status.PENDING)  # paused well before its deadline
    services.customer_message_add(ticket=in_time, customer=dave.customer, body="And?")
    clock.advance(minutes=30)
    published_reply_message(ticket=in_time, author=alice, body="Done.")  # next response in 30 of 60 min
    services.ticket_change(ticket=in_time, actor=alice, status=Status.SOLVED)  # resolved in 50 min of 8 h
    clock.advance(hours=2)
    published_reply_message(ticket=late, author=alice, body="Sorry.")  # first response after 2 h 50
    services.customer_message_add(ticket=late, customer=dave.customer, body="Still broken.")
    clock.advance(hours=2)
    published_reply_message(ticket=late, author=alice, body="Sorry again.")  # next response after 2 h
    clock.advance(hours=10)  # late's resolution (8 h) is long gone; waiting's stands still

    dashboard_rollup(now=clock.now)
    totals = dashboard_figures(queues=Queue.objects.filter(pk=queue_a.pk), weeks=1,
                               today=date(2026, 3, 9)).totals
    assert dict(totals[Metric.FIRST_RESPONSE_SLA]) == {"met": 1, "breached": 1}
    assert dict(totals[Metric.NEXT_RESPONSE_SLA]) == {"met": 1, "breached": 1}
    assert dict(totals[Metric.RESOLUTION_SLA]) == {"met": 1, "breached": 1}
    assert Ticket.objects.get(pk=waiting.pk).sla_paused_at is not None

    from django.test import Client
    lead = Client()
    lead.force_login(carol)
    page = lead.get(reverse("leads:figures")).content.decode()
    assert "Tickets&#x27; next response" in page or "Tickets' next response" in page
    assert "Tickets&#x27; resolution" in page or "Tickets' resolution" in page
