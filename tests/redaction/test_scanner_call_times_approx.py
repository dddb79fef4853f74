"""A call's time said as a little off the hour ("a little after 2", "just gone two", "not long after 2pm", "a bit
before 2:30") is as loose as "around 2"; a time a little off another hour names no call."""

import pytest

from tests.redaction.london_call import calls


@pytest.mark.parametrize(
    "text, said",
    [
        ("As I said a little after 2 on Tuesday, the refund is on its way.", "a little after 2 on Tuesday"),
        ("As I said on Tuesday just gone two, the refund is on its way.", "Tuesday just gone two"),
        ("As I said not long after 2pm on Tuesday, the refund is on its way.", "not long after 2pm on Tuesday"),
        ("As I said a bit before 2:30 on Tuesday, the refund is on its way.", "a bit before 2:30 on Tuesday"),
    ],
)
def test_a_time_a_little_off_the_hour_is_loose(text: str, said: str) -> None:
    assert calls(text) == [said]


def test_a_little_off_another_hour_names_no_call() -> None:
    assert calls("On Tuesday a little after 9 the site went down for an hour.") == []


@pytest.mark.parametrize(
    "text, said",
    [
        ("As I said Tuesday, 2-ish, the refund is on its way.", "Tuesday, 2-ish"),
        ("When we spoke Tuesday 2ish, I said the refund is on its way.", "Tuesday 2ish"),
    ],
)
def test_an_hour_said_as_ish_is_a_loose_time(text: str, said: str) -> None:
    assert calls(text) == [said]


@pytest.mark.parametrize(
    "text", ["On Tuesday 2-ish people asked about the refund.", "Allow 2-ish days for delivery from Tuesday."]
)
def test_a_count_said_as_ish_is_no_time(text: str) -> None:
    assert calls(text) == []
