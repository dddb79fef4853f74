"""Call times said the way people say them: a half hour in words ("around half three", "gegen halb sechs"), the
Australian "arvo", and German dates, weekdays, parts of the day and call cues. With the near misses that name
no call."""

import pytest

from tests.redaction.london_call import calls

# Wednesday 9 October 2024 at 17:25 in Berlin; Tuesday 22 October 2024 at 15:30 in Perth.
BERLIN = {
    "tz": "Europe/Berlin",
    "calls": [{"at": "2024-10-09T17:25:00+02:00", "duration_s": 600}],
    "now": "2024-10-14T10:00:00+02:00",
}
PERTH = {
    "tz": "Australia/Perth",
    "calls": [{"at": "2024-10-22T15:30:00+08:00", "duration_s": 480}],
    "now": "2024-10-24T09:00:00+08:00",
}


@pytest.mark.parametrize(
    "text, context, said",
    [
        ("Wie am Mittwoch gegen halb sechs besprochen, hier das Update.", BERLIN, "Mittwoch gegen halb sechs"),
        ("Wie am 9. Oktober um 17:25 besprochen, hier das Update.", BERLIN, "9. Oktober um 17:25"),
        ("Wie am Mittwoch gegen 17 Uhr besprochen, hier das Update.", BERLIN, "Mittwoch gegen 17"),
        ("Wie am Mittwochabend besprochen, hier das Update.", BERLIN, "Mittwochabend"),  # day and time in one word
        ("Wie am Mittwochmorgen besprochen, hier das Update.", BERLIN, None),  # the call was at 17:25
        ("Wie am Mittwoch nachmittags besprochen, hier das Update.", BERLIN, "Mittwoch nachmittags"),
        ("Wie am Mittwoch vormittags besprochen, hier das Update.", BERLIN, None),  # the call was at 17:25
        ("Wie am Mittwoch abends besprochen, hier das Update.", BERLIN, "Mittwoch abends"),
        (
            "Following our chat on Tuesday arvo around half three, here is the update.",
            PERTH,
            "Tuesday arvo around half three",
        ),
        ("As we discussed on Tuesday at half past three, here is the update.", PERTH, "Tuesday at half past three"),
        ("As discussed on Tuesday around half 3, here is the update.", PERTH, "Tuesday around half 3"),
    ],
)
def test_a_call_said_in_words_or_in_german_is_found(text, context, said) -> None:
    assert calls(text, context) == ([said] if said else [])


@pytest.mark.parametrize(
    "text, context",
    [
        ("We are open Tuesday until half five.", PERTH),  # no call at 17:30
        ("Half the refund went back on Tuesday.", PERTH),  # "half" of an amount, not an hour
        ("Unsere Hotline ist Montag bis Freitag bis halb sechs erreichbar.", BERLIN),  # a range, another day
        ("Wir melden uns am Mittwoch gegen halb zehn.", BERLIN),  # no call at 9:30
        ("Die Hälfte der Kosten erstatten wir am Donnerstag.", BERLIN),
    ],
)
def test_near_misses_name_no_call(text, context) -> None:
    assert calls(text, context) == []


# Sunday 4 August 2024 at 18:55 in London.
LONDON = {
    "tz": "Europe/London",
    "calls": [{"at": "2024-08-04T18:55:00+01:00", "duration_s": 600}],
    "now": "2024-08-20T10:00:00+01:00",
}


@pytest.mark.parametrize(
    "text, said",
    [
        ("Thanks for your time on the fourth of August at 18:55.", "fourth of August at 18:55"),
        ("As discussed on August fourth around 7pm, here is the update.", "August fourth around 7pm"),
        ("Following our call on the Fourth of August, here is the update.", "Fourth of August"),
        ("Wie am vierten August gegen 19 Uhr besprochen, hier das Update.", "vierten August gegen 19"),
        ("As we said on August the fourth, in the evening, the fix is live.", "August the fourth, in the evening"),
    ],
)
def test_a_day_of_the_month_in_words_names_a_call_as_its_digits_do(text, said) -> None:
    assert calls(text, LONDON) == [said]


@pytest.mark.parametrize(
    "text",
    [
        "Our offices close on the fourth of August at 10am.",  # no call then
        "The new plan starts on the twenty-first of August.",  # a date alone, without a call cue
        "Tickets for the fourth of May go on sale at 18:55.",  # another month
        "The first may be refunded, the second at 18:55 tomorrow.",  # "may" the verb
    ],
)
def test_a_day_in_words_that_fits_no_call_names_none(text) -> None:
    assert calls(text, LONDON) == []


# The day after Wednesday's call at 17:25 in Berlin.
BERLIN_NEXT_DAY = {**BERLIN, "now": "2024-10-10T09:00:00+02:00"}


@pytest.mark.parametrize(
    "text, context, said",
    [
        ("Wie gestern gegen halb sechs besprochen, hier das Update.", BERLIN_NEXT_DAY, "gestern gegen halb sechs"),
        ("Wie gestern um 17 Uhr besprochen, hier das Update.", BERLIN_NEXT_DAY, "gestern um 17"),
        ("Wie gestern Abend besprochen, hier das Update.", BERLIN_NEXT_DAY, "gestern Abend"),
        ("Danke für das Telefonat gestern, hier das Update.", BERLIN_NEXT_DAY, "gestern"),
        ("Wie letzten Mittwoch besprochen, hier das Update.", BERLIN, "letzten Mittwoch"),
        ("Wie am vergangenen Mittwoch besprochen, hier das Update.", BERLIN, "vergangenen Mittwoch"),
        ("Wie am Mittwoch um 17 Uhr besprochen, hier das Update.", BERLIN, "Mittwoch um 17"),
    ],
)
def test_a_call_said_relative_to_the_reply_in_german_is_found(text, context, said) -> None:
    assert calls(text, context) == [said]


@pytest.mark.parametrize(
    "text, context",
    [
        ("Gestern war unsere Hotline überlastet, das tut uns leid.", BERLIN_NEXT_DAY),  # no call cue, no time
        ("Wie vorgestern besprochen, hier das Update.", BERLIN_NEXT_DAY),  # the call was yesterday
        ("Wie letzten Dienstag besprochen, hier das Update.", BERLIN),  # another weekday
        ("Wir rufen Sie heute um 17 Uhr an.", BERLIN_NEXT_DAY),  # a call to come, today
        ("Wir haben um 17 Filialen erweitert.", BERLIN),  # a count, not an hour
    ],
)
def test_a_german_relative_day_that_fits_no_call_names_none(text, context) -> None:
    assert calls(text, context) == []


@pytest.mark.parametrize(
    "text, said",
    [
        ("Following up on what we discussed on Tuesday around 3:30pm: the fix is live.", "Tuesday around 3:30pm"),
        ("As agreed on Tuesday at 15:30: the fix is live.", "Tuesday at 15:30"),
    ],
)
def test_a_time_before_a_colon_that_ends_a_clause_is_read(text, said) -> None:
    assert calls(text, PERTH) == [said]


@pytest.mark.parametrize("text", ["On Tuesday the ratio was 3:3 again.", "Tuesday 3:3x is the code."])
def test_digits_around_a_colon_are_no_time_of_a_call(text) -> None:
    assert calls(text, PERTH) == []


@pytest.mark.parametrize(
    "text, said",
    [
        ("As we discussed on Tuesday at quarter past three, here is the update.", "Tuesday at quarter past three"),
        ("As we discussed on Tuesday at a quarter to four, here is the update.", "Tuesday at a quarter to four"),
        ("Wie am Dienstag um Viertel nach drei besprochen, hier das Update.", "Dienstag um Viertel nach drei"),
    ],
)
def test_a_quarter_hour_in_words_names_a_call(text, said) -> None:
    assert calls(text, PERTH) == [said]


@pytest.mark.parametrize(
    "text",
    [
        "As we discussed on Tuesday at quarter to ten, here is the update.",  # no call then
        "On Tuesday a quarter of the refund went back.",  # a share, not an hour
    ],
)
def test_a_quarter_that_fits_no_call_names_none(text) -> None:
    assert calls(text, PERTH) == []


# Tuesday 11 March 2025 at 14:05 in Munich.
MUNICH = {
    "tz": "Europe/Berlin",
    "calls": [{"at": "2025-03-11T14:05:00+01:00", "duration_s": 600}],
    "now": "2025-03-14T10:00:00+01:00",
}


@pytest.mark.parametrize(
    "text, said",
    [
        ("Wie am 11. März gegen 14 Uhr besprochen, hier das Update.", "11. März gegen 14"),
        ("Wie am 11. Maerz um 14:05 besprochen, hier das Update.", "11. Maerz um 14:05"),
        ("Wie am elften MÄRZ gegen 14 Uhr besprochen, hier das Update.", "elften MÄRZ gegen 14"),
        ("Am 11. März um 9 Uhr öffnet die Filiale wieder.", None),  # the call was at 14:05
    ],
)
def test_the_german_march_is_a_month(text: str, said: str | None) -> None:
    assert calls(text, MUNICH) == ([said] if said else [])
