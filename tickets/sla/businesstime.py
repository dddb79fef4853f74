"""Business-time arithmetic: add business minutes to a moment, count business minutes between two moments.

Pure Python (zoneinfo, no Django, no database), so it is tested and reasoned about alone. A `Schedule` is a
weekly timetable in a time zone plus closed dates. Opening hours are wall-clock times in that zone: "09:00" is
nine on the clock on every day, so a day with a DST change is an hour shorter or longer, and an hour that does
not exist on the clock (02:00–03:00 on a spring-forward night) is not worked. An interval may run past midnight
("22:00–06:00", end minute above 1440): its part after midnight belongs to the next date. A holiday closes its
whole local date, including the morning part of the previous night's shift.
"""
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

DAY = 1440  # minutes
# A schedule that opens on no date in this many consecutive days is treated as never open (all holidays, or no
# hours): arithmetic on it raises rather than loop for ever.
SEARCH_DAYS = 800

Interval = tuple[int, int]  # minutes from the day's midnight: 0 ≤ start < end ≤ 2 * DAY


@dataclass(frozen=True)
class Schedule:
    """Opening hours per weekday (Monday first; each a tuple of intervals), a time zone and closed dates."""

    time_zone: str
    hours: tuple[tuple[Interval, ...], ...]
    holidays: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.hours) != 7:
            raise ValueError("A schedule has hours for seven weekdays.")
        for day in self.hours:
            for start, end in day:
                if not 0 <= start < end <= 2 * DAY or end - start > DAY:
                    raise ValueError(f"Bad interval {start}–{end}.")

    @property
    def always_open(self) -> bool:
        """Open around the clock, every day: business time is wall time (the fast path)."""
        return not self.holidays and all(day == ((0, DAY),) for day in self.hours)


ALWAYS_OPEN = Schedule("UTC", tuple(((0, DAY),) for _ in range(7)))


def wall_instant(tz: tzinfo, day: date, after_midnight: timedelta) -> datetime:
    """The moment the wall clock of `tz` reads `after_midnight` past `day`'s midnight, in UTC: a time the clocks
    skip is read as that much after the change, a time they pass twice as its first passing (PEP 495 `fold=0`).
    UTC because aware datetimes sharing one tzinfo compare by wall clock, which is wrong across a change."""
    return (datetime(day.year, day.month, day.day, tzinfo=tz) + after_midnight).astimezone(UTC)


def _segments(schedule: Schedule, day: date) -> list[Interval]:
    """The open minutes of the local date `day`: its own intervals up to midnight and the tail of the previous
    day's overnight intervals, sorted and merged (a night shift's tail may overlap a morning's hours)."""
    if day in schedule.holidays:
        return []
    own = [(start, min(end, DAY)) for start, end in schedule.hours[day.weekday()]]
    tails = [(0, end - DAY) for start, end in schedule.hours[(day.weekday() - 1) % 7] if end > DAY]
    merged: list[Interval] = []
    for start, end in sorted(own + tails):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def open_periods(schedule: Schedule, since: datetime) -> Iterator[tuple[datetime, datetime]]:
    """The schedule's open periods in UTC, in order, from the one holding `since` onward. Periods never
    overlap; one open across midnight comes as two that touch."""
    tz = ZoneInfo(schedule.time_zone)
    day = since.astimezone(tz).date() - timedelta(days=1)
    idle = 0
    while idle < SEARCH_DAYS:
        segments = _segments(schedule, day)
        idle = 0 if segments else idle + 1
        for start, end in segments:
            a, b = wall_instant(tz, day, timedelta(minutes=start)), wall_instant(tz, day, timedelta(minutes=end))
            if a < b and b > since:  # a >= b: wholly inside a wall-clock hour that does not exist
                yield a, b
        day += timedelta(days=1)
    raise ValueError("This calendar has no open hours; business time cannot advance.")


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("Business-time arithmetic needs aware datetimes.")
    return moment.astimezone(UTC)


def add_business_time(start: datetime, duration: timedelta, schedule: Schedule) -> datetime:
    """The moment `duration` of open time after `start` (in UTC). Starting while closed counts from the next
    opening; a duration that ends exactly at closing time ends at closing time."""
    start = _aware(start)
    if duration <= timedelta(0):
        return start
    if schedule.always_open:
        return start + duration
    remaining = duration
    for a, b in open_periods(schedule, start):
        a = max(a, start)
        if b - a >= remaining:
            return a + remaining
        remaining -= b - a
    raise AssertionError("open_periods ends by raising")


def business_time_between(start: datetime, end: datetime, schedule: Schedule) -> timedelta:
    """Open time from `start` to `end` (zero if `end` is not after `start`)."""
    start, end = _aware(start), _aware(end)
    if end <= start:
        return timedelta(0)
    if schedule.always_open:
        return end - start
    total = timedelta(0)
    for a, b in open_periods(schedule, start):
        if a >= end:
            break
        total += min(b, end) - max(a, start)
    return total


def add_business_minutes(start: datetime, minutes: int, schedule: Schedule) -> datetime:
    return add_business_time(start, timedelta(minutes=minutes), schedule)


def business_minutes_between(start: datetime, end: datetime, schedule: Schedule) -> int:
    """Whole business minutes from `start` to `end`, rounded down."""
    return int(business_time_between(start, end, schedule).total_seconds() // 60)


def parse_day_hours(text: str) -> tuple[Interval, ...]:
    """'09:00-12:00, 13:00-17:30' → intervals; '' → closed; '22:00-06:00' runs past midnight; '00:00-24:00' is
    the whole day. ValueError with a message for people on anything else."""
    intervals: list[Interval] = []
    for part in (p.strip() for p in text.replace(";", ",").split(",")):
        if not part:
            continue
        bounds = [b.strip() for b in part.replace("–", "-").split("-")]
        if len(bounds) != 2:
            raise ValueError(f"“{part}” is not a range like 09:00-17:00.")
        start, end = (_minute_of(b) for b in bounds)
        if start == DAY:
            raise ValueError(f"“{part}” starts at 24:00; start at 00:00 instead.")
        if end == start:
            raise ValueError(f"“{part}” starts and ends at the same time.")
        intervals.append((start, end if end > start else end + DAY))
    intervals.sort()
    for (_s1, e1), (s2, _e2) in zip(intervals, intervals[1:], strict=False):
        if s2 < e1:
            raise ValueError("Opening hours of one day overlap; merge them into one range.")
    return tuple(intervals)


def _minute_of(text: str) -> int:
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise ValueError(f"“{text}” is not a time like 09:00.")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > DAY:
        raise ValueError(f"“{text}” is not a time of day (00:00 to 24:00).")
    return value


def format_day_hours(intervals: tuple[Interval, ...] | list) -> str:
    """The inverse of `parse_day_hours`, for forms and pages."""
    return ", ".join(f"{_clock(start)}-{_clock(end if end <= DAY else end - DAY)}" for start, end in intervals)


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"
