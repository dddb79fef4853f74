"""A level with nobody to tell is passed over at once for the next one that has someone, at raise, at a step, at a
re-trigger and after a move, on the timeline in words; when no level has anyone the administrators are told and it
is logged. The ladder (levels, timeout, repeat) stays the one the item was raised with."""
import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import translation

from agents.models import Role
from escalation.alerts import LEAD_ALERT, LEVEL_ALERT
from escalation.levels import escalations_advance
from escalation.models import EntryKind, Escalation
from escalation.selectors import nav_counts
from escalation.services import escalation_acknowledge, escalation_raise
from tests.conftest import _staff, clock_frozen
from tests.factories import QueueFactory, TicketFactory
from tickets.models import Notification
from tickets.services import ticket_change

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 3, 0, tzinfo=UTC)  # 3 a.m. on a Sunday


@pytest.fixture
def clock(monkeypatch):
    return clock_frozen(monkeypatch, T0)


@pytest.fixture
def ops(db):
    """A queue nobody leads."""
    return QueueFactory(name="Ops", slug="ops", email="ops@support.example")


@pytest.fixture
def ops_ticket(dave, ops):
    return TicketFactory(customer=dave.customer, queue=ops, subject="Charged twice for March")


def _told(entry, kind=LEVEL_ALERT) -> set[str]:
    about = entry.escalation_id if kind == LEAD_ALERT else entry.pk
    return {row.recipient.username for row in Notification.objects.filter(kind=kind, about_id=about)}


def _entries(escalation, kind):
    return list(Escalation.objects.get(pk=escalation.pk).entries.filter(kind=kind).order_by("pk"))


def _timeline(client, user, escalation) -> str:
    client.force_login(user)
    return client.get(f"/leads/e/{escalation.pk}/").content.decode()


def test_a_raise_in_a_queue_nobody_leads_tells_the_administrators_at_once_and_the_ladder_runs_on_from_there(
        client, clock, ops_ticket, carol, lou, adam):
    """Both lead levels are the queue's, so both are passed over: carol and lou lead other queues and could
    not open the item."""
    raised = escalation_raise(ticket=ops_ticket, category="self_harm")
    [alerted] = _entries(raised, EntryKind.ALERTED)
    assert _told(alerted, LEAD_ALERT) == {"adam"}
    assert alerted.data == {"emails": 1, "skipped": ["on_duty_leads", "queue_leads"], "told": "admins",
                            "queue_name": "Ops"}
    row = Escalation.objects.get(pk=raised.pk)
    assert (row.level, row.steps, row.next_step_at) == (3, 2, T0 + timedelta(minutes=5))
    assert "no lead of Ops to tell; told the administrators." in _timeline(client, adam, raised)
    assert escalations_advance(now=clock.at(minutes=5)) == 1
    assert escalations_advance(now=clock.at(minutes=10)) == 0  # two passes (REPEAT 1), then it stops
    [step] = _entries(raised, EntryKind.ESCALATED)
    assert (step.data["level"], _told(step)) == (3, {"adam"})
    assert step.data["skipped"] == ["on_duty_leads", "queue_leads"]  # the second pass's lead levels, at once
    assert Escalation.objects.get(pk=raised.pk).next_step_at is None


def test_a_move_into_a_queue_nobody_leads_tells_the_administrators(client, raised, carol, lou, adam, ops):
    ticket_change(ticket=raised.ticket, actor=adam, queue=ops)
    [moved] = _entries(raised, EntryKind.MOVED)
    assert _told(moved) == {"adam"} and moved.data["emails"] == 1
    page = _timeline(client, adam, raised)
    assert "from Billing to Ops; no lead of Ops to tell; told the administrators." in page
    with translation.override("de"):
        page = client.get(f"/leads/e/{raised.pk}/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert ("von Billing nach Ops; keine Teamleitung von Ops zu benachrichtigen; die Administration "
            "benachrichtigt.") in page


def test_a_step_passes_over_levels_with_nobody_to_the_next_pass(clock, dave_ticket, dave_message, carol):
    """No administrator: level 3 is passed over for level 1 of the second pass, which counts as that step."""
    raised = escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message)
    assert escalations_advance(now=clock.at(minutes=5)) == 1  # level 2: every lead of queue A (carol)
    assert escalations_advance(now=clock.at(minutes=10)) == 1
    step = _entries(raised, EntryKind.ESCALATED)[-1]
    assert (step.data["level"], step.data["skipped"], _told(step)) == (1, ["admins"], {"carol"})
    assert Escalation.objects.get(pk=raised.pk).steps == 3
    assert escalations_advance(now=clock.at(minutes=15)) == 1  # level 2 of the second pass
    assert escalations_advance(now=clock.at(minutes=20)) == 1  # level 3: nobody, and nothing left after it
    last = _entries(raised, EntryKind.ESCALATED)[-1]
    assert (last.data["emails"], last.data["told"]) == (0, "")
    assert Escalation.objects.get(pk=raised.pk).next_step_at is None
    assert escalations_advance(now=clock.at(hours=2)) == 0


def test_a_retrigger_with_nobody_at_the_lead_levels_tells_the_next_level(clock, ops_ticket, carol, lou, adam):
    raised = escalation_raise(ticket=ops_ticket, category="self_harm")
    escalation_acknowledge(escalation=raised, lead=adam)
    assert escalations_advance(now=clock.at(minutes=5)) == 0  # acknowledged: the clock moves to re-trigger
    assert escalations_advance(now=clock.at(minutes=30)) == 1
    [again] = _entries(raised, EntryKind.RETRIGGERED)
    assert (again.data["level"], _told(again)) == (3, {"adam"})


@override_settings(TACT_ESCALATION={"LEVELS": ["on_duty_leads"]})
def test_when_no_level_has_anyone_the_administrators_are_told_and_it_is_logged(
        client, caplog, clock, ops_ticket, carol, adam):
    with caplog.at_level(logging.WARNING, logger="escalation.alerts"):
        raised = escalation_raise(ticket=ops_ticket, category="self_harm")
    [alerted] = _entries(raised, EntryKind.ALERTED)
    assert _told(alerted, LEAD_ALERT) == {"adam"}
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert f"escalation {raised.pk} " in record.getMessage() and "1 administrators told" in record.getMessage()
    assert "Dave" not in record.getMessage() and "Charged" not in record.getMessage()
    assert "no lead of Ops to tell; told the administrators." in _timeline(client, adam, raised)


def test_nobody_at_all_to_tell_is_an_error_in_the_log_and_on_the_timeline(caplog, clock, ops_ticket):
    with caplog.at_level(logging.WARNING, logger="escalation.alerts"):
        raised = escalation_raise(ticket=ops_ticket, category="self_harm")
    assert [r.levelno for r in caplog.records] == [logging.ERROR]
    [alerted] = _entries(raised, EntryKind.ALERTED)
    assert alerted.data["emails"] == 0 and alerted.data["told"] == "admins"


def test_the_triage_page_shows_administrators_an_item_whose_queue_has_no_lead(client, clock, ops_ticket,
                                                                              dave_ticket, carol, adam):
    unled = escalation_raise(ticket=ops_ticket, category="self_harm")
    led = escalation_raise(ticket=dave_ticket, category="press_media")
    client.force_login(adam)
    page = client.get("/leads/triage/list/").content.decode()
    row = page.split(f'data-id="{unled.pk}"')[1].split("</tr>")[0]
    assert "No lead in its queue" in row
    assert "No lead in its queue" not in page.split(f'data-id="{led.pk}"')[1].split("</tr>")[0]


def test_a_lead_without_an_email_address_is_nobody_to_tell_but_sees_the_item_in_the_app(
        clock, ops, ops_ticket, adam):
    """Ops's one lead has no address: an email would never reach them, so the lead levels are passed over."""
    nora = _staff("nora", "Nora Realname", Role.LEAD, "North Star", [ops])
    User.objects.filter(pk=nora.pk).update(email="")
    raised = escalation_raise(ticket=ops_ticket, category="self_harm")
    [alerted] = _entries(raised, EntryKind.ALERTED)
    assert _told(alerted, LEAD_ALERT) == {"adam"}
    assert alerted.data["skipped"] == ["on_duty_leads", "queue_leads"] and alerted.data["emails"] == 1
    assert nav_counts(nora)["escalations_open"] == 1  # the navigation's count still tells her
