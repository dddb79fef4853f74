from datetime import UTC, datetime

import pytest
from django.utils import timezone, translation

from tickets.stamps import stamp


@pytest.mark.parametrize(("language", "shown"), [("en", "4 Mar 2026, 09:05"), ("de", "4 Mär 2026, 10:05")])
def test_a_stamp_is_in_the_viewers_language_and_time_zone(language, shown):
    with translation.override(language), timezone.override("Europe/Berlin" if language == "de" else "UTC"):
        assert stamp(datetime(2026, 3, 4, 9, 5, tzinfo=UTC))[1] == shown
