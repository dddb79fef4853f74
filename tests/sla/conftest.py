"""Calendars to build SLA policies on (the frozen `clock` fixture is the suite's, tests/conftest.py)."""
import pytest

from tickets.sla.models import BusinessCalendar


@pytest.fixture
def office(db):
    """Monday to Friday, 09:00–17:00 UTC."""
    return BusinessCalendar.objects.create(
        name="Office", time_zone="UTC", hours=[[[540, 1020]]] * 5 + [[], []]
    )


@pytest.fixture
def around_the_clock(db):
    return BusinessCalendar.objects.get(name="Around the clock (UTC)")
