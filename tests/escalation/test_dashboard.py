"""The leads' dashboard: the daily rollup against a hand-made desk on a frozen clock (across a week's boundary),
idempotent runs, lead scoping, the SVG it draws, and a query count that does not grow with the desk."""
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from escalation.dashboard import (
    dashboard_figures,
    dashboard_queues,
    dashboard_reroll_on_commit,
    dashboard_rollup,
    duration_bucket,
    ticket_weeks_behind_window,
)
from escalation.dashboard_models import Metric, WeeklyCount
from escalation.services import escalation_acknowledge, escalation_raise, escalation_resolve
from escalation.tasks import rollup_dashboard
from tests.conftest import clock_frozen
from tests.factories import TicketFactory
from tickets.models import Status, Ticket, TicketEvent
from tickets.satisfaction.models import SatisfactionSurvey
from tickets.services import ticket_change
from tickets.sla.display import ticket_clocks

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)  # a Wednesday; its week starts on Monday 9 March
THIS_WEEK, LAST_WEEK = date(2026, 3, 9), date(2026, 3, 2)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch):
    return clock_frozen(monkeypatch, NOW)


def _ticket(queue, *, created, due, responded=None, status=Status.OPEN) -> Ticket:
    return TicketFactory(queue=queue, created_at=created, first_response_due=due, first_responded_at=responded,
                         status=status)


def _held(ticket, when, kinds, error=False) -> None:
    TicketEvent.objects.create(ticket=ticket, kind="reply_held", created_at=when,
                               data={"reply": 1, "version": 1, "kinds": kinds, "error": error})


@pytest.fixture
def desk(clock, carol, dave_ticket, erin_ticket, queue_a, queue_b):
    """Queue A (billing, dave's ticket) and queue B (tech, erin's), with escalations, first responses and holds
    on both sides of Monday 9 March 00:00."""
    Ticket.objects.filter(pk__in=[dave_ticket.pk, erin_ticket.pk]).update(first_response_due=None)

    def raise_at(when, ticket, category):
        clock.now = when
        return escalation_raise(ticket=ticket, category=category)

    def lead_at(when, move, escalation, **kw):
        clock.now = when
        return move(escalation=escalation, lead=carol, **kw)

    # Self-harm on Sunday 23:50 (last week), acknowledged in 3 minutes, resolved in 30: both deadlines met.
    self_harm = raise_at(at(8, 23, 50), dave_ticket, "self_harm")
    lead_at(at(8, 23, 53), escalation_acknowledge, self_harm)
    lead_at(at(9, 0, 20), escalation_resolve, self_harm, outcome="answered")
    # Press on Monday 00:10 (this week), acknowledged after 2 h (deadline 1 h), never resolved (24 h): both late.
    press = raise_at(at(9, 0, 10), dave_ticket, "press_media")
    lead_at(at(9, 2, 10), escalation_acknowledge, press)
    # Threat last Tuesday, never acknowledged: both deadlines long gone.
    raise_at(at(3, 10), dave_ticket, "threat_violence")
    # Legal in queue B an hour ago: 4 h to acknowledge, so neither met nor missed yet.
    raise_at(at(11, 11), erin_ticket, "legal_regulatory")
    clock.now = NOW

    # First responses (due from the priority SLA): met in 1 h; late (opened Sunday night, answered after 10 h);
    # unanswered past due; closed unanswered (needed none); B: met in 4 min, and one not yet due.
    _ticket(queue_a, created=at(2, 9), due=at(2, 17), responded=at(2, 10))
    _ticket(queue_a, created=at(8, 22), due=at(9, 6), responded=at(9, 8))
    _ticket(queue_a, created=at(9, 1), due=at(9, 9))
    _ticket(queue_a, created=at(10, 1), due=at(10, 9), status=Status.CLOSED)
    _ticket(queue_b, created=at(9, 9), due=at(9, 17), responded=at(9, 9, 4))
    _ticket(queue_b, created=at(11, 9), due=at(11, 17))

    # Closures, by the day each ticket was first closed: resolved last week; spam, and in B a duplicate, this one.
    TicketFactory(queue=queue_a, status=Status.SOLVED, closure_reason="resolved", solved_at=at(4, 9),
                  created_at=at(2, 8), first_response_due=at(2, 16), first_responded_at=at(2, 9))
    TicketFactory(queue=queue_a, status=Status.CLOSED, closure_reason="spam", solved_at=at(9, 7),
                  created_at=at(9, 6), first_response_due=None)
    TicketFactory(queue=queue_b, status=Status.CLOSED, closure_reason="duplicate", duplicate_of=erin_ticket,
                  solved_at=at(10, 7), created_at=at(10, 6), first_response_due=None)

    _held(dave_ticket, at(9, 10), ["email", "phone"])
    _held(dave_ticket, at(8, 10), [], error=True)
    _held(erin_ticket, at(10, 10), ["email"])
    return {"self_harm": self_harm, "press": press}


def _figures(user, weeks=2):
    return dashboard_figures(queues=dashboard_queues(user), weeks=weeks, today=NOW.date())


def _plain(figures):
    return {metric: {k: v for k, v in keys.items() if v} for metric, keys in figures.totals.items()}


def test_rollup_counts_the_hand_made_desk_for_a_lead_of_both_queues(desk, carol):
    dashboard_rollup()
    figures = _figures(carol)
    assert figures.weeks == [LAST_WEEK, THIS_WEEK]
    # Sunday 23:50 belongs to last week; Monday 00:10 to this one.
    assert {k: v for k, v in figures.raised[LAST_WEEK].items() if v} == {"self_harm": 1, "threat_violence": 1}
    assert {k: v for k, v in figures.raised[THIS_WEEK].items() if v} == {"press_media": 1, "legal_regulatory": 1}
    assert _plain(figures) == {
        Metric.RAISED: {"self_harm": 1, "threat_violence": 1, "press_media": 1, "legal_regulatory": 1},
        Metric.ACK_SLA: {"met": 1, "breached": 2},
        Metric.RESOLVE_SLA: {"met": 1, "breached": 2},
        Metric.ACK_TIME: {"le_5m": 1, "le_4h": 1},
        Metric.FIRST_RESPONSE_SLA: {"met": 3, "breached": 2},
        Metric.FIRST_RESPONSE_TIME: {"le_1h": 2, "le_24h": 1, "le_5m": 1},
        Metric.HELD: {"email": 2, "phone": 1, "scanner_error": 1},
        Metric.HELD_REPLIES: {"all": 3},
        Metric.CLOSED: {"resolved": 1, "spam": 1, "duplicate": 1},
    }
    assert figures.seconds[Metric.ACK_TIME] == 3 * 60 + 2 * 3600
    assert figures.seconds[Metric.FIRST_RESPONSE_TIME] == 3600 + 3600 + 10 * 3600 + 4 * 60
    assert figures.computed_at == NOW


def test_one_week_shows_only_this_week(desk, carol):
    dashboard_rollup()
    figures = _figures(carol, weeks=1)
    assert figures.weeks == [THIS_WEEK]
    assert _plain(figures)[Metric.RAISED] == {"press_media": 1, "legal_regulatory": 1}
    assert _plain(figures)[Metric.FIRST_RESPONSE_SLA] == {"met": 1, "breached": 1}
    assert _plain(figures)[Metric.CLOSED] == {"spam": 1, "duplicate": 1}


def test_a_lead_of_queue_b_sees_only_queue_b(desk, lou):
    dashboard_rollup()
    assert _plain(_figures(lou)) == {
        Metric.RAISED: {"legal_regulatory": 1},
        Metric.FIRST_RESPONSE_SLA: {"met": 1},
        Metric.FIRST_RESPONSE_TIME: {"le_5m": 1},
        Metric.HELD: {"email": 1},
        Metric.HELD_REPLIES: {"all": 1},
        Metric.CLOSED: {"duplicate": 1},
    }


@pytest.mark.parametrize("who", ["alice", "cora", "audrey", "dave"])
def test_agents_contractors_auditors_and_customers_have_no_figures(desk, request, who):
    dashboard_rollup()
    assert not dashboard_queues(request.getfixturevalue(who)).exists()
    assert _plain(_figures(request.getfixturevalue(who))) == {}


def test_the_days_follow_the_desks_time_zone(desk, carol, settings):
    settings.TIME_ZONE = "Europe/Berlin"  # Sunday 23:50 UTC is Monday 00:50 in Berlin: this week
    dashboard_rollup()
    assert dict(_figures(carol).raised[THIS_WEEK])["self_harm"] == 1


def test_rollup_is_idempotent_and_catches_up_with_changes(desk, carol, clock):
    def rows():
        return sorted(WeeklyCount.objects.values_list("week", "queue_id", "metric", "key", "count", "seconds"))

    written = dashboard_rollup()
    first = rows()
    assert written == len(first) and rollup_dashboard() == written
    assert rows() == first
    clock.now = NOW + timedelta(hours=1)
    escalation_resolve(escalation=desk["press"], lead=carol, outcome="answered")  # late: still breached
    dashboard_rollup()
    assert rows() == first
    # Legal (queue B) passes its acknowledge-by (15:00) unacknowledged: now counted as missed.
    clock.now = NOW + timedelta(hours=4)
    dashboard_rollup()
    assert _plain(_figures(carol))[Metric.ACK_SLA] == {"met": 1, "breached": 3}


def test_an_escalation_counts_under_the_queue_its_ticket_moved_to(clock, carol, dave_ticket, queue_a, queue_b):
    escalation_raise(ticket=dave_ticket, category="press_media")
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
    dashboard_rollup()
    raised = WeeklyCount.objects.filter(metric=Metric.RAISED).values_list("week", "queue_id", "key", "count")
    assert list(raised) == [(THIS_WEEK, queue_b.pk, "press_media", 1)]


def test_a_short_rollup_recomputes_whole_weeks_and_leaves_older_ones_alone(desk, carol):
    dashboard_rollup()
    last_week = set(WeeklyCount.objects.filter(week=LAST_WEEK).values_list("pk", "count"))
    WeeklyCount.objects.filter(week=THIS_WEEK).delete()
    dashboard_rollup(days=1)  # today, back to Monday: this week whole
    assert set(WeeklyCount.objects.filter(week=LAST_WEEK).values_list("pk", "count")) == last_week
    this_week = WeeklyCount.objects.filter(week=THIS_WEEK, metric=Metric.RAISED)
    assert sorted(this_week.values_list("key", "count")) == [("legal_regulatory", 1), ("press_media", 1)]


def test_duration_buckets_take_their_upper_bound():
    assert [duration_bucket(s) for s in (0, 300, 301, 3600, 86400 * 3, 86400 * 3 + 1)] == [
        "le_5m", "le_5m", "le_15m", "le_1h", "le_3d", "over_3d",
    ]


def test_beat_runs_the_rollup_on_the_maintenance_queue():
    assert settings.CELERY_BEAT_SCHEDULE["rollup-dashboard"]["task"] == "escalation.tasks.rollup_dashboard"
    assert settings.CELERY_TASK_ROUTES["escalation.tasks.rollup_dashboard"] == {"queue": "maintenance"}


# The page


def test_page_draws_the_bars_and_the_numbers(desk, client, carol):
    dashboard_rollup()
    client.force_login(carol)
    html = client.get(reverse("leads:figures"), {"weeks": 4}).content.decode()
    raised = html[html.index('data-chart="raised"'):html.index('data-chart="sla"')]
    assert 'role="img"' in raised and "<title id=\"chart-raised-t\">Escalations by category and week</title>" in raised
    assert "4 escalations raised" in raised
    # Last week's column: self-harm and threat stacked to 2; this week's: press and legal.
    assert '<g class="bar" data-label="2 Mar" data-total="2">' in raised
    assert '<g class="bar" data-label="9 Mar" data-total="2">' in raised
    assert '<g class="bar" data-label="23 Feb" data-total="0">' in raised
    assert raised.count('class="series-self_harm"') == 2  # the bar and the legend's swatch
    assert 'data-key="self_harm" data-value="1"' in raised and "<title>2 Mar: 1 Self-harm</title>" in raised
    sla = html[html.index('data-chart="sla"'):html.index('data-chart="ack-time"')]
    assert '<g class="bar" data-label="Escalations acknowledged" data-total="3">' in sla
    assert "3 · 33 % in time" in sla
    assert '<g class="bar" data-label="Tickets&#x27; first response" data-total="5">' in sla
    assert "<td>3</td><td>2</td><td>5 (60 % in time)</td>" in sla  # the table beside the chart
    ack = html[html.index('data-chart="ack-time"'):html.index('data-chart="first-response-time"')]
    assert "2 measured, mean 62 min" in ack
    held = html[html.index('data-chart="held"'):]
    assert "3 replies held" in held
    assert held.index('data-label="email" data-total="2"') < held.index('data-label="phone" data-total="1"')
    assert 'data-label="scan failed or timed out" data-total="1"' in held
    closures = html[html.index('data-chart="closures"'):]
    assert "3 tickets closed" in closures
    for reason in ("Resolved", "Spam", "Duplicate"):
        assert f'data-label="{reason}" data-total="1"' in closures
    assert "No details provided" not in closures  # no zero rows


def test_page_for_one_queue_and_the_lead_of_the_other(desk, client, carol, lou):
    dashboard_rollup()
    client.force_login(carol)
    one = client.get(reverse("leads:figures"), {"weeks": 4, "queue": "tech"}).content.decode()
    assert "the Technical queue" in one and "1 escalation raised," in one
    client.force_login(lou)
    page = client.get(reverse("leads:figures")).content.decode()
    assert "1 escalation raised," in page and "Billing" not in page
    refused = client.get(reverse("leads:figures"), {"queue": "billing"})
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
    assert "escalation raised" not in refused.content.decode()
    assert client.get(reverse("leads:figures"), {"weeks": "5"}).status_code == 400


def test_agents_get_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("leads:figures")).status_code == 404


def test_an_empty_desk_says_so(client, carol):
    client.force_login(carol)
    html = client.get(reverse("leads:figures")).content.decode()
    assert html.count("Nothing to show in this period.") == 6 and "<svg class=\"plot\"" not in html


def test_page_queries_do_not_grow_with_the_desk(client, carol, queue_a, queue_b):
    def seed(n):
        for i in range(n):
            ticket = TicketFactory(queue=(queue_a, queue_b)[i % 2], first_responded_at=timezone.now())
            escalation_raise(ticket=ticket, category=("self_harm", "press_media", "legal_regulatory")[i % 3])
            _held(ticket, timezone.now(), ["email"])
        dashboard_rollup()

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("leads:figures"), {"weeks": 12, "queue": "billing"}).status_code == 200
        return len(queries.captured_queries)

    client.force_login(carol)
    seed(10)
    small = count()
    seed(90)
    assert WeeklyCount.objects.get(metric=Metric.HELD_REPLIES, queue=queue_a).count == 50
    assert count() == small
    # Three of them: the session cut-off, django-otp's verified device, the held count (nav); one the
    # satisfaction row.
    assert small <= 14


def test_the_command_rebuilds_the_days_asked_for(desk, capsys):
    from django.core.management import CommandError, call_command

    call_command("dashboard_rollup", days=30)
    assert capsys.readouterr().out.strip() == f"{WeeklyCount.objects.count()} rows for the last 30 days"
    with pytest.raises(CommandError, match="at least 1"):
        call_command("dashboard_rollup", days=0)


def test_first_responses_count_as_the_ticket_page_shows_them(clock, carol, queue_a):
    """At the deadline's own instant and a second either side, answered, running or paused: the dashboard's
    tally and the ticket page's clock read one rule (`tickets.sla`)."""
    second = timedelta(seconds=1)
    created = at(11, 9)
    cases = [
        ({"responded": NOW}, "met", "met"),
        ({"responded": NOW + second}, "missed", "breached"),
        ({}, "warning", None),  # due now: not breached yet
        ({"due": NOW - second}, "breached", "breached"),
        ({"paused_at": NOW - second}, "paused", None),
        ({"paused_at": NOW, "due": NOW - second}, "breached", "breached"),  # breached before the pause
        ({"paused_at": NOW - second, "due": NOW - second}, "paused", None),  # paused at the deadline itself
    ]
    shown = []
    for case, _state, _tally in cases:
        ticket = _ticket(queue_a, created=created, due=case.get("due", NOW), responded=case.get("responded"))
        ticket.sla_paused_at = case.get("paused_at")
        ticket.status = Status.PENDING if ticket.sla_paused_at else Status.OPEN
        ticket.save(update_fields=["sla_paused_at", "status"])
        shown.append(ticket_clocks(ticket, NOW)[0].state)
    dashboard_rollup()
    assert shown == [state for _case, state, _tally in cases]
    tallied = [tally for _case, _state, tally in cases if tally]
    assert _plain(_figures(carol))[Metric.FIRST_RESPONSE_SLA] == {
        key: tallied.count(key) for key in ("met", "breached")}


def test_a_move_recomputes_the_old_weeks_its_escalations_count_in_after_it_commits(
        clock, carol, dave_ticket, erin_ticket, queue_a, queue_b, django_capture_on_commit_callbacks, eager_celery):
    """Five weeks back is behind beat's window: without the move's own re-roll the week keeps queue A's count."""
    five_weeks_ago, four_weeks_ago = NOW - timedelta(weeks=5), NOW - timedelta(weeks=4)  # weeks of 2 and 9 Feb
    Ticket.objects.filter(pk=dave_ticket.pk).update(created_at=five_weeks_ago - timedelta(days=1))
    dave_ticket.refresh_from_db()
    for when, ticket in ((five_weeks_ago, dave_ticket), (four_weeks_ago, erin_ticket)):
        clock.now = when
        escalation_raise(ticket=ticket, category="press_media")
    clock.now = NOW
    dashboard_rollup(days=60)

    def raised():
        return list(WeeklyCount.objects.filter(metric=Metric.RAISED).order_by("week").values_list("week", "queue_id"))

    untouched = WeeklyCount.objects.get(week=date(2026, 2, 9), metric=Metric.RAISED)
    assert raised() == [(date(2026, 2, 2), queue_a.pk), (date(2026, 2, 9), queue_b.pk)]
    clock.now = NOW + timedelta(minutes=5)
    with django_capture_on_commit_callbacks() as callbacks:
        ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
    assert raised() == [(date(2026, 2, 2), queue_a.pk), (date(2026, 2, 9), queue_b.pk)]  # not in the request
    for callback in callbacks:  # the task, run as a worker would
        callback()
    assert raised() == [(date(2026, 2, 2), queue_b.pk), (date(2026, 2, 9), queue_b.pk)]
    assert WeeklyCount.objects.get(week=date(2026, 2, 9), metric=Metric.RAISED).computed_at == untouched.computed_at


def test_a_move_of_a_ticket_opened_inside_beats_window_leaves_the_rollup_to_beat(clock, carol, dave_ticket, queue_b,
                                                                                 monkeypatch):
    from escalation import dashboard

    rung = []
    monkeypatch.setattr(dashboard, "ring", lambda *args, **kw: rung.append(args))
    escalation_raise(ticket=dave_ticket, category="press_media")
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
    assert rung == []


@pytest.mark.parametrize("before, rerolled", [(timedelta(seconds=1), True), (timedelta(0), False)])
def test_a_move_rerolls_exactly_the_tickets_opened_before_beats_window(
        clock, dave_ticket, monkeypatch, settings, django_capture_on_commit_callbacks, before, rerolled):
    """Fourteen days back from Wednesday 11 March is Thursday 26 February: beat's window starts on its Monday."""
    from escalation import dashboard

    settings.TACT_DASHBOARD = {"RECOMPUTE_DAYS": 14}
    window = datetime(2026, 2, 23, tzinfo=UTC)
    Ticket.objects.filter(pk=dave_ticket.pk).update(created_at=window - before)
    dave_ticket.refresh_from_db()
    rung = []
    monkeypatch.setattr(dashboard, "ring", lambda *args, **kw: rung.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        dashboard_reroll_on_commit(ticket=dave_ticket)
    assert bool(rung) is rerolled
    assert ticket_weeks_behind_window(ticket_id=dave_ticket.pk) == ([date(2026, 2, 16)] if rerolled else [])


def test_the_pages_satisfaction_covers_the_weeks_its_charts_show(clock, client, carol, queue_a):
    """Four weeks to Wednesday 11 March start on Monday 16 February: a rating then counts, one a second before
    does not."""
    first = datetime(2026, 2, 16, tzinfo=UTC)
    for when, rating in ((first, "good"), (first - timedelta(seconds=1), "bad")):
        ticket = TicketFactory(queue=queue_a)
        SatisfactionSurvey.objects.create(ticket=ticket, customer=ticket.customer, queue=queue_a, rating=rating,
                                          rated_at=when)
    client.force_login(carol)
    html = client.get(reverse("leads:figures"), {"weeks": 4}).content.decode()
    assert "(1 good, 0 bad)" in html


def test_page_speaks_the_viewers_language(desk, client, carol):
    """The charts' titles, descriptions, labels, notes and weeks follow the viewer's language, as the page does."""
    dashboard_rollup()
    client.force_login(carol)
    html = client.get(reverse("leads:figures"), {"weeks": 4}, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()
    assert '<title id="chart-raised-t">Eskalationen nach Kategorie und Woche</title>' in html
    assert "4 Eskalationen ausgelöst" in html and "Dieselben Zahlen stehen in der Tabelle" in html
    assert '<g class="bar" data-label="2 Mär" data-total="2">' in html
    assert "3 · 33 % rechtzeitig" in html and "2 gemessen, im Mittel 62 Min." in html
    assert "Prüfung fehlgeschlagen oder Zeit überschritten" in html
    for english in ("in time", "escalations raised", "measured, mean", "Deadlines met", "replies held", "same numbers"):
        assert english not in html, english
