"""Said in public, a day of the month that a sentence of private text names says when what that text tells happens
("before the 2nd of April" for "My test is on the 2nd of April", "fine for the 28th" for "The wedding is on June
28"). Not a day of another month, nor one the public post names, nor on a private channel, where a customer's own
day is theirs to hear."""

import pytest

from redaction.scanner import scan


def context(channel: str = "public", post: str = "Lessons cancelled three times, this is a joke.") -> dict:
    return {
        "channel": channel,
        "public_post": post,
        "private_messages": [
            "My test is on the 2nd of April and I've barely had a lesson this month.",
            "The wedding is on June 28 and I need a solution before then.",
            "You still took the payment on the 9th.",
        ],
    }


def quotes(text: str, ctx: dict) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, ctx) if f.kind == "quote"]


@pytest.mark.parametrize(
    "text, said",
    [
        ("Hi Conor, we'll get you in a few times before the 2nd of April.", "2nd"),
        ("Good news, the lapel will be ready by the 25th, so you're fine for the 28th.", "28th"),
        ("Sorry again about the payment we took on the 9th.", "9th"),
        # Said in public, the day is the customer's whatever the sentence around it says.
        ("You can cancel any time before the 9th and you will not be billed.", "9th"),
    ],
)
def test_a_private_day_said_in_public_is_a_restatement(text: str, said: str) -> None:
    assert quotes(text, context()) == [said]


@pytest.mark.parametrize(
    "text, ctx",
    [
        ("For anyone reading: the outage on 9 September won't affect card payments.", context()),  # another month
        ("We'll get you in a few times before the 2nd of April.", context(post="My test is on the 2nd of April!")),
        ("We'll get you in a few times before the 2nd of April.", context(channel="private")),
        # A note's day is when we do something: the outcome of the customer's own case.
        ("Your visit is on the 14th, we'll confirm the time.", {**context(), "internal_notes": ["Visit 14th."]}),
    ],
)
def test_another_month_a_public_day_or_a_private_channel_is_no_restatement(text: str, ctx: dict) -> None:
    assert quotes(text, ctx) == []
