"""Satisfaction for leads: per persona, queue and period, only in the queues they lead."""
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agents.models import Role
from tests.conftest import _staff
from tests.factories import TicketFactory
from tickets.satisfaction.models import SatisfactionSurvey
from tickets.satisfaction.selectors import period_start, satisfaction_by_persona, satisfaction_rows

pytestmark = pytest.mark.django_db


def rated(ticket_queue, persona, rating, *, when, comment="", customer=None):
    ticket = TicketFactory(queue=ticket_queue, **({"customer": customer} if customer else {}))
    return SatisfactionSurvey.objects.create(
        ticket=ticket, customer=ticket.customer, queue=ticket_queue, persona=persona,
        alias=persona.alias if persona else "", rating=rating, comment=comment, rated_at=when,
    )


@pytest.fixture
def lena(queue_a):
    """A lead of queue A only."""
    return _staff("lena", "Lena Realname", Role.LEAD, "Low Tide", [queue_a])


@pytest.fixture
def ratings(alice, bob, queue_a, queue_b):
    now = timezone.now()
    a, b = alice.staff.persona, bob.staff.persona
    rated(queue_a, a, "good", when=now, comment="Alice's persona was great")
    rated(queue_a, a, "good", when=now - timedelta(days=7))
    rated(queue_a, a, "bad", when=now)
    rated(queue_a, None, "bad", when=now)
    rated(queue_b, b, "bad", when=now, comment="Tech queue comment")
    rated(queue_b, b, "good", when=now - timedelta(days=400))  # out of any range shown
    SatisfactionSurvey.objects.create(ticket=TicketFactory(queue=queue_a), customer=TicketFactory().customer,
                                      queue=queue_a, persona=a)  # sent, never answered
    return now


def test_per_persona_aggregation(ratings, queue_a, queue_b):
    since = period_start("week", 8)
    totals = dict(satisfaction_by_persona(queues=queue_a.__class__.objects.all(), since=since))
    assert (totals["Harbor Wren"].good, totals["Harbor Wren"].bad, totals["Harbor Wren"].score) == (2, 1, 67)
    assert (totals["Quiet Pine"].good, totals["Quiet Pine"].bad) == (0, 1)
    assert (totals["Support team"].good, totals["Support team"].bad) == (0, 1)


def test_rows_per_period_queue_and_persona(ratings, queue_a):
    rows = satisfaction_rows(queues=queue_a.__class__.objects.filter(pk=queue_a.pk), period="week",
                             since=period_start("week", 8))
    harbor = [(r.period, r.figures.good, r.figures.bad) for r in rows if r.persona == "Harbor Wren"]
    this_week = period_start("week", 1)
    assert (this_week, 1, 1) in harbor and len(harbor) == 2
    assert all(r.queue == "Billing" for r in rows)
    months = satisfaction_rows(queues=queue_a.__class__.objects.filter(pk=queue_a.pk), period="month",
                               since=period_start("month", 6))
    assert sum(r.figures.rated for r in months) == 4


def test_period_start_weeks_and_months():
    now = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)  # a Wednesday
    assert period_start("week", 1, now) == datetime(2026, 3, 9, tzinfo=UTC)
    assert period_start("week", 2, now) == datetime(2026, 3, 2, tzinfo=UTC)
    assert period_start("month", 1, now) == datetime(2026, 3, 1, tzinfo=UTC)
    assert period_start("month", 4, now) == datetime(2025, 12, 1, tzinfo=UTC)


def test_a_lead_sees_only_their_queues(client, lena, ratings, queue_b):
    client.force_login(lena)
    html = client.get(reverse("leads:satisfaction")).content.decode()
    assert "Harbor Wren" in html and "Alice&#x27;s persona was great" in html
    assert "Quiet Pine" not in html and "Tech queue comment" not in html and "Technical" not in html
    response = client.get(reverse("leads:satisfaction"), {"queue": queue_b.slug})
    assert response.status_code == 400 and "Tech queue comment" not in response.content.decode()


def test_a_lead_of_both_queues_sees_both_and_can_filter(client, carol, ratings, queue_b):
    client.force_login(carol)
    html = client.get(reverse("leads:satisfaction"), {"period": "month"}).content.decode()
    assert "Harbor Wren" in html and "Quiet Pine" in html
    html = client.get(reverse("leads:satisfaction"), {"queue": queue_b.slug}).content.decode()
    assert "Quiet Pine" in html and "Harbor Wren" not in html
    assert "1 rating" in html


def test_agents_and_customers_find_nothing(client, alice, dave, ratings):
    for user in (alice, dave):
        client.force_login(user)
        assert client.get(reverse("leads:satisfaction")).status_code == 404


def test_real_names_never_show(client, carol, ratings):
    client.force_login(carol)
    html = client.get(reverse("leads:satisfaction")).content.decode()
    for secret in ("Alicia", "Robert", "Realname"):
        assert secret not in html.split("</header>", 1)[-1], secret


def test_bad_filter_is_a_form_error(client, carol, ratings):
    client.force_login(carol)
    assert client.get(reverse("leads:satisfaction"), {"period": "year"}).status_code == 400
    assert client.get(reverse("leads:satisfaction"), {"count": "0"}).status_code == 400


def test_the_page_takes_a_bounded_number_of_queries(client, carol, ratings, django_assert_max_num_queries):
    client.force_login(carol)
    with django_assert_max_num_queries(25):
        client.get(reverse("leads:satisfaction"))


def test_the_total_adds_up_the_personas_without_a_query_of_its_own(client, carol, ratings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(carol)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("leads:satisfaction")).content.decode()
    total = html.split('id="satisfaction-total"', 1)[1].split("</p>", 1)[0]
    assert "40% good" in total and "2 good, 3 bad of 5 ratings" in total
    # by period, by persona, comments, sent: the total is their sum, not a fifth read of the surveys
    assert sum('"tickets_satisfactionsurvey"' in q["sql"] for q in queries.captured_queries) == 4


def test_the_dashboard_shows_a_satisfaction_row_for_the_leads_queues(client, lena, carol, ratings):
    client.force_login(lena)
    html = client.get(reverse("leads:figures")).content.decode()
    row = html.split('id="dashboard-satisfaction"', 1)[1].split("</p>", 1)[0]
    assert "50% good" in row and "(2 good, 2 bad)" in row  # queue A only: 2 good, 2 bad in the last 4 weeks
    assert reverse("leads:satisfaction") + "?period=week&amp;count=4" in row
    client.force_login(carol)
    row = client.get(reverse("leads:figures")).content.decode().split('id="dashboard-satisfaction"', 1)[1]
    assert "(2 good, 3 bad)" in row.split("</p>", 1)[0]
