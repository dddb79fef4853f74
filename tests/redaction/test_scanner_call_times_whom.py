"""A weekday alone names a call when the cue before it says who rang whom ("when I rang you Tuesday", "when you
called in on Tuesday", "your call with us on Tuesday"), as "when we spoke on Tuesday" does; not a call planned, nor
another day."""

import pytest

from tests.redaction.london_call import calls


@pytest.mark.parametrize(
    "text",
    [
        "When I rang you Tuesday, I said the refund is on its way.",
        "When you called in on Tuesday, I said the refund is on its way.",
        "On your call with us on Tuesday, I said the refund is on its way.",
        "When we spoke to you on Tuesday, I said the refund is on its way.",
        "I called you back on Tuesday about the refund.",
    ],
)
def test_a_weekday_after_who_rang_whom_names_the_call(text: str) -> None:
    assert calls(text) == ["Tuesday"]


@pytest.mark.parametrize(
    "text",
    [
        "I'll call you back on Tuesday about the refund.",  # planned
        "When you called in on Monday, I said the refund is on its way.",  # the call was on Tuesday
    ],
)
def test_a_planned_call_or_another_day_names_none(text: str) -> None:
    assert calls(text) == []
