"""The queues' weekly duty schedules on a frozen clock: shifts by weekday and time in the desk's zone, across
midnight and the DST changes; level 1 follows them; only a queue's own leads and the admins keep them."""

from datetime import UTC, datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from agents.identity import TEAM_NAME_FALLBACK
from agents.models import AuditEntry, Role
from escalation.duty import duty_roster, duty_start, first_level_leads, on_duty, on_duty_leads
from escalation.duty_models import DutyShift
from escalation.levels import escalations_advance
from escalation.schedule import duty_shift_remove, duty_shifts_add
from escalation.services import escalation_acknowledge, escalation_raise
from tests.conftest import _staff
from tests.escalation.test_duty import alerted_at_raise, told_by_steps

pytestmark = pytest.mark.django_db

MON, TUE, SAT, SUN = 0, 1, 5, 6


@pytest.fixture
def lena(queue_a):
    return _staff("lena", "Lena Realname", Role.LEAD, "Quiet Harbour", [queue_a])


def shift(queue, lead, days, start, end, actor=None):
    return duty_shifts_add(actor=actor or lead, queue=queue, lead=lead, weekdays=days,
                           start=time.fromisoformat(start), end=time.fromisoformat(end))


def on_duty_at(clock, when: datetime, queue) -> set[str]:
    clock.now = when
    return {u.username for u in on_duty_leads(queue)}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_shift_is_on_from_its_start_to_its_end_on_its_days_only(clock, carol, lena, queue_a):
    shift(queue_a, lena, [MON], "09:00", "17:00")  # the clock starts on Monday 2 March 2026, 09:00 UTC
    assert on_duty_at(clock, utc(2026, 3, 2, 8, 59), queue_a) == set()
    assert on_duty_at(clock, utc(2026, 3, 2, 9, 0), queue_a) == {"lena"}
    assert on_duty_at(clock, utc(2026, 3, 2, 16, 59), queue_a) == {"lena"}
    assert on_duty_at(clock, utc(2026, 3, 2, 17, 0), queue_a) == set()
    assert on_duty_at(clock, utc(2026, 3, 3, 10, 0), queue_a) == set()  # Tuesday
    assert on_duty_at(clock, utc(2026, 3, 9, 10, 0), queue_a) == {"lena"}  # the Monday after


def test_an_overnight_shift_crosses_midnight_and_the_week(clock, carol, lena, queue_a):
    shift(queue_a, lena, [MON], "22:00", "06:00")
    shift(queue_a, carol, [SUN], "20:00", "02:00")
    assert on_duty_at(clock, utc(2026, 3, 2, 21, 59), queue_a) == set()
    assert on_duty_at(clock, utc(2026, 3, 2, 23, 30), queue_a) == {"lena"}
    assert on_duty_at(clock, utc(2026, 3, 3, 5, 59), queue_a) == {"lena"}  # Tuesday morning
    assert on_duty_at(clock, utc(2026, 3, 3, 6, 0), queue_a) == set()
    assert on_duty_at(clock, utc(2026, 3, 1, 23, 0), queue_a) == {"carol"}  # Sunday night
    assert on_duty_at(clock, utc(2026, 3, 2, 1, 59), queue_a) == {"carol"}  # into Monday, the next week
    assert on_duty_at(clock, utc(2026, 3, 2, 2, 0), queue_a) == set()


def test_the_whole_day_is_midnight_to_midnight(clock, carol, lena, queue_a):
    shift(queue_a, lena, [SAT], "00:00", "00:00")
    assert on_duty_at(clock, utc(2026, 3, 7, 0, 0), queue_a) == {"lena"}
    assert on_duty_at(clock, utc(2026, 3, 7, 23, 59), queue_a) == {"lena"}
    assert on_duty_at(clock, utc(2026, 3, 8, 0, 0), queue_a) == set()


@override_settings(TIME_ZONE="Europe/Berlin")
def test_shifts_keep_the_office_clock_across_the_dst_changes(clock, carol, lena, queue_a):
    shift(queue_a, lena, [SAT], "22:00", "06:00")
    shift(queue_a, carol, [MON], "09:00", "10:00")
    # Winter: 09:00 in Berlin is 08:00 UTC; summer (from Sunday 29 March): 07:00 UTC.
    assert on_duty_at(clock, utc(2026, 3, 23, 8, 0), queue_a) == {"carol"}
    assert on_duty_at(clock, utc(2026, 3, 30, 7, 0), queue_a) == {"carol"}
    assert on_duty_at(clock, utc(2026, 3, 30, 8, 0), queue_a) == set()
    # The night the clocks go forward: 22:00 CET to 06:00 CEST, 7 hours.
    assert on_duty_at(clock, utc(2026, 3, 28, 20, 59), queue_a) == set()
    assert on_duty_at(clock, utc(2026, 3, 28, 21, 0), queue_a) == {"lena"}
    assert on_duty_at(clock, utc(2026, 3, 29, 3, 59), queue_a) == {"lena"}
    assert on_duty_at(clock, utc(2026, 3, 29, 4, 0), queue_a) == set()
    # The night they go back: 22:00 CEST to 06:00 CET, 9 hours.
    assert on_duty_at(clock, utc(2026, 10, 24, 20, 0), queue_a) == {"lena"}
    assert on_duty_at(clock, utc(2026, 10, 25, 4, 59), queue_a) == {"lena"}
    assert on_duty_at(clock, utc(2026, 10, 25, 5, 0), queue_a) == set()


@override_settings(TIME_ZONE="Europe/Berlin")
def test_a_shift_ending_in_the_repeated_hour_ends_once(clock, carol, lena, queue_a):
    shift(queue_a, lena, [SUN], "00:00", "02:30")
    assert on_duty_at(clock, utc(2026, 10, 25, 0, 29), queue_a) == {"lena"}  # 02:29 CEST
    assert on_duty_at(clock, utc(2026, 10, 25, 0, 30), queue_a) == set()  # 02:30 CEST: over
    assert on_duty_at(clock, utc(2026, 10, 25, 1, 10), queue_a) == set()  # 02:10 CET, the second pass: still over


@override_settings(TIME_ZONE="Europe/Berlin")
def test_a_start_the_clocks_skip_is_read_as_that_much_after_the_change(clock, carol, lena, queue_a):
    shift(queue_a, lena, [SUN], "02:30", "04:00")  # 29 March 2026: 02:00 CET jumps to 03:00 CEST
    assert on_duty_at(clock, utc(2026, 3, 29, 1, 0), queue_a) == set()  # 03:00 CEST
    assert on_duty_at(clock, utc(2026, 3, 29, 1, 30), queue_a) == {"lena"}  # 03:30 CEST
    assert on_duty_at(clock, utc(2026, 3, 29, 2, 0), queue_a) == set()  # 04:00 CEST
    assert on_duty_at(clock, utc(2026, 4, 5, 0, 30), queue_a) == {"lena"}  # a week on: 02:30 CEST


def test_a_shift_counts_for_its_own_queue_and_only_for_active_leads_in_it(clock, carol, lena, lou, queue_a, queue_b):
    shift(queue_b, carol, [MON], "08:00", "18:00")
    shift(queue_a, lena, [MON], "08:00", "18:00")
    assert {u.username for u in on_duty_leads(queue_a)} == {"lena"}
    assert {u.username for u in on_duty_leads(queue_b)} == {"carol"}
    queue_a.members.remove(lena)  # left the queue: the row stays, it no longer counts
    assert not on_duty_leads(queue_a).exists()
    queue_a.members.add(lena)
    lena.is_active = False  # offboarded
    lena.save()
    assert not on_duty_leads(queue_a).exists()
    assert {u.username for u in first_level_leads(queue_a)} == {"carol"}  # every active lead of A


def test_on_duty_is_the_schedule_or_a_shift_by_hand(clock, carol, lena, queue_a, django_assert_num_queries):
    shift(queue_a, lena, [MON], "08:00", "18:00")
    for day in range(7):
        shift(queue_a, carol, [day], "19:00", "23:00")
    duty_start(lead=carol, queue=queue_a, hours=2)
    with django_assert_num_queries(2):  # the leads with their shifts of yesterday and today, then those on duty
        assert {u.username for u in first_level_leads(queue_a)} == {"carol", "lena"}


def test_level_one_follows_the_schedule_at_raise_and_on_retrigger(clock, carol, lena, lou, queue_a, dave_ticket):
    shift(queue_a, lena, [MON], "09:00", "17:00")
    shift(queue_a, carol, [MON], "17:00", "23:00")
    clock.now = utc(2026, 3, 2, 16, 45)
    escalation = escalation_raise(ticket=dave_ticket, category="self_harm")
    assert alerted_at_raise(escalation) == {"lena"}
    escalation_acknowledge(escalation=escalation, lead=lena)
    clock.now = utc(2026, 3, 2, 17, 16)  # the acknowledgement timeout (30 min) passed: carol's shift now
    escalations_advance(now=clock.now)
    escalations_advance(now=clock.now)
    assert told_by_steps(kind="retriggered") == [(1, {"carol"})]
    clock.now = utc(2026, 3, 2, 23, 30)  # nobody on the schedule: every lead of the queue
    assert alerted_at_raise(escalation_raise(ticket=dave_ticket, category="press_media")) == {"carol", "lena"}


def test_only_the_queues_own_leads_and_admins_keep_its_schedule(clock, carol, lena, lou, alice, adam, queue_a):
    with pytest.raises(PermissionDenied):
        shift(queue_a, lena, [MON], "09:00", "17:00", actor=lou)  # a lead of queue B only
    with pytest.raises(PermissionDenied):
        shift(queue_a, lena, [MON], "09:00", "17:00", actor=alice)  # an agent of queue A
    with pytest.raises(ValidationError):
        shift(queue_a, lou, [MON], "09:00", "17:00", actor=carol)  # lou does not lead queue A
    with pytest.raises(ValidationError):
        shift(queue_a, alice, [MON], "09:00", "17:00", actor=carol)  # an agent cannot be on duty
    (row,) = shift(queue_a, lena, [MON], "09:00", "17:00", actor=adam)
    with pytest.raises(ValidationError):
        shift(queue_a, lena, [MON, TUE], "09:00", "12:00", actor=carol)  # Monday 09:00 is taken
    with pytest.raises(PermissionDenied):
        duty_shift_remove(actor=lou, shift=row)
    duty_shift_remove(actor=carol, shift=row)
    assert not DutyShift.objects.exists()
    assert list(AuditEntry.objects.filter(action__startswith="lead_duty.").order_by("pk").values_list(
        "actor__username", "action")) == [("adam", "lead_duty.shift_add"), ("carol", "lead_duty.shift_remove")]


def test_a_lead_adds_shifts_on_the_schedule_page(client, clock, carol, lena, queue_a):
    client.force_login(carol)
    url = reverse("leads:schedule", args=[queue_a.slug])
    page = client.get(url).content.decode()
    assert "Duty schedule: Billing" in page and "Quiet Harbour" in page and "Lena" not in page
    response = client.post(url, {"lead": lena.pk, "weekdays": ["0", "2", "4"], "start": "22:00", "end": "06:00"})
    assert response.status_code == 302
    assert sorted(DutyShift.objects.values_list("weekday", "start", "end")) == [
        (day, time(22), time(6)) for day in (0, 2, 4)]
    page = client.get(url).content.decode()
    assert "3 shifts added." in page and page.count("(next day)") == 3
    assert AuditEntry.objects.get(action="lead_duty.shift_add").data["weekdays"] == [0, 2, 4]
    shift_id = DutyShift.objects.get(weekday=2).pk
    assert client.post(reverse("leads:shift_remove", args=[queue_a.slug, shift_id])).status_code == 302
    assert DutyShift.objects.count() == 2


def test_a_lead_without_a_persona_has_the_teams_name_on_the_picker_the_schedule_and_the_roster(
        client, clock, carol, lena, queue_a):
    lena.staff.persona.delete()
    shift(queue_a, lena, [MON], "09:00", "17:00")
    clock.now = utc(2026, 3, 2, 10, 0)  # a Monday
    client.force_login(carol)
    page = client.get(reverse("leads:schedule", args=[queue_a.slug])).content.decode()
    assert f'<option value="{lena.pk}">{TEAM_NAME_FALLBACK}</option>' in page
    assert f"<td>{TEAM_NAME_FALLBACK}</td>" in page and "Team member" not in page and "Lena" not in page
    assert duty_roster(carol)[0]["names"] == [TEAM_NAME_FALLBACK]


def test_a_lead_who_left_the_queue_keeps_their_shifts_shown_as_not_counting(client, clock, carol, lena, queue_a):
    shift(queue_a, lena, [MON], "09:00", "17:00")
    shift(queue_a, carol, [TUE], "09:00", "17:00")
    queue_a.members.remove(lena)
    client.force_login(carol)
    page = client.get(reverse("leads:schedule", args=[queue_a.slug])).content.decode()
    assert page.count("no longer an active lead of this queue") == 1
    assert "<td>Quiet Harbour · no longer an active lead" in page and f'<option value="{lena.pk}"' not in page


def test_bad_shifts_are_form_errors_not_500s(client, clock, carol, lena, lou, queue_a):
    client.force_login(carol)
    url = reverse("leads:schedule", args=[queue_a.slug])
    response = client.post(url, {"lead": lena.pk, "start": "25:00", "end": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count('role="alert"') >= 3 and "Enter a valid time." in page
    response = client.post(url, {"lead": lou.pk, "weekdays": ["0"], "start": "09:00", "end": "17:00"})
    assert response.status_code == 400  # lou does not lead this queue: not offered
    client.post(url, {"lead": lena.pk, "weekdays": ["0"], "start": "09:00", "end": "17:00"})
    response = client.post(url, {"lead": lena.pk, "weekdays": ["0"], "start": "09:00", "end": "12:00"})
    assert response.status_code == 400 and "already has a shift starting then" in response.content.decode()
    assert DutyShift.objects.count() == 1


def test_other_queues_schedules_are_404(client, clock, carol, lou, alice, adam, queue_a, queue_b):
    shift_row = shift(queue_a, carol, [MON], "09:00", "17:00")[0]
    url = reverse("leads:schedule", args=[queue_a.slug])
    for outsider in (lou, alice):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        form = {"lead": carol.pk, "weekdays": ["1"], "start": "09:00", "end": "17:00"}
        assert client.post(url, form).status_code == 404
        assert client.post(reverse("leads:shift_remove", args=[queue_a.slug, shift_row.pk])).status_code == 404
    client.force_login(lou)  # a shift of queue A addressed through lou's own queue: not found there
    response = client.post(reverse("leads:shift_remove", args=[queue_b.slug, shift_row.pk]), follow=True)
    assert "That shift is no longer on the schedule." in response.content.decode()
    assert DutyShift.objects.count() == 1
    client.force_login(alice)
    assert client.get(reverse("leads:schedules")).status_code == 404
    client.force_login(adam)
    assert client.get(url).status_code == 200
    assert "Billing" in client.get(reverse("leads:schedules")).content.decode()


def test_the_triage_page_shows_who_is_on_duty_now_and_the_next_shift(client, clock, carol, lena, queue_a, queue_b):
    shift(queue_a, lena, [MON], "08:00", "10:00")
    shift(queue_a, carol, [TUE], "22:00", "06:00")
    client.force_login(carol)
    page = client.get(reverse("leads:dashboard")).content.decode()
    billing = page[page.index("<strong>Billing</strong>"):page.index("<strong>Technical</strong>")]
    assert "on duty now: Quiet Harbour" in billing and "next shift: North Star from Tue 22:00" in billing
    assert reverse("leads:schedule", args=[queue_a.slug]) in billing
    technical = page[page.index("<strong>Technical</strong>"):]
    assert "nobody on duty: alerts go to every lead of the queue" in technical and "no shift scheduled" in technical


def test_the_roster_and_the_schedule_page_cost_the_same_at_any_size(
        client, clock, carol, lena, queue_a, queue_b, django_assert_num_queries):
    def grow():
        for start in ("06:00", "12:00", "18:00"):
            shift(queue_a, lena, list(range(7)), start, "05:00")
            shift(queue_b, carol, list(range(7)), start, "05:00")
        duty_start(lead=carol, queue=queue_a, hours=2)

    client.force_login(carol)
    url = reverse("leads:schedule", args=[queue_a.slug])
    with django_assert_num_queries(1):  # the queues with their active leads, shifts by hand and weekly shifts
        small = duty_roster(carol)
    # Session, viewer (with its second factor, profile and elevations), queue, the leads' names (also who is
    # active), the header's two counts (held replies; open escalations with those closed over the viewer's claim),
    # the leads offered, the shifts with their leads' aliases.
    with django_assert_num_queries(11):
        client.get(url)
    grow()
    with django_assert_num_queries(1):
        large = duty_roster(carol)
    assert [row["on_duty"] for row in small] == [0, 0] and large[0]["names"] == ["North Star", "Quiet Harbour"]
    with django_assert_num_queries(11):  # the same for 21 shifts: no query per row
        assert client.get(url).content.decode().count("Remove") == 21


def test_level_one_and_the_triage_roster_agree_on_who_is_on_duty(clock, carol, lena, queue_a):
    gus = _staff("gus", "Gus Realname", Role.LEAD, "Far Lantern", [queue_a])
    shift(queue_a, lena, [MON], "22:00", "06:00")  # into Tuesday
    shift(queue_a, carol, [TUE], "05:00", "09:00")
    shift(queue_a, gus, [MON, TUE], "00:00", "00:00")
    gus.is_active = False  # offboarded: his shifts stay, he is on duty for nobody
    gus.save()
    duty_start(lead=carol, queue=queue_a, hours=2)  # Monday 09:00 to 11:00 UTC
    personas = {"carol": "North Star", "lena": "Quiet Harbour"}
    expected = {utc(2026, 3, 2, 10, 59): ["North Star"], utc(2026, 3, 2, 11, 0): [],
                utc(2026, 3, 2, 22, 0): ["Quiet Harbour"], utc(2026, 3, 3, 0, 0): ["Quiet Harbour"],
                utc(2026, 3, 3, 5, 0): ["North Star", "Quiet Harbour"], utc(2026, 3, 3, 6, 0): ["North Star"],
                utc(2026, 3, 3, 9, 0): []}
    for when, names in expected.items():
        clock.now = when
        level_one = sorted(personas[user.username] for user in on_duty_leads(queue_a))
        (billing,) = [row for row in duty_roster(carol) if row["queue"] == queue_a]
        assert billing["names"] == level_one == names, when


def test_on_duty_is_a_rule_over_fetched_rows():
    now = utc(2026, 3, 3, 1, 0)  # Tuesday 01:00 in the desk's zone (UTC here)

    def row(queue_id, lead_id, *, since=None, weekday=None, start=None, end=None):
        until = since and since + timedelta(hours=2)
        return SimpleNamespace(queue_id=queue_id, lead_id=lead_id, since=since, until=until, weekday=weekday,
                               start=start and time.fromisoformat(start), end=end and time.fromisoformat(end))

    rows = [row(1, 10, weekday=MON, start="22:00", end="06:00"),  # Monday night, still on
            row(1, 11, weekday=MON, start="09:00", end="17:00"),
            row(1, 12, since=now - timedelta(hours=1)), row(1, 13, since=now - timedelta(hours=2)),  # ended
            row(2, 14, weekday=TUE, start="01:00", end="01:30"), row(2, 15)]
    assert on_duty(rows, now) == {(1, 10), (1, 12), (2, 14)}
