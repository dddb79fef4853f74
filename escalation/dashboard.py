"""The leads' dashboard: weekly figures per queue, kept by a beat task, and read by the page in one query.

Why a rollup table recomputed by a beat task, and not counters bumped by the services that change the data:
the figures come from three apps (escalations here; tickets' first responses; the gate's holds, recorded as
`reply_held` ticket events), and several of them only become true with the passing of time (an escalation
nobody acknowledged breaches its deadline without any write happening). Counters would need a hook in every
writer, including the hot reply path, and a second mechanism for deadlines; a missed or doubled increment
would stay wrong for ever. Recomputing the recent days from the source rows instead is idempotent (run it
twice, get the same rows), self-healing (a bad week is fixed by the next run) and touches only the few
thousand rows of those days through indexes on their dates, whatever the size of the desk. The dashboard then
reads O(weeks × queues × keys) small rows, never a ticket.

Why weeks and not days: the page shows whole weeks (its periods and its columns start on a Monday), and a
week's row is a seventh of the rows to read; at 26 weeks of 20 queues a daily table made the page's read walk
over 100,000 index entries (hundreds of milliseconds here). A run recomputes whole weeks: the last
`RECOMPUTE_DAYS` days, back to their Monday.

What a week holds: escalations by the day they were raised (their acknowledge and resolve deadlines and time to
acknowledge with them); tickets' first response by the day the ticket was opened; holds by the day the gate
held the reply; closures by the day the ticket was first closed (`solved_at`), under the reason it carries now;
days in the desk's time zone. Each row counts under the ticket's queue at the time of the
rollup. Weeks older than `RECOMPUTE_DAYS` are no longer recomputed by beat: a ticket moved to another queue has
its older weeks recomputed by a task after the move commits (`dashboard_reroll_on_commit`); any other change
to an item after that (a ticket first answered a month after it opened) shows only after `manage.py
dashboard_rollup --days N` rebuilds those weeks.
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agents.permissions import Perm, can
from config.doorbell import ring
from escalation.charts import Chart, horizontal_bars, stacked_columns
from escalation.dashboard_models import Metric, WeeklyCount
from escalation.models import Category, Escalation
from tickets.access import queues_for
from tickets.models import OPEN_STATUSES, ClosureReason, Queue, Ticket, TicketEvent
from tickets.sla.clocks import breached, clock_met

DEFAULTS: dict[str, Any] = {
    # Days recomputed by each run (today included, back to that day's Monday): long enough for every deadline
    # raised before them to have passed.
    "RECOMPUTE_DAYS": 14,
    # Periods offered on the page (weeks, the current one included), the first being the default.
    "PERIODS_WEEKS": [4, 12, 26],
}
# Upper bounds (seconds) of the duration buckets, shared by time to acknowledge and time to first response.
BUCKETS: list[tuple[str, int | None, Any]] = [  # labels: lazy translations
    ("le_5m", 5 * 60, _("≤ 5 min")),
    ("le_15m", 15 * 60, _("≤ 15 min")),
    ("le_1h", 3600, _("≤ 1 h")),
    ("le_4h", 4 * 3600, _("≤ 4 h")),
    ("le_8h", 8 * 3600, _("≤ 8 h")),
    ("le_24h", 24 * 3600, _("≤ 24 h")),
    ("le_3d", 3 * 86400, _("≤ 3 days")),
    ("over_3d", None, _("> 3 days")),
]
MET, BREACHED = "met", "breached"
SCANNER_ERROR = "scanner_error"
_LOCK_ID = 0x7AC7_DA5B  # PostgreSQL advisory lock: one rollup at a time
ROLLUP_TICKET_TASK = "escalation.tasks.rollup_dashboard_ticket"  # named: the tasks module imports this one


def dashboard_setting(key: str) -> Any:
    configured = getattr(settings, "TACT_DASHBOARD", {}) or {}
    return configured.get(key, DEFAULTS[key])


def duration_bucket(seconds: float) -> str:
    for key, bound, _label in BUCKETS:
        if bound is None or seconds <= bound:
            return key
    raise AssertionError("the last bucket has no bound")


def _sla(done_at: datetime | None, due_at: datetime | None, now: datetime) -> str | None:
    """Met, breached, or None while it can still go either way (or has no deadline), by the rule the inbox and
    the ticket page read (`tickets.sla`): a stopped clock by `clock_met`, a running one by `breached` at `now`."""
    if due_at is None:
        return None
    if done_at is not None:
        return MET if clock_met(due_at, done_at) else BREACHED
    return BREACHED if breached(due_at, now) else None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class _Tally:
    def __init__(self) -> None:
        self.rows: dict[tuple[date, int, str, str], list[int]] = defaultdict(lambda: [0, 0])

    def add(self, moment: datetime, queue_id: int, metric: str, key: str, seconds: float = 0) -> None:
        row = self.rows[(monday_of(timezone.localtime(moment).date()), queue_id, metric, key)]
        row[0] += 1
        row[1] += round(seconds)


def _tally_escalations(tally: _Tally, start: datetime, end: datetime, now: datetime) -> None:
    # Under the owning queue (`Escalation.queue`): the ticket's as it is now, or the one a call logged without a
    # ticket was raised for. The few legacy reports that own none are left out.
    rows = Escalation.objects.filter(queue__isnull=False, raised_at__gte=start, raised_at__lt=end).values_list(
        "raised_at", "queue_id", "category", "acknowledge_by", "acknowledged_at", "resolve_by", "resolved_at"
    )
    for raised_at, queue_id, category, acknowledge_by, acknowledged_at, resolve_by, resolved_at in rows.iterator():
        tally.add(raised_at, queue_id, Metric.RAISED, category)
        for metric, outcome in ((Metric.ACK_SLA, _sla(acknowledged_at, acknowledge_by, now)),
                                (Metric.RESOLVE_SLA, _sla(resolved_at, resolve_by, now))):
            if outcome:
                tally.add(raised_at, queue_id, metric, outcome)
        if acknowledged_at is not None:
            waited = max((acknowledged_at - raised_at).total_seconds(), 0)
            tally.add(raised_at, queue_id, Metric.ACK_TIME, duration_bucket(waited), waited)


def _tally_ticket_slas(tally: _Tally, start: datetime, end: datetime, now: datetime) -> None:
    """First response and resolution, by the week the ticket opened. A paused clock (pending on the customer)
    is judged at the moment its pause began: waiting on the customer breaches nothing."""
    rows = Ticket.objects.filter(created_at__gte=start, created_at__lt=end).values_list(
        "created_at", "queue_id", "status", "first_response_due", "first_responded_at", "resolution_due",
        "solved_at", "sla_paused_at",
    )
    for created_at, queue_id, status, due, responded_at, resolution_due, solved_at, paused_at in rows.iterator():
        if responded_at is not None:
            waited = max((responded_at - created_at).total_seconds(), 0)
            tally.add(created_at, queue_id, Metric.FIRST_RESPONSE_TIME, duration_bucket(waited), waited)
        judged_at = paused_at or now
        # A ticket solved or closed without a reply needed none (spam, a duplicate): no breach to count.
        outcome = _sla(responded_at, due, judged_at) if responded_at or status in OPEN_STATUSES else None
        if outcome:
            tally.add(created_at, queue_id, Metric.FIRST_RESPONSE_SLA, outcome)
        solved = solved_at if status not in OPEN_STATUSES else None
        outcome = _sla(solved, resolution_due, judged_at)
        if outcome:
            tally.add(created_at, queue_id, Metric.RESOLUTION_SLA, outcome)


def _tally_next_responses(tally: _Tally, start: datetime, end: datetime) -> None:
    """Next responses by the week the reply that stopped them was published (`sla_next_response` events)."""
    rows = TicketEvent.objects.filter(
        kind="sla_next_response", created_at__gte=start, created_at__lt=end
    ).values_list("created_at", "ticket__queue_id", "data")
    for created_at, queue_id, data in rows.iterator():
        tally.add(created_at, queue_id, Metric.NEXT_RESPONSE_SLA, MET if data.get("met") else BREACHED)


def _tally_holds(tally: _Tally, start: datetime, end: datetime) -> None:
    rows = TicketEvent.objects.filter(kind="reply_held", created_at__gte=start, created_at__lt=end).values_list(
        "created_at", "ticket__queue_id", "data"
    )
    for created_at, queue_id, data in rows.iterator():
        kinds = list(data.get("kinds") or [])
        if data.get("error") and not kinds:
            kinds = [SCANNER_ERROR]
        for kind in kinds:
            tally.add(created_at, queue_id, Metric.HELD, kind)
        tally.add(created_at, queue_id, Metric.HELD_REPLIES, "all")


def _tally_closures(tally: _Tally, start: datetime, end: datetime) -> None:
    # A reopened ticket has no reason until it is closed again; its first closing day stays its day.
    rows = Ticket.objects.filter(solved_at__gte=start, solved_at__lt=end).exclude(closure_reason="").values_list(
        "solved_at", "queue_id", "closure_reason"
    )
    for solved_at, queue_id, reason in rows.iterator():
        tally.add(solved_at, queue_id, Metric.CLOSED, reason)


def _first_week(days: int, now: datetime) -> date:
    """The Monday of the oldest of the last `days` days (today included)."""
    return monday_of(timezone.localtime(now).date() - timedelta(days=days - 1))


def _window_start(now: datetime) -> datetime:
    """The first instant of beat's window: the Monday of the oldest of the last `RECOMPUTE_DAYS` days."""
    return _day_start(_first_week(int(dashboard_setting("RECOMPUTE_DAYS")), now))


def dashboard_rollup(*, days: int | None = None, now: datetime | None = None) -> int:
    """Recompute every queue's figures of the weeks holding the last `days` days (today included; default
    `RECOMPUTE_DAYS`), replacing what was there. Returns how many rows those weeks now hold. Safe to run at
    any time and more than once: the same sources give the same rows, and runs take turns (an advisory lock on
    PostgreSQL; SQLite has one writer at a time anyway)."""
    now = now or timezone.now()
    first_week = _first_week(days or int(dashboard_setting("RECOMPUTE_DAYS")), now)
    end = _day_start(timezone.localtime(now).date() + timedelta(days=1))
    return _rollup([(_day_start(first_week), end)], WeeklyCount.objects.filter(week__gte=first_week), now)


def dashboard_rollup_weeks(*, weeks: Iterable[date], now: datetime | None = None) -> int:
    """Recompute every queue's figures of the given weeks (Mondays) only, replacing what was there; returns how
    many rows they now hold. For weeks beat's window has left behind (`dashboard_rollup_ticket`)."""
    now = now or timezone.now()
    mondays = sorted({monday_of(week) for week in weeks})
    ranges = [(_day_start(monday), _day_start(monday + timedelta(weeks=1))) for monday in mondays]
    return _rollup(ranges, WeeklyCount.objects.filter(week__in=mondays), now)


def _rollup(ranges: list[tuple[datetime, datetime]], replaced: QuerySet[WeeklyCount], now: datetime) -> int:
    """Tally the sources in `ranges` and put the tally in place of `replaced`, under the rollup lock. The
    sources are read after the lock is taken, so a run that waited cannot write figures older than those of
    the run it waited for."""
    tally = _Tally()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
        for start, end in ranges:
            _tally_escalations(tally, start, end, now)
            _tally_ticket_slas(tally, start, end, now)
            _tally_next_responses(tally, start, end)
            _tally_holds(tally, start, end)
            _tally_closures(tally, start, end)
        replaced.delete()
        WeeklyCount.objects.bulk_create(
            WeeklyCount(week=week, queue_id=queue_id, metric=metric, key=key, count=count, seconds=seconds,
                        computed_at=now)
            for (week, queue_id, metric, key), (count, seconds) in sorted(tally.rows.items())
        )
    return len(tally.rows)


def ticket_weeks_behind_window(*, ticket_id: int, now: datetime | None = None) -> list[date]:
    """The weeks older than beat's window (`RECOMPUTE_DAYS`) that hold a figure of the ticket, all counted under
    its queue: its escalations' raises, its opening, its first closing, its holds and next responses."""
    now = now or timezone.now()
    window = _window_start(now)
    moments = [
        *Escalation.objects.filter(ticket_id=ticket_id, raised_at__lt=window).values_list("raised_at", flat=True),
        *Ticket.objects.filter(pk=ticket_id, created_at__lt=window).values_list("created_at", flat=True),
        *Ticket.objects.filter(pk=ticket_id, solved_at__lt=window).values_list("solved_at", flat=True),
        *TicketEvent.objects.filter(ticket_id=ticket_id, kind__in=("reply_held", "sla_next_response"),
                                    created_at__lt=window).values_list("created_at", flat=True),
    ]
    return sorted({monday_of(timezone.localtime(moment).date()) for moment in moments})


def dashboard_rollup_ticket(*, ticket_id: int, now: datetime | None = None) -> int:
    """Recompute the weeks behind beat's window that hold a figure of the ticket (after it moved to another
    queue, they still count it under the old one); returns how many rows those weeks now hold."""
    weeks = ticket_weeks_behind_window(ticket_id=ticket_id, now=now)
    return dashboard_rollup_weeks(weeks=weeks, now=now) if weeks else 0


def dashboard_reroll_on_commit(*, ticket: Ticket) -> None:
    """After a move commits, ring `rollup_dashboard_ticket` for a ticket opened before beat's window (one opened
    inside it has every figure inside it, which beat recomputes anyway): a task, never the mover's request. A
    lost doorbell leaves those weeks as they were until `manage.py dashboard_rollup --days N`."""
    if ticket.created_at < _window_start(timezone.now()):
        transaction.on_commit(partial(ring, ROLLUP_TICKET_TASK, ticket.pk, what=f"dashboard of ticket {ticket.pk}"))


@dataclass
class Figures:
    """What the page shows for a period: the weeks (Mondays), per-week counts of raised escalations by
    category, totals per metric and key, and when the newest figure was computed."""

    weeks: list[date]
    raised: dict[date, dict[str, int]]
    totals: dict[str, dict[str, int]]
    seconds: dict[str, int]
    computed_at: datetime | None

    @property
    def since(self) -> datetime:
        """The first instant of the period, for what the page reads beside these figures (satisfaction): the
        same weeks."""
        return _day_start(self.weeks[0])


def period_weeks(*, weeks: int, today: date) -> list[date]:
    """The Mondays of the last `weeks` weeks, the current one last."""
    monday = monday_of(today)
    return [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def dashboard_figures(*, queues: QuerySet[Queue], weeks: int, today: date | None = None) -> Figures:
    """The figures of `queues` (already scoped to the viewer) over the last `weeks` weeks, in one query that
    sums the queues' rows per week, metric and key in the database."""
    mondays = period_weeks(weeks=weeks, today=today or timezone.localdate())
    # The few queue ids as a list: the planner then walks the (queue, week) index once per queue.
    queue_ids = list(queues.values_list("pk", flat=True))
    rows = (
        WeeklyCount.objects.filter(queue_id__in=queue_ids, week__gte=mondays[0])
        .values("week", "metric", "key")
        .annotate(n=Sum("count"), s=Sum("seconds"), at=Max("computed_at"))
        .order_by()
    )
    raised: dict[date, dict[str, int]] = {monday: defaultdict(int) for monday in mondays}
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    seconds: dict[str, int] = defaultdict(int)
    computed_at = None
    for row in rows:
        if row["metric"] == Metric.RAISED:
            raised[row["week"]][row["key"]] += row["n"]
        totals[row["metric"]][row["key"]] += row["n"]
        seconds[row["metric"]] += row["s"]
        computed_at = row["at"] if computed_at is None else max(computed_at, row["at"])
    return Figures(weeks=mondays, raised=raised, totals=totals, seconds=seconds, computed_at=computed_at)


def dashboard_queues(user) -> QuerySet[Queue]:
    """The queues whose figures the user may read: the ones they lead (admins: all); nobody else's."""
    if not can(user, Perm.DASHBOARD_READ):
        return Queue.objects.none()
    return queues_for(user)


SLA_ROWS = [
    (Metric.ACK_SLA, _("Escalations acknowledged")),
    (Metric.RESOLVE_SLA, _("Escalations resolved")),
    (Metric.FIRST_RESPONSE_SLA, _("Tickets' first response")),
    (Metric.NEXT_RESPONSE_SLA, _("Tickets' next response")),
    (Metric.RESOLUTION_SLA, _("Tickets' resolution")),
]
SLA_SERIES = [(MET, _("in time")), (BREACHED, _("late"))]


def _mean_note(figures: Figures, metric: str) -> str:
    count = sum(figures.totals[metric].values())
    if not count:
        return gettext("nothing measured in this period")
    mean = figures.seconds[metric] / count
    if mean < 5400:
        shown = gettext("%(minutes)s min") % {"minutes": number_format(round(mean / 60), 0)}
    else:
        shown = gettext("%(hours)s h") % {"hours": number_format(round(mean / 3600, 1), 1)}
    return gettext("%(count)s measured, mean %(mean)s") % {"count": count, "mean": shown}


Rows = list[tuple[str, list[tuple[str, str, int]]]]


def _ranked(totals: dict[str, int], labels: dict[str, Any], series: str) -> Rows:
    """One row per key, largest first, each a single segment of `series`."""
    ranked = sorted(((str(labels.get(key, key.replace("_", " "))), n) for key, n in totals.items() if n),
                    key=lambda item: (-item[1], item[0]))
    return [(label, [(series, label, n)]) for label, n in ranked]


def dashboard_charts(figures: Figures) -> list[Chart]:
    """The page's charts, in order, from one period's figures, in the viewer's language (the labels are read
    here, per request, not when the module loads)."""
    categories = [(key, str(label)) for key, label in Category.choices]
    by_week = [(date_format(monday, "j M"), dict(figures.raised[monday])) for monday in figures.weeks]
    raised_total = sum(figures.totals[Metric.RAISED].values())
    sla_series = [(key, str(label)) for key, label in SLA_SERIES]
    sla_rows, sla_notes = [], {}
    for metric, lazy_label in SLA_ROWS:
        label = str(lazy_label)
        counts = figures.totals[metric]
        done = counts[MET] + counts[BREACHED]
        sla_rows.append((label, [(key, series_label, counts[key]) for key, series_label in sla_series]))
        sla_notes[label] = gettext("%(percent)s %% in time") % {
            "percent": number_format(round(100 * counts[MET] / done), 0)} if done else ""
    bucket_labels = [(key, str(label)) for key, _bound, label in BUCKETS]
    held = figures.totals[Metric.HELD]
    holds = figures.totals[Metric.HELD_REPLIES]["all"]
    closed = figures.totals[Metric.CLOSED]
    closed_total = sum(closed.values())
    return [
        stacked_columns(
            title=gettext("Escalations by category and week"),
            description=ngettext(
                "%(count)s escalation raised, per week (weeks start on Monday) and category.",
                "%(count)s escalations raised, per week (weeks start on Monday) and category.", raised_total,
            ) % {"count": raised_total},
            columns=by_week, series=categories,
        ),
        horizontal_bars(
            title=gettext("Deadlines met and missed"),
            description=gettext(
                "Escalations' acknowledge-by and resolve-by deadlines (escalation policy) and tickets' "
                "first-response, next-response and resolution deadlines (SLA policies, in business "
                "hours): in time or late. Items still inside their deadline, or paused while waiting "
                "on the customer, are not counted yet."
            ),
            rows=sla_rows, series=sla_series, notes=sla_notes,
        ),
        horizontal_bars(
            title=gettext("Time to acknowledge (escalations)"),
            description=gettext("From raised to acknowledged, by escalations raised in the period: %(mean)s.")
            % {"mean": _mean_note(figures, Metric.ACK_TIME)},
            rows=[(label, [("time", label, figures.totals[Metric.ACK_TIME][key])]) for key, label in bucket_labels],
            series=[("time", gettext("escalations"))],
        ),
        horizontal_bars(
            title=gettext("Time to first response (tickets)"),
            description=gettext("From opened to the first published reply, by tickets opened in the period: "
                                "%(mean)s.") % {"mean": _mean_note(figures, Metric.FIRST_RESPONSE_TIME)},
            rows=[(label, [("time", label, figures.totals[Metric.FIRST_RESPONSE_TIME][key])])
                  for key, label in bucket_labels],
            series=[("time", gettext("tickets"))],
        ),
        horizontal_bars(
            title=gettext("Replies held by the gate, and why"),
            description=ngettext(
                "%(count)s reply held; each finding kind in a held reply counts once (a reply can hold several).",
                "%(count)s replies held; each finding kind in a held reply counts once (a reply can hold "
                "several).", holds,
            ) % {"count": holds},
            rows=_ranked(held, HOLD_LABELS, "held"), series=[("held", gettext("held replies"))],
        ),
        horizontal_bars(
            title=gettext("Tickets closed, by reason"),
            description=ngettext(
                "%(count)s ticket closed, by the reason it was closed with, on the day it was first closed.",
                "%(count)s tickets closed, by the reason they were closed with, on the day each was first closed.",
                closed_total,
            ) % {"count": closed_total},
            rows=_ranked(closed, dict(ClosureReason.choices), "closed"), series=[("closed", gettext("tickets"))],
        ),
    ]


HOLD_LABELS = {SCANNER_ERROR: _("scan failed or timed out")}
