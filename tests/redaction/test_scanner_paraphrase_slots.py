"""A reply that names the time of day and the day (of the month, or of the week) that one sentence of private text
gives says when what that text arranges happens, whatever its words; a time of day counts as a day does beside two
of a fact's words. Opening hours, another day at that time, a day without a time or a time without a day do not."""

import pytest

from redaction.scanner import paraphrase, scan
from redaction.scanner.normalize import tokenize

VISIT = {
    "channel": "public",
    "internal_notes": [
        "Line shows errors at the street cabinet; field tech booked Fri 14 Feb 1-5pm.",
        "Meter technician scheduled for Feb 12, 8-12 window.",
        "Callback offered 29 Jul 10:40 with the nurse.",
    ],
}


def restated(text: str, context: dict = VISIT) -> list[tuple[str, str]]:
    return [(f.owner, text[f.start : f.end]) for f in scan(text, context) if f.kind == "quote"]


@pytest.mark.parametrize(
    ("text", "slot"),
    [
        ("Our tech will be with you on Friday the 14th between 1 and 5pm.", "14th between 1 and 5pm"),
        ("Someone will be at your place Feb 12 between 8 and noon.", "Feb 12 between 8 and noon"),
        ("We can fit him in on 29 July at 10:40, just say the word!", "29 July at 10:40"),
        ("Expect us on Friday, 1-5pm.", "Friday, 1-5pm"),  # no day of the month: the day of the week
        ("Wir kommen am Freitag um 13 Uhr vorbei.", "Freitag um 13 Uhr"),  # 13 Uhr is 1pm
    ],
)
def test_a_day_and_a_time_from_a_note_restate_it_without_its_words(text, slot) -> None:
    assert restated(text) == [("internal", slot)]


@pytest.mark.parametrize(
    "text",
    [
        "Our phone lines are open Mon–Fri 9am–5pm.",  # opening hours: a range of days
        "We're open Monday to Friday, 9am to 5pm, and Saturday mornings.",
        "The next free visit is Friday the 21st between 1 and 5pm.",  # another Friday at that time
        "Your visit is on the 14th, we'll confirm the time by text.",  # a day without a time
        "We'll call you back today at 5pm.",  # a time without a day
        "Delivery usually takes 1-5 days from the 14th.",  # a range of days, not of hours
    ],
)
def test_opening_hours_another_day_or_a_day_or_time_alone_restate_nothing(text) -> None:
    assert restated(text) == []


def test_a_time_of_day_counts_as_a_day_beside_two_of_a_facts_words() -> None:
    context = {"channel": "public", "internal_notes": ["Redelivery slot 8am–12pm booked by the warehouse team."]}
    assert restated("We've booked your redelivery for 8am.", context) == [("internal", "booked your redelivery")]
    assert restated("Redelivery is usually booked online.", context) == []  # the words without the time


def test_the_customers_own_slot_is_theirs_and_the_public_posts_is_public() -> None:
    message = {"channel": "private", "private_messages": ["I'm home on Tuesday the 3rd from 2pm."]}
    assert restated("See you on Tuesday the 3rd at 2pm!", message) == []  # their own, told to them alone
    assert restated("See you on Tuesday the 3rd at 2pm!", {**message, "channel": "public"}) == [
        ("customer", "3rd at 2pm")
    ]
    posted = {**message, "channel": "public", "public_post": "Book me in for Tuesday the 3rd at 2pm please"}
    assert restated("See you on Tuesday the 3rd at 2pm!", posted) == []


def test_times_and_days_of_the_week_are_read_in_their_usual_forms() -> None:
    found = paraphrase.anchors("Sat 11/8 8am–12pm; 17:30; 10:40am; between 8 and noon; 14 Uhr; 8-12 window")
    hours = {value for kind, value in found if kind == "hour"}
    assert hours == {"8:00", "0:00", "5:30", "10:40", "2:00"}
    assert {value for kind, value in found if kind == "weekday"} == {"sat"}
    opening = paraphrase.anchors("Mon-Fri 9am-5pm, the sun at 3pm")
    assert {value for kind, value in opening if kind == "weekday"} == set()


@pytest.mark.parametrize(
    "text",
    [
        "Sat 11/8 8am–12pm",
        "Feb 12, 8-12 window",
        "am 14. Februar um 13 Uhr",
        "Friday the 14th at 10:40",
        "at noon on the 3rd",
        "8 a.m. on Tuesday",
        "Mittwoch 14.30 Uhr",
        "30.09. um 9 Uhr",
    ],
)
def test_the_look_for_a_time_and_a_day_rules_out_no_slot(text) -> None:
    # The words' look-up that lets most replies skip the patterns says yes wherever the patterns find a slot.
    words = tokenize(text).words
    assert paraphrase._slot(text)
    assert paraphrase._may_name_time(text, words) and paraphrase._may_name_day(text, words)
