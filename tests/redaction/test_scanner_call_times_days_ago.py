"""A call's day counted back from the reply ("three days ago", "3 days ago", "a couple of days ago", "vor drei
Tagen") names it as "yesterday" does: with a time beside it, or alone beside a call cue. With the near misses:
another count of days, or no cue."""

import pytest

from tests.redaction.london_call import LONDON, calls


# Tuesday 11 March 2025 at 14:05 in London; the reply is written on Friday the 14th, three days later.
@pytest.mark.parametrize(
    "text, said",
    [
        ("As I said three days ago around 2pm, the refund is on its way.", "three days ago around 2pm"),
        ("As I said 3 days ago at 2pm, the refund is on its way.", "3 days ago at 2pm"),
        ("When we spoke a couple of days ago, I said the refund is on its way.", "a couple of days ago"),
        ("When we spoke a few days ago, I said the refund is on its way.", "a few days ago"),
        ("Wie vor drei Tagen telefonisch besprochen, kommt die Erstattung.", "vor drei Tagen"),
        ("Wie vor drei Tagen gegen 14 Uhr besprochen, kommt die Erstattung.", "vor drei Tagen gegen 14"),
    ],
)
def test_a_call_counted_back_in_days_is_found(text: str, said: str) -> None:
    assert calls(text) == [said]


@pytest.mark.parametrize(
    "text",
    [
        "When we spoke 2 days ago, I said the refund is on its way.",  # the call was three days ago
        "When we spoke a week ago, I said the refund is on its way.",
        "We changed the app three days ago, so please update it.",  # no call cue, no time
        "Three days ago at 9am our site went down.",  # the call was at 14:05
    ],
)
def test_another_count_of_days_or_no_cue_names_no_call(text: str) -> None:
    assert calls(text) == []


def test_without_now_no_day_is_counted_back() -> None:
    context = {key: value for key, value in LONDON.items() if key != "now"}
    assert calls("When we spoke three days ago, I said the refund is on its way.", context) == []
