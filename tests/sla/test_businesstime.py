"""Business-time arithmetic against hand-worked answers: weekends, holidays, DST changes, overnight hours."""
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tickets.sla.businesstime import (
    ALWAYS_OPEN,
    Schedule,
    add_business_minutes,
    business_minutes_between,
    format_day_hours,
    parse_day_hours,
    wall_instant,
)

NINE_TO_FIVE = ((9 * 60, 17 * 60),)
OFFICE_UTC = Schedule("UTC", (NINE_TO_FIVE,) * 5 + ((), ()))
LONDON = ZoneInfo("Europe/London")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_within_one_working_day():
    assert add_business_minutes(utc(2026, 3, 2, 10, 0), 90, OFFICE_UTC) == utc(2026, 3, 2, 11, 30)


def test_friday_afternoon_runs_over_the_weekend_to_monday():
    # 2026-03-06 is a Friday: 30 minutes left on Friday, 30 on Monday morning.
    assert add_business_minutes(utc(2026, 3, 6, 16, 30), 60, OFFICE_UTC) == utc(2026, 3, 9, 9, 30)
    assert business_minutes_between(utc(2026, 3, 6, 16, 30), utc(2026, 3, 9, 9, 30), OFFICE_UTC) == 60


def test_a_start_at_the_weekend_counts_from_monday_opening():
    assert add_business_minutes(utc(2026, 3, 7, 12, 0), 15, OFFICE_UTC) == utc(2026, 3, 9, 9, 15)
    assert business_minutes_between(utc(2026, 3, 7, 0, 0), utc(2026, 3, 8, 23, 59), OFFICE_UTC) == 0


def test_a_target_ending_at_closing_time_ends_at_closing_time():
    assert add_business_minutes(utc(2026, 3, 2, 16, 0), 60, OFFICE_UTC) == utc(2026, 3, 2, 17, 0)


def test_holidays_are_skipped():
    # Friday 16:30 + 60 min with Monday 9 March a holiday: Tuesday 09:30.
    schedule = Schedule("UTC", OFFICE_UTC.hours, frozenset({date(2026, 3, 9)}))
    assert add_business_minutes(utc(2026, 3, 6, 16, 30), 60, schedule) == utc(2026, 3, 10, 9, 30)
    assert business_minutes_between(utc(2026, 3, 6, 9, 0), utc(2026, 3, 10, 17, 0), schedule) == 2 * 480


def test_office_hours_follow_the_wall_clock_across_spring_forward():
    """London 09:00–17:00: on Friday 27 March 2026 that is 09:00–17:00 UTC; after the clocks go forward on
    Sunday 29 March, Monday's 09:00 is 08:00 UTC."""
    schedule = Schedule("Europe/London", OFFICE_UTC.hours)
    friday_four_pm = datetime(2026, 3, 27, 16, 0, tzinfo=LONDON)
    due = add_business_minutes(friday_four_pm, 120, schedule)
    assert due == utc(2026, 3, 30, 9, 0)
    assert due.astimezone(LONDON).hour == 10  # 60 minutes into Monday's 09:00 BST opening
    assert business_minutes_between(friday_four_pm, due, schedule) == 120


def test_around_the_clock_in_a_zone_counts_the_extra_hour_when_clocks_fall_back():
    """Open all Sunday in Berlin: Sunday 25 October 2026 has 25 hours on the wall clock, all counted."""
    schedule = Schedule("Europe/Berlin", ((),) * 6 + (((0, 1440),),))
    saturday = datetime(2026, 10, 24, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    monday = datetime(2026, 10, 26, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert business_minutes_between(saturday, monday, schedule) == 25 * 60
    assert add_business_minutes(saturday, 25 * 60, schedule) == datetime(2026, 10, 26, 0, 0, tzinfo=ZoneInfo(
        "Europe/Berlin"))


def test_spring_forward_night_loses_the_hour_that_does_not_exist():
    """A night shift 22:00–06:00 in London over the night the clocks go forward (28→29 March 2026) works
    seven hours, not eight."""
    schedule = Schedule("Europe/London", (((22 * 60, 30 * 60),),) * 7)
    start = datetime(2026, 3, 28, 22, 0, tzinfo=LONDON)
    end = datetime(2026, 3, 29, 6, 0, tzinfo=LONDON)
    assert business_minutes_between(start, end, schedule) == 7 * 60


def test_overnight_hours_run_past_midnight():
    """22:00–06:00 starting Monday to Friday: the last shift ends Saturday 06:00, the next starts Monday 22:00."""
    night = ((22 * 60, 30 * 60),)
    schedule = Schedule("UTC", (night,) * 5 + ((), ()))
    assert add_business_minutes(utc(2026, 3, 3, 23, 0), 60, schedule) == utc(2026, 3, 4, 0, 0)
    # Friday 23:00: seven hours until Saturday 06:00, then one on Monday night.
    assert add_business_minutes(utc(2026, 3, 6, 23, 0), 8 * 60, schedule) == utc(2026, 3, 9, 23, 0)
    # Monday 05:00 is closed: Sunday had no shift, so Monday's opening is at 22:00.
    assert add_business_minutes(utc(2026, 3, 2, 5, 0), 30, schedule) == utc(2026, 3, 2, 22, 30)


def test_a_holiday_closes_the_morning_part_of_the_previous_nights_shift():
    night = ((22 * 60, 30 * 60),)
    schedule = Schedule("UTC", (night,) * 7, frozenset({date(2026, 3, 3)}))
    # Monday 22:00 → midnight counts (2 h); Tuesday is the holiday: its 00:00–06:00 and its own shift are closed.
    assert business_minutes_between(utc(2026, 3, 2, 22, 0), utc(2026, 3, 4, 6, 0), schedule) == 2 * 60 + 6 * 60


def test_adjacent_days_open_around_the_clock_merge_into_one_period():
    schedule = Schedule("Europe/Paris", ALWAYS_OPEN.hours, frozenset({date(2026, 12, 25)}))
    christmas_eve = datetime(2026, 12, 24, 23, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert add_business_minutes(christmas_eve, 120, schedule) == datetime(
        2026, 12, 26, 1, 0, tzinfo=ZoneInfo("Europe/Paris"))


def test_always_open_is_wall_time():
    start = utc(2026, 3, 6, 16, 30)
    assert add_business_minutes(start, 3 * 1440, ALWAYS_OPEN) == start + timedelta(days=3)
    assert business_minutes_between(start, start - timedelta(hours=1), ALWAYS_OPEN) == 0


@pytest.mark.parametrize(
    ("day", "after_midnight", "expected"),
    [
        (date(2026, 3, 29), timedelta(hours=9), utc(2026, 3, 29, 8, 0)),  # BST: 09:00 is 08:00 UTC
        (date(2026, 3, 29), timedelta(hours=1, minutes=30), utc(2026, 3, 29, 1, 30)),  # skipped: 02:30 BST
        (date(2026, 10, 25), timedelta(hours=1, minutes=30), utc(2026, 10, 25, 0, 30)),  # passed twice: the first
        (date(2026, 10, 24), timedelta(days=1), utc(2026, 10, 24, 23, 0)),  # 24:00 is the next day's midnight
    ],
)
def test_wall_instant_reads_the_wall_clock_with_fold_zero(day, after_midnight, expected):
    assert wall_instant(LONDON, day, after_midnight) == expected


def test_a_calendar_never_open_refuses_rather_than_loops():
    with pytest.raises(ValueError, match="no open hours"):
        add_business_minutes(utc(2026, 3, 2), 1, Schedule("UTC", ((),) * 7))


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        add_business_minutes(datetime(2026, 3, 2, 9, 0), 1, OFFICE_UTC)  # noqa: DTZ001


SCHEDULES = [
    OFFICE_UTC,
    Schedule("Europe/London", OFFICE_UTC.hours, frozenset({date(2026, 3, 30), date(2026, 10, 26)})),
    Schedule("America/New_York", (((22 * 60, 30 * 60),),) * 5 + ((), ())),
    Schedule("Australia/Lord_Howe", (((0, 600), (720, 1440)),) * 7),  # a 30-minute DST shift
]


@given(
    schedule=st.sampled_from(SCHEDULES),
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1),  # noqa: DTZ001 (naive bounds)
                       timezones=st.just(UTC)),
    minutes=st.integers(min_value=0, max_value=20000),
)
def test_adding_then_measuring_gives_back_the_minutes(schedule, start, minutes):
    start = start.replace(second=0, microsecond=0)
    due = add_business_minutes(start, minutes, schedule)
    assert due >= start
    assert business_minutes_between(start, due, schedule) == minutes


@pytest.mark.parametrize(("text", "parsed"), [
    ("", ()),
    ("09:00-17:00", ((540, 1020),)),
    ("09:00-12:00, 13:00-17:30", ((540, 720), (780, 1050))),
    ("22:00-06:00", ((1320, 1800),)),
    ("00:00-24:00", ((0, 1440),)),
    ("18:00-00:00", ((1080, 1440),)),
])
def test_day_hours_parse_and_format_round_trip(text, parsed):
    assert parse_day_hours(text) == parsed
    assert parse_day_hours(format_day_hours(parsed)) == parsed


@pytest.mark.parametrize(("text", "message"), [
    ("9-17", "not a time"),
    ("09:00", "not a range"),
    ("09:00-09:00", "same time"),
    ("25:00-26:00", "not a time of day"),
    ("09:00-13:00, 12:00-17:00", "overlap"),
    ("24:00-06:00", "starts at 24:00"),
])
def test_bad_day_hours_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message):
        parse_day_hours(text)
