from datetime import UTC, datetime

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from hypothesis import given, settings
from hypothesis import strategies as st

from tickets.stamps import stamp

# Hypothesis takes naive bounds and attaches `timezones` to what it draws.
NAIVE_FIRST, NAIVE_LAST = datetime(1, 1, 2), datetime(9999, 12, 30)  # noqa: DTZ001


@settings(max_examples=300, deadline=None)
@given(when=st.datetimes(min_value=NAIVE_FIRST, max_value=NAIVE_LAST, timezones=st.just(UTC)),
       language=st.sampled_from(["en", "de"]), zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"]))
def test_a_stamp_is_what_the_date_filter_writes(when, language, zone):
    with translation.override(language), timezone.override(zone):
        local = timezone.localtime(when)
        assert stamp(when) == (local.isoformat(), date_format(local, "j M Y, H:i"))


@pytest.mark.parametrize(("language", "shown"), [("en", "4 Mar 2026, 09:05"), ("de", "4 Mär 2026, 10:05")])
def test_a_stamp_is_in_the_viewers_language_and_time_zone(language, shown):
    with translation.override(language), timezone.override("Europe/Berlin" if language == "de" else "UTC"):
        assert stamp(datetime(2026, 3, 4, 9, 5, tzinfo=UTC))[1] == shown
