"""Fixtures shared by the agents tests."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone


class Clock:
    """django.utils.timezone.now, frozen at a Monday morning and moved by hand: sessions, tokens and access end
    dates are all judged against it."""

    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock()
    monkeypatch.setattr(timezone, "now", frozen)
    return frozen
