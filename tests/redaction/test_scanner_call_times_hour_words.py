"""An hour said as a word ("around two", "at three o'clock", "um drei Uhr") or minutes past it in words ("five past
two", "zehn nach zwei") is as loose a time as "around 2". With the near misses: a number that counts something
("about two issues", "at one point", "five to ten minutes") is no time."""

import pytest

from tests.redaction.london_call import calls


@pytest.mark.parametrize(
    "text, said",
    [
        ("As I said on Tuesday at two, the refund is on its way.", "Tuesday at two"),
        ("As I said around two on Tuesday, the refund is on its way.", "around two on Tuesday"),
        ("As I said at two o'clock on Tuesday, the refund is on its way.", "two o'clock on Tuesday"),
        ("As I said on Tuesday just after two pm, the refund is on its way.", "Tuesday just after two pm"),
        ("When we spoke at around two, I said the refund is on its way.", "around two"),
        ("Our chat at five past two on Tuesday covered it.", "five past two on Tuesday"),
        ("Wie am Dienstag um zehn nach zwei Uhr besprochen, hier das Update.", "Dienstag um zehn nach zwei Uhr"),
        ("Wie am Dienstag um zwei Uhr besprochen, hier das Update.", "Dienstag um zwei Uhr"),
    ],
)
def test_an_hour_in_words_beside_the_calls_day_is_found(text: str, said: str) -> None:
    assert calls(text) == [said]


@pytest.mark.parametrize(
    "text",
    [
        "On Tuesday around five we publish the update.",  # the call was at 14:05
        "On Tuesday we fixed about two issues in the app.",
        "On Tuesday at one point the app was down.",
        "On Tuesday it takes five to ten minutes to sync.",
        "On Tuesday at two stores the terminals were down.",
    ],
)
def test_a_number_in_words_that_counts_is_no_time(text: str) -> None:
    assert calls(text) == []
