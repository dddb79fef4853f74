"""A frozen clock for the SLA tests (django.utils.timezone.now, moved by hand), and calendars to build
policies on."""
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tickets.sla.models import BusinessCalendar


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday, nine o'clock UTC

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock()
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen


@pytest.fixture
def office(db):
    """Monday to Friday, 09:00–17:00 UTC."""
    return BusinessCalendar.objects.create(
        name="Office", time_zone="UTC", hours=[[[540, 1020]]] * 5 + [[], []]
    )


@pytest.fixture
def around_the_clock(db):
    return BusinessCalendar.objects.get(name="Around the clock (UTC)")
