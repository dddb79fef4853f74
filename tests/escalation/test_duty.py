"""The on-duty roster on a frozen clock: level 1 tells the queue's leads on duty, every lead of the queue when
nobody is; shifts end by themselves; only a queue's leads take its duty; the triage page's roster box."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from agents.models import AuditEntry, Role
from escalation.alerts import LEAD_ALERT, LEVEL_ALERT
from escalation.duty import duty_end, duty_start, first_level_leads, on_duty_leads
from escalation.duty_models import LeadDuty
from escalation.levels import escalations_advance
from escalation.models import EntryKind, Escalation
from escalation.services import escalation_acknowledge, escalation_raise
from tests.conftest import _staff
from tickets.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def lena(queue_a):
    """A second lead of queue A (carol leads A and B, lou leads B only)."""
    return _staff("lena", "Lena Realname", Role.LEAD, "Quiet Harbour", [queue_a])


def alerted_at_raise(escalation: Escalation) -> set[str]:
    rows = Notification.objects.filter(kind=LEAD_ALERT, about_id=escalation.pk)
    return {row.recipient.username for row in rows}


def told_by_steps(kind=EntryKind.ESCALATED) -> list[tuple[int, set[str]]]:
    out = []
    for entry in Escalation.objects.get().entries.filter(kind=kind).order_by("pk"):
        rows = Notification.objects.filter(kind=LEVEL_ALERT, about_id=entry.pk)
        out.append((entry.data["level"], {row.recipient.username for row in rows}))
    return out


def test_level_one_tells_only_the_leads_on_duty(clock, carol, lena, queue_a, dave_ticket):
    duty_start(lead=lena, queue=queue_a, hours=8)
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    assert escalation.policy["levels"] == ["on_duty_leads", "queue_leads", "admins"]
    assert alerted_at_raise(escalation) == {"lena"}
    assert escalation.entries.get(kind=EntryKind.ALERTED).data == {"emails": 1}


def test_nobody_on_duty_falls_back_to_every_lead_of_the_queue(clock, carol, lena, lou, queue_b, dave_ticket):
    duty_start(lead=lou, queue=queue_b, hours=8)  # on duty for B: the ticket is in A
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    assert alerted_at_raise(escalation) == {"carol", "lena"}


def test_the_roster_is_read_once_when_someone_is_on_duty(clock, carol, lena, queue_a, django_assert_num_queries):
    duty_start(lead=lena, queue=queue_a, hours=2)
    with django_assert_num_queries(2):  # the leads with their shifts, then those on duty (not "is anyone?")
        assert [u.username for u in first_level_leads(queue_a)] == ["lena"]


@override_settings(TACT_ESCALATION={"LEVELS": ["queue_leads", "admins"]})
def test_the_raise_tells_level_one_of_the_policy_whatever_it_is(clock, carol, lena, lou, adam, dave_ticket):
    duty_start(lead=lena, queue=dave_ticket.queue, hours=8)
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    assert alerted_at_raise(escalation) == {"carol", "lena"}  # every lead of the queue, on duty or not


def test_with_nobody_on_duty_level_two_tells_the_leads_level_one_told_again(clock, carol, lena, lou, adam,
                                                                            dave_ticket):
    """Level 1 with nobody on duty already told every lead of the queue, and so does level 2: it is not passed
    over but tells them again a level timeout later (a reminder), so the administrators are told at level 3 as
    the policy says, whoever was on duty."""
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    assert alerted_at_raise(escalation) == {"carol", "lena"}
    assert escalations_advance(now=clock.at(minutes=5)) == 1
    assert escalations_advance(now=clock.at(minutes=9, seconds=59)) == 0
    assert escalations_advance(now=clock.at(minutes=10)) == 1
    assert told_by_steps() == [(2, {"carol", "lena"}), (3, {"adam"})]  # never lou: he does not lead queue A


def test_a_shift_ends_by_itself(clock, carol, lena, queue_a):
    duty_start(lead=lena, queue=queue_a, hours=2)
    assert {u.username for u in first_level_leads(queue_a)} == {"lena"}
    clock.advance(hours=1, minutes=59)
    assert {u.username for u in on_duty_leads(queue_a)} == {"lena"}
    clock.advance(minutes=1)
    assert not on_duty_leads(queue_a).exists()
    assert {u.username for u in first_level_leads(queue_a)} == {"carol", "lena"}


def test_going_off_duty_ends_the_shift_now_and_is_audited(clock, carol, lena, queue_a):
    duty_start(lead=lena, queue=queue_a, hours=8)
    clock.advance(hours=1)
    assert duty_end(lead=lena, queue=queue_a) is True
    assert LeadDuty.objects.get(lead=lena).until == clock.now
    assert duty_end(lead=lena, queue=queue_a) is False  # not on duty: nothing changes, nothing recorded
    assert list(AuditEntry.objects.filter(actor=lena).order_by("pk").values_list("action", flat=True)) == [
        "lead_duty.start",
        "lead_duty.end",
    ]
    # On duty again later: the same row, a new shift.
    duty_start(lead=lena, queue=queue_a, hours=3)
    duty = LeadDuty.objects.get(lead=lena)
    assert (duty.since, duty.until) == (clock.now, clock.now + timedelta(hours=3))


def test_only_a_queues_own_leads_take_its_duty(clock, lou, alice, carol, queue_a):
    with pytest.raises(PermissionDenied):
        duty_start(lead=lou, queue=queue_a)  # a lead, but of queue B only
    with pytest.raises(PermissionDenied):
        duty_start(lead=alice, queue=queue_a)  # a member of A, but an agent
    for hours in (0, 25):
        with pytest.raises(ValidationError):
            duty_start(lead=carol, queue=queue_a, hours=hours)
    assert not LeadDuty.objects.exists()


def test_levels_run_on_duty_then_the_queues_leads_then_admins_and_back_to_on_duty(
    clock, carol, lena, lou, adam, queue_a, dave_ticket
):
    duty_start(lead=lena, queue=queue_a, hours=8)
    raised = escalation_raise(ticket=dave_ticket, category="self_harm")  # levels every 5 minutes
    for minutes in (5, 10, 15):
        clock.advance(minutes=5)
        assert escalations_advance(now=clock.now) == 1, minutes
    assert told_by_steps() == [(2, {"carol", "lena"}), (3, {"adam"}), (1, {"lena"})]  # lou leads only B
    escalation_acknowledge(escalation=Escalation.objects.get(pk=raised.pk), lead=carol)
    duty_end(lead=lena, queue=queue_a)
    clock.advance(minutes=31)  # the acknowledgement timeout: re-trigger to level 1, nobody on duty now
    escalations_advance(now=clock.now)
    escalations_advance(now=clock.now)
    assert told_by_steps(EntryKind.RETRIGGERED) == [(1, {"carol", "lena"})]


@override_settings(TACT_ESCALATION={"LEVELS": ["queue_leads", "all_leads", "admins"]})
def test_a_policy_with_queue_leads_tells_every_lead_whoever_is_on_duty(clock, carol, lena, queue_a, dave_ticket):
    duty_start(lead=lena, queue=queue_a, hours=8)
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    assert alerted_at_raise(escalation) == {"carol", "lena"}


def test_the_triage_page_shows_the_roster_and_a_lead_goes_on_and_off_duty(client, clock, carol, lena, queue_a):
    client.force_login(carol)
    page = client.get(reverse("leads:dashboard")).content.decode()
    assert '<h2 id="duty-heading">On duty</h2>' in page and "<strong>Billing</strong>" in page
    assert "nobody on duty: alerts go to every lead of the queue" in page
    response = client.post(reverse("leads:duty"), {"queue": queue_a.pk, "action": "on", "hours": "4"})
    assert response.status_code == 302
    assert LeadDuty.objects.get(lead=carol, queue=queue_a).until == clock.now + timedelta(hours=4)
    page = client.get(reverse("leads:dashboard")).content.decode()
    assert "you are on duty until Mon 13:00" in page and "on duty now: North Star" in page
    client.post(reverse("leads:duty"), {"queue": queue_a.pk, "action": "off"})
    assert not on_duty_leads(queue_a).exists()


def test_a_bad_shift_length_is_a_form_error_that_keeps_what_was_typed(client, clock, carol, queue_a):
    client.force_login(carol)
    response = client.post(reverse("leads:duty"), {"queue": queue_a.pk, "action": "on", "hours": "30"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page and "less than or equal to 24" in page
    assert 'value="30"' in page
    assert not LeadDuty.objects.exists()


def test_duty_for_a_queue_you_do_not_lead_is_a_404(client, clock, lou, alice, queue_a):
    client.force_login(lou)
    assert client.post(reverse("leads:duty"), {"queue": queue_a.pk, "action": "on"}).status_code == 404
    client.force_login(alice)
    assert client.post(reverse("leads:duty"), {"queue": queue_a.pk, "action": "on"}).status_code == 404
    assert not LeadDuty.objects.exists()
