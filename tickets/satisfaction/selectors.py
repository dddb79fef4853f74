"""Satisfaction figures for leads: ratings per period (week or month), queue and persona, within given queues.

Ratings count in the period they were given, under the queue and persona they were asked for (both kept on
the survey when the ticket was solved). Surveys never answered are counted as sent, not as good or bad.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from agents.identity import TEAM_NAME_FALLBACK
from agents.models import Persona
from tickets.models import Queue
from tickets.satisfaction.models import Rating, SatisfactionSurvey

PERIODS = {"week": TruncWeek, "month": TruncMonth}
RECENT_COMMENTS = 20


@dataclass(frozen=True)
class Figures:
    good: int
    bad: int

    @property
    def rated(self) -> int:
        return self.good + self.bad

    @property
    def score(self) -> int | None:
        """Good as a whole percentage of the ratings, None without any."""
        return round(100 * self.good / self.rated) if self.rated else None


@dataclass(frozen=True)
class Row:
    period: datetime
    queue: str
    persona: str
    figures: Figures


def period_start(period: str, count: int, now: datetime | None = None) -> datetime:
    """The first instant of the earliest of the last `count` weeks (Monday) or months, in the current zone."""
    today = timezone.localtime(now or timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "week":
        return today - timedelta(days=today.weekday() + 7 * (count - 1))
    month_index = today.year * 12 + today.month - 1 - (count - 1)
    return today.replace(year=month_index // 12, month=month_index % 12 + 1, day=1)


def _rated(queues: QuerySet[Queue], since: datetime) -> QuerySet[SatisfactionSurvey]:
    return SatisfactionSurvey.objects.filter(queue__in=queues, rated_at__gte=since)


def _counts() -> dict:
    return {"good": Count("pk", filter=Q(rating=Rating.GOOD)), "bad": Count("pk", filter=Q(rating=Rating.BAD))}


def _persona_names(ids: set[int | None]) -> dict[int | None, str]:
    names: dict[int | None, str] = dict(Persona.objects.filter(pk__in=ids - {None}).values_list("pk", "alias"))
    names[None] = TEAM_NAME_FALLBACK
    return names


def satisfaction_rows(*, queues: QuerySet[Queue], period: str, since: datetime) -> list[Row]:
    """One row per period, queue and persona that had ratings, newest period first (one query, plus one for
    the personas' aliases)."""
    grouped = (
        _rated(queues, since)
        .annotate(bucket=PERIODS[period]("rated_at"))
        .values("bucket", "queue__name", "persona_id")
        .annotate(**_counts())
        .order_by("-bucket", "queue__name", "persona_id")
    )
    rows = list(grouped)
    names = _persona_names({row["persona_id"] for row in rows})
    return [Row(period=row["bucket"], queue=row["queue__name"], persona=names.get(row["persona_id"], "?"),
                figures=Figures(row["good"], row["bad"])) for row in rows]


def satisfaction_by_persona(*, queues: QuerySet[Queue], since: datetime) -> list[tuple[str, Figures]]:
    """Each persona's ratings over the whole range, best score first."""
    grouped = list(_rated(queues, since).values("persona_id").annotate(**_counts()).order_by("persona_id"))
    names = _persona_names({row["persona_id"] for row in grouped})
    totals = [(names.get(row["persona_id"], "?"), Figures(row["good"], row["bad"])) for row in grouped]
    return sorted(totals, key=lambda item: (-(item[1].score or 0), item[0]))


def figures_sum(figures: Iterable[Figures]) -> Figures:
    """Figures added up: the satisfaction page's total from its per-persona figures, with no query of its own."""
    figures = list(figures)
    return Figures(sum(f.good for f in figures), sum(f.bad for f in figures))


def satisfaction_rated(*, queues: QuerySet[Queue], since: datetime) -> Figures:
    """All ratings in the range, in one query (the leads' dashboard shows this row)."""
    rated = _rated(queues, since).aggregate(**_counts())
    return Figures(rated["good"], rated["bad"])


def satisfaction_sent(*, queues: QuerySet[Queue], since: datetime) -> int:
    """How many surveys were sent in the range, answered or not."""
    return SatisfactionSurvey.objects.filter(queue__in=queues, created_at__gte=since).count()


def satisfaction_comments(*, queues: QuerySet[Queue], since: datetime) -> QuerySet[SatisfactionSurvey]:
    """The latest comments, for a lead to read what was said."""
    return (
        _rated(queues, since).exclude(comment="")
        .select_related("ticket", "queue", "persona")
        .only("rating", "comment", "rated_at", "alias", "ticket__reference", "queue__name", "persona__alias")
        .order_by("-rated_at")[:RECENT_COMMENTS]
    )
