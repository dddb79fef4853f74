"""A night begins with the evening: "Monday night" and "last night" name a call at 7:20pm. Not one in the
morning."""

import pytest

from tests.redaction.london_call import calls


def context(at: str) -> dict:
    return {
        "channel": "public",
        "tz": "Australia/Sydney",
        "calls": [{"at": at, "duration_s": 900}],
        "now": "2025-05-13T12:00:00+10:00",
    }


EVENING = context("2025-05-12T19:20:00+10:00")  # Monday 7:20pm, the day before the reply
MORNING = context("2025-05-12T09:20:00+10:00")


@pytest.mark.parametrize(
    "text, said",
    [
        ("Hi, following your call on Monday night we've taken the missed sessions off.", "Monday night"),
        ("Thanks for your patience on the phone last night, the sessions are off.", "last night"),
    ],
)
def test_a_night_names_an_evening_call(text: str, said: str) -> None:
    assert calls(text, EVENING) == [said]


def test_a_night_names_no_morning_call() -> None:
    text = "Hi, the timetable update went out on Monday night, so the missed sessions are off."
    assert calls(text, EVENING) == ["Monday night"]
    assert calls(text, MORNING) == []
