"""Call times however they are written: in the call's own local time, numeric dates with am/pm, approximate
("Friday around 2pm", "Tuesday morning", "late on the 14th") and relative to the reply's "now" ("yesterday at
3", "last Tuesday"); and the near misses that name no call."""

import pytest

from redaction.scanner import scan

# Logged in Brisbane at 14:05 on Friday 3 July 2026; the agents work in London (05:05 there).
CTX = {
    "tz": "Europe/London",
    "calls": [{"at": "2026-07-03T14:05:00+10:00", "duration_s": 420}],
    "now": "2026-07-04T10:00:00+10:00",
}


def calls(text: str, context: dict = CTX) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "call_time"]


@pytest.mark.parametrize(
    "text, said",
    [
        ("As agreed on Friday 3 July at 14:05, the refund is due.", "Friday 3 July at 14:05"),
        ("As agreed on 03/07 at 2:05 pm, the refund is due.", "03/07 at 2:05 pm"),
        ("As agreed Friday around 2pm, the refund is due.", "Friday around 2pm"),
        ("As agreed on Friday afternoon, the refund is due.", "Friday afternoon"),
        ("As agreed yesterday at 2, the refund is due.", "yesterday at 2"),
        ("As agreed yesterday afternoon, the refund is due.", "yesterday afternoon"),
        ("As we discussed on the phone yesterday, the refund is due.", "yesterday"),
        ("When we spoke last Friday, I promised a refund.", "last Friday"),
        ("As agreed on 3 July at 05:05, the refund is due.", "3 July at 05:05"),  # the agents' own clock
    ],
)
def test_a_call_is_found_however_its_time_is_written(text, said) -> None:
    assert calls(text) == [said]


def test_late_and_early_on_a_day() -> None:
    evening = {"tz": "UTC", "calls": [{"at": "2026-03-14T21:40:00+00:00", "duration_s": 300}]}
    assert calls("You rang late on the 14th about it.", evening) == ["late on the 14th"]
    assert calls("You rang early on the 14th about it.", evening) == []
    assert calls("The refund was late on the 14th.", evening) == []  # no call cue, no time: "late" is the refund


@pytest.mark.parametrize(
    "text",
    [
        "The refund is due on Friday 3 July at 09:00.",  # another time that day
        "We are open Friday 9am-5pm.",  # a range: office hours
        "The refund went out yesterday evening.",  # the call was in the afternoon (early morning in London)
        "Sorry for the late reply on Friday.",  # "late" about a reply, not a time of day
        "We spoke last Wednesday about it.",  # no call that day
        "The office is closed at 3 locations yesterday.",  # "at 3" is a count
    ],
)
def test_times_that_name_no_call_stay_clean(text) -> None:
    assert calls(text) == []


def test_relative_dates_need_now() -> None:
    without_now = {key: value for key, value in CTX.items() if key != "now"}
    assert calls("As agreed yesterday at 2, the refund is due.", without_now) == []
    a_week_later = {**CTX, "now": "2026-07-11T10:00:00+10:00"}
    assert calls("As agreed yesterday at 2, the refund is due.", a_week_later) == []
    assert calls("When we spoke last Friday, I promised a refund.", a_week_later) == ["last Friday"]


def test_now_does_not_change_the_compiled_context() -> None:
    """One ticket's replies share their compiled matchers whatever their "now"."""
    from redaction.scanner import compile_context

    later = {**CTX, "now": "2026-07-05T10:00:00+10:00"}
    assert compile_context(CTX) is compile_context(later)
    assert calls("As agreed yesterday at 2, the refund is due.", later) == []


@pytest.mark.parametrize(
    "text, said",
    [
        ("Thanks for bearing with me on the phone on Friday, the refund is due.", "Friday"),
        ("Further to Friday's call, the refund is due.", "Friday"),
        ("When we spoke Friday I promised a refund.", "Friday"),
    ],
)
def test_a_weekday_right_beside_a_past_call_is_that_call(text, said) -> None:
    assert calls(text) == [said]


@pytest.mark.parametrize(
    "text, context",
    [
        ("We'll have a chat on the phone on Friday about the refund.", CTX),  # a call planned, not the one logged
        ("Our call on Friday is booked for 3pm.", CTX),  # the same
        ("We spoke on Thursday about it.", CTX),  # no call that day
        ("Thanks for your patience, the parcel left on Friday.", CTX),  # no cue beside the day
        ("When we spoke Friday I promised a refund.", {**CTX, "now": "2026-07-11T10:00:00+10:00"}),  # a week on
        ("When we spoke Friday I promised a refund.", {k: v for k, v in CTX.items() if k != "now"}),  # no "now"
    ],
)
def test_a_weekday_beside_a_planned_or_another_call_stays_clean(text, context) -> None:
    assert calls(text, context) == []


def test_the_day_of_the_month_right_beside_a_past_call_is_that_call() -> None:
    assert calls("When we spoke on the 3rd, I promised a refund.") == ["3rd"]
    assert calls("Thanks for the call on the 3rd.") == ["3rd"]
    assert calls("When we spoke on the 4th, I promised a refund.") == []  # no call that day
    assert calls("We'll speak on the phone on the 3rd.") == []  # planned
    assert calls("The refund left on the 3rd.") == []  # no cue
