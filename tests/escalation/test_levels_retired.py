"""The retired `all_leads` level (leads of every queue, most of whom cannot open the item): an item whose policy
snapshot names it keeps its ladder but tells the queue's leads there, and the timeline says so; a configured
policy that names it is stored with `queue_leads` and is a system check's warning."""
from datetime import UTC, datetime

import pytest
from django.core.checks import WARNING, run_checks
from django.test import override_settings
from django.utils import translation

from agents.models import Role
from escalation.alerts import LEVEL_ALERT
from escalation.checks import retired_levels_check
from escalation.levels import escalations_advance
from escalation.models import EntryKind, Escalation
from escalation.services import escalation_raise
from tests.conftest import _staff, clock_frozen
from tests.factories import QueueFactory, TicketFactory
from tickets.models import Notification
from tickets.services import ticket_change

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)  # 3 a.m. on a Sunday
OLD_DEFAULT = ["on_duty_leads", "all_leads", "admins"]
NOTE = "“all leads” in its policy is read as the leads of {queue}: leads of other queues cannot open it"


@pytest.fixture
def clock(monkeypatch):
    return clock_frozen(monkeypatch, T0)


def raised_with_old_snapshot(ticket) -> Escalation:
    """An item raised while the default ladder named `all_leads`: its snapshot is as that raise kept it."""
    escalation = escalation_raise(ticket=ticket, category="self_harm")
    Escalation.objects.filter(pk=escalation.pk).update(policy={**escalation.policy, "levels": OLD_DEFAULT})
    return Escalation.objects.get(pk=escalation.pk)


def _steps(escalation) -> list:
    return list(escalation.entries.filter(kind=EntryKind.ESCALATED).order_by("pk"))


def _told(entry) -> set[str]:
    return {row.recipient.username for row in Notification.objects.filter(kind=LEVEL_ALERT, about_id=entry.pk)}


def test_an_old_snapshots_all_leads_level_tells_the_queues_leads_and_the_timeline_says_so(
        client, clock, carol, lou, adam, dave_ticket):
    escalation = raised_with_old_snapshot(dave_ticket)
    for minutes in (5, 10):
        assert escalations_advance(now=clock.at(minutes=minutes)) == 1
    level_two, level_three = _steps(escalation)
    assert _told(level_two) == {"carol"}  # not lou: he leads only Technical and could not open it
    assert level_two.data == {"level": 2, "notify": "queue_leads", "emails": 1, "skipped": [],
                              "told": "queue_leads", "retired": ["all_leads"], "queue_name": "Billing"}
    assert (_told(level_three), "retired" in level_three.data) == ({"adam"}, False)
    assert Escalation.objects.get(pk=escalation.pk).policy["levels"] == OLD_DEFAULT  # the snapshot is kept
    client.force_login(carol)
    page = client.get(f"/leads/e/{escalation.pk}/").content.decode()
    assert f"told the leads of Billing; {NOTE.format(queue='Billing')}." in page
    with translation.override("de"):
        page = client.get(f"/leads/e/{escalation.pk}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert ("die Teamleitungen von Billing benachrichtigt; „alle Teamleitungen“ in seiner Richtlinie gilt als die "
            "Teamleitungen von Billing: Teamleitungen anderer Warteschlangen können es nicht öffnen.") in page


def test_an_old_snapshot_in_a_queue_nobody_leads_passes_over_to_the_administrators(client, clock, dave, carol,
                                                                                   lou, adam):
    ops = QueueFactory(name="Ops", slug="ops", email="ops@support.example")
    escalation = raised_with_old_snapshot(TicketFactory(customer=dave.customer, queue=ops))
    Escalation.objects.filter(pk=escalation.pk).update(level=1, steps=0)  # as that raise left it: at level 1
    assert escalations_advance(now=clock.at(minutes=5)) == 1
    [step] = _steps(escalation)
    assert (step.data["level"], _told(step)) == (3, {"adam"})
    assert (step.data["skipped"], step.data["retired"]) == (["queue_leads"], ["all_leads"])
    client.force_login(adam)
    page = client.get(f"/leads/e/{escalation.pk}/").content.decode()
    assert f"no lead of Ops to tell; told the administrators; {NOTE.format(queue='Ops')}." in page


@override_settings(TACT_ESCALATION={"LEVELS": ["on_duty_leads", "all_leads", "admins"]})
def test_a_configured_all_leads_is_kept_as_queue_leads(clock, carol, lou, dave_ticket):
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    assert escalation.policy["levels"] == ["on_duty_leads", "queue_leads", "admins"]
    assert escalations_advance(now=clock.at(minutes=5)) == 1
    [step] = _steps(escalation)
    assert _told(step) == {"carol"} and "retired" not in step.data


def test_a_policy_naming_all_leads_is_a_system_check_warning():
    with override_settings(TACT_ESCALATION={"LEVELS": ["all_leads", "admins", "all_leads"]}):
        [warning] = retired_levels_check(None)
        assert "escalation.W001" in [message.id for message in run_checks()]  # registered: `manage.py check`
    assert warning.level == WARNING and warning.id == "escalation.W001"
    assert "'all_leads'" in warning.msg and "read as 'queue_leads'" in warning.msg
    assert "only escalations their own queues own" in warning.hint


@pytest.mark.parametrize("levels", [None, ["on_duty_leads", "queue_leads", "admins"], ["admins"]])
def test_the_system_check_is_silent_without_all_leads(levels):
    with override_settings(TACT_ESCALATION={"LEVELS": levels} if levels else {}):
        assert retired_levels_check(None) == []


def test_an_old_snapshot_that_starts_with_all_leads_tells_the_new_queues_leads_at_a_move(
        clock, carol, lou, dave_ticket, queue_a, queue_b):
    _staff("lena", "Lena Realname", Role.LEAD, "Low Tide", [queue_a])  # leads Billing only
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    Escalation.objects.filter(pk=escalation.pk).update(policy={**escalation.policy, "levels": ["all_leads", "admins"]})
    ticket_change(ticket=dave_ticket, actor=carol, queue=queue_b)
    [moved] = Escalation.objects.get(pk=escalation.pk).entries.filter(kind=EntryKind.MOVED)
    assert _told(moved) == {"lou", "carol"}  # the leads of Technical: not lena, who cannot open it now
    assert (moved.data["told"], moved.data["retired"]) == ("queue_leads", ["all_leads"])
