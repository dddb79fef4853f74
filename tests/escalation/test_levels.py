"""Escalation levels on a frozen clock: deadlines at raise, the next level after each timeout, repeat, one
advance per step however many beat runs race, re-trigger after the acknowledgement timeout, and the policy
snapshot outliving a change of settings."""
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings

from escalation.alerts import LEAD_ALERT, LEVEL_ALERT
from escalation.levels import escalation_step, escalations_advance
from escalation.models import EntryKind, Escalation
from escalation.selectors import escalations_visible_to
from escalation.services import escalation_acknowledge, escalation_raise, escalation_resolve
from tests.conftest import clock_frozen
from tickets.models import Notification
from tickets.notifications import notification_send

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)  # 3 a.m. on a Sunday: clocks run around the clock


@pytest.fixture
def clock(monkeypatch):
    return clock_frozen(monkeypatch, T0)


@pytest.fixture
def people(carol, lou, adam):
    """carol leads queue A (the ticket's) and B, lou leads B only, adam is an administrator."""
    return {"carol": carol, "lou": lou, "adam": adam}


@pytest.fixture
def raised_now(clock, people, dave_ticket, dave_message, detection):
    return escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message, detection=detection)


def told(entry_kind=EntryKind.ESCALATED) -> list[tuple[int, set[str]]]:
    """Each step's level and who got an outbox row for it, in order."""
    out = []
    for entry in Escalation.objects.get().entries.filter(kind=entry_kind).order_by("pk"):
        rows = Notification.objects.filter(kind=LEVEL_ALERT, about_id=entry.pk)
        out.append((entry.data["level"], {row.recipient.username for row in rows}))
    return out


def advance(clock, **delta) -> int:
    return escalations_advance(now=clock.at(**delta))


def test_deadlines_and_first_step_are_set_at_raise(raised_now):
    escalation = Escalation.objects.get(pk=raised_now.pk)
    assert escalation.acknowledge_by == T0 + timedelta(minutes=5)
    assert escalation.resolve_by == T0 + timedelta(hours=1)
    assert escalation.due_at == escalation.acknowledge_by
    assert escalation.level == 1 and escalation.steps == 0
    assert escalation.next_step_at == T0 + timedelta(minutes=5)
    assert escalation.policy["levels"] == ["on_duty_leads", "queue_leads", "admins"]
    assert escalation.policy["level_timeout_s"] == 300 and escalation.policy["ack_timeout_s"] == 1800


def test_each_level_is_told_after_the_previous_timeout_then_the_levels_repeat_then_stop(clock, raised_now, people):
    """Everyone told, at any level, can open the item: leads of other queues never are."""
    assert advance(clock, minutes=4, seconds=59) == 0
    assert told() == []
    assert advance(clock, minutes=5) == 1
    assert told() == [(2, {"carol"})]  # every lead of queue A: lou leads only B, and could not open it
    assert advance(clock, minutes=9) == 0
    assert advance(clock, minutes=10) == 1
    assert told()[-1] == (3, {"adam"})
    assert advance(clock, minutes=15) == 1
    assert told()[-1] == (1, {"carol"})  # the queue's leads again: lou does not lead queue A
    assert advance(clock, minutes=20) + advance(clock, minutes=25) == 2
    assert [level for level, _ in told()] == [2, 3, 1, 2, 3]
    assert advance(clock, minutes=30) == 0  # REPEAT 1: two passes through the levels, then it stops
    assert advance(clock, hours=3) == 0
    assert len(told()) == 5
    assert Escalation.objects.get().next_step_at is None
    told_anyone = {row.recipient for row in Notification.objects.filter(kind__in=[LEAD_ALERT, LEVEL_ALERT])}
    assert told_anyone == {people["carol"], people["adam"]}
    assert all(escalations_visible_to(user).filter(pk=raised_now.pk).exists() for user in told_anyone)


def test_two_runs_at_once_advance_a_step_only_once(clock, raised_now):
    stale = Escalation.objects.get(pk=raised_now.pk)
    clock.at(minutes=6)
    assert escalation_step(escalation=stale, now=clock.now) is True
    assert escalation_step(escalation=stale, now=clock.now) is False  # read before the first run's update
    assert escalations_advance(now=clock.now) == 0
    assert told() == [(2, {"carol"})]
    assert Notification.objects.filter(kind=LEVEL_ALERT).count() == 1
    assert Escalation.objects.get().steps == 1


def test_acknowledging_stops_the_levels_and_an_unresolved_item_retriggers_after_the_ack_timeout(
    clock, raised_now, people
):
    clock.at(minutes=2)
    escalation_acknowledge(escalation=raised_now, lead=people["carol"])
    assert advance(clock, minutes=5) == 0  # acknowledged: level 2 is not told
    assert told() == []
    assert Escalation.objects.get().next_step_at == T0 + timedelta(minutes=32)
    assert advance(clock, minutes=31) == 0
    assert advance(clock, minutes=32) == 1
    assert told(EntryKind.RETRIGGERED) == [(1, {"carol"})]
    assert advance(clock, minutes=61) == 0
    assert advance(clock, minutes=62) == 1  # and again after each further interval
    assert len(told(EntryKind.RETRIGGERED)) == 2
    clock.at(minutes=70)
    escalation_resolve(escalation=raised_now, lead=people["carol"], outcome="customer_safe")
    assert advance(clock, hours=5) == 0
    assert len(told(EntryKind.RETRIGGERED)) == 2


def test_an_item_follows_the_policy_it_was_raised_with(clock, raised_now, erin_ticket):
    changed = {"LEVELS": ["admins"], "LEVEL_TIMEOUT_S": {"self_harm": 60}, "ACK_TIMEOUT_S": {"self_harm": 60}}
    with override_settings(TACT_ESCALATION=changed):
        assert advance(clock, minutes=1) == 0
        assert advance(clock, minutes=5) == 1
        assert told() == [(2, {"carol"})]  # the snapshot's level 2, not the new admins-only list
        later = escalation_raise(ticket=erin_ticket, category="self_harm")
    assert later.policy["levels"] == ["admins"] and later.next_step_at == clock.now + timedelta(seconds=60)


def test_the_beat_runs_the_levels_on_the_urgent_queue():
    entry = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("advance_escalations"))
    assert entry["schedule"] <= timedelta(seconds=60)
    assert settings.CELERY_TASK_ROUTES[entry["task"]] == {"queue": "urgent"}


def test_the_worker_mails_a_level_step_to_its_recipient_without_the_customers_words(clock, raised_now):
    advance(clock, minutes=10, seconds=1)  # past both steps' timeouts in one run: only level 2 is due
    row = Notification.objects.get(kind=LEVEL_ALERT, recipient__username="carol")
    assert notification_send(notification_id=row.pk) is True
    [sent] = [email for email in mail.outbox if email.to == ["carol@home.example"]]  # the batch sends the rest
    assert f"/leads/e/{raised_now.pk}/" in sent.body and "miss me" not in sent.body
