"""The SLA pages: leads read, administrators change, everyone else is told the page does not exist; forms say
what is wrong and keep what was typed."""
import pytest
from django.urls import reverse

from agents.models import AuditEntry
from tickets.models import Priority
from tickets.sla.models import ANY_PRIORITY, BusinessCalendar, SlaPolicy

pytestmark = pytest.mark.django_db

CALENDAR = {
    "name": "London office", "time_zone": "Europe/London", "monday": "09:00-17:00", "tuesday": "09:00-17:00",
    "wednesday": "09:00-12:00, 13:00-17:00", "thursday": "09:00-17:00", "friday": "09:00-16:00",
    "saturday": "", "sunday": "", "holidays": "2026-12-25 Christmas Day\n2026-12-28",
}


def default_policy() -> SlaPolicy:
    return SlaPolicy.objects.get(queue=None, priority=ANY_PRIORITY, channel="")


@pytest.mark.parametrize("name", ["sla:index", "sla:calendar_new", "sla:policy_new"])
def test_agents_customers_and_auditors_are_told_nothing_is_there(client, alice, dave, audrey, name):
    for person in (alice, dave, audrey):
        client.force_login(person)
        assert client.get(reverse(name)).status_code == 404
        if name != "sla:index":  # the list is GET only (405 for anyone)
            assert client.post(reverse(name), CALENDAR).status_code == 404
    assert BusinessCalendar.objects.count() == 1


def test_signed_out_visitors_go_to_sign_in(client):
    response = client.get(reverse("sla:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_lead_reads_calendars_and_policies_but_cannot_change_them(client, carol):
    client.force_login(carol)
    page = client.get(reverse("sla:index")).content.decode()
    assert "Around the clock (UTC)" in page and "480 min" in page
    assert "<td>Urgent</td>" in page and "<td>Low</td>" in page  # each policy's priority, by name
    assert reverse("sla:calendar_new") not in page and "Edit" not in page
    policy = default_policy()
    assert client.get(reverse("sla:policy_edit", args=[policy.pk])).status_code == 403
    assert client.post(reverse("sla:policy_edit", args=[policy.pk]), {
        "calendar": policy.calendar_id, "priority": 0, "first_response_minutes": 1,
        "next_response_minutes": 1, "resolution_minutes": 1}).status_code == 403
    assert client.post(reverse("sla:calendar_new"), CALENDAR).status_code == 403
    assert client.post(reverse("sla:policy_delete", args=[policy.pk])).status_code == 403
    assert default_policy().first_response_minutes == 480


def test_an_admin_adds_a_calendar_with_hours_and_holidays(client, adam):
    client.force_login(adam)
    response = client.post(reverse("sla:calendar_new"), CALENDAR)
    assert response.status_code == 302
    calendar = BusinessCalendar.objects.get(name="London office")
    assert calendar.time_zone == "Europe/London"
    assert calendar.hours[2] == [[540, 720], [780, 1020]] and calendar.hours[5] == []
    assert [(str(h.date), h.name) for h in calendar.holidays.all()] == [
        ("2026-12-25", "Christmas Day"), ("2026-12-28", "")]
    assert AuditEntry.objects.filter(action="sla.calendar_save", actor=adam).exists()
    page = client.get(reverse("sla:index")).content.decode()
    assert "09:00-12:00, 13:00-17:00" in page and "2026-12-25 Christmas Day" in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("monday", "9-17", "is not a time like 09:00"),
    ("tuesday", "09:00-13:00, 12:00-17:00", "overlap"),
    ("time_zone", "Mars/Olympus", "Select a valid choice"),
    ("holidays", "25/12/2026 Christmas", "Line 1: “25/12/2026” is not a date written YYYY-MM-DD."),
    ("name", "Around the clock (UTC)", "Another calendar has this name."),
])
def test_calendar_form_errors_are_clear_and_keep_what_was_typed(client, adam, field, value, message):
    client.force_login(adam)
    response = client.post(reverse("sla:calendar_new"), {**CALENDAR, field: value})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "09:00-12:00, 13:00-17:00" in page  # the rest of what was typed stays
    assert not BusinessCalendar.objects.filter(name="London office").exists()


def test_a_calendar_closed_every_day_is_refused(client, adam):
    client.force_login(adam)
    closed = {**CALENDAR, **dict.fromkeys(["monday", "tuesday", "wednesday", "thursday", "friday"], "")}
    response = client.post(reverse("sla:calendar_new"), closed)
    assert response.status_code == 400 and "at least one day" in response.content.decode()


def test_an_admin_adds_edits_and_deletes_a_queue_policy(client, adam, queue_a):
    client.force_login(adam)
    calendar = BusinessCalendar.objects.get()
    data = {"queue": queue_a.pk, "priority": Priority.HIGH, "channel": "email", "calendar": calendar.pk,
            "first_response_minutes": 30, "next_response_minutes": 45, "resolution_minutes": 600}
    assert client.post(reverse("sla:policy_new"), data).status_code == 302
    policy = SlaPolicy.objects.get(queue=queue_a)
    assert (policy.priority, policy.channel, policy.first_response_minutes) == (Priority.HIGH, "email", 30)

    duplicate = client.post(reverse("sla:policy_new"), {**data, "first_response_minutes": 35})
    assert duplicate.status_code == 400
    assert "A policy for this queue, priority and channel exists already" in duplicate.content.decode()
    assert 'value="35"' in duplicate.content.decode()  # what was typed comes back

    response = client.post(reverse("sla:policy_edit", args=[policy.pk]), {**data, "first_response_minutes": 0})
    assert response.status_code == 400 and "greater than or equal to 1" in response.content.decode()
    assert client.post(reverse("sla:policy_edit", args=[policy.pk]),
                       {**data, "resolution_minutes": 900}).status_code == 302
    assert SlaPolicy.objects.get(pk=policy.pk).resolution_minutes == 900

    assert client.post(reverse("sla:policy_delete", args=[policy.pk])).status_code == 302
    assert not SlaPolicy.objects.filter(pk=policy.pk).exists()
    assert AuditEntry.objects.filter(action="sla.policy_delete").exists()


def test_the_default_policy_keeps_matching_everything_and_stays(client, adam, queue_a):
    client.force_login(adam)
    policy = default_policy()
    data = {"queue": queue_a.pk, "priority": Priority.LOW, "channel": "email", "calendar": policy.calendar_id,
            "first_response_minutes": 120, "next_response_minutes": 120, "resolution_minutes": 1200}
    assert client.post(reverse("sla:policy_edit", args=[policy.pk]), data).status_code == 302
    policy.refresh_from_db()
    assert (policy.queue_id, policy.priority, policy.channel) == (None, ANY_PRIORITY, "")  # disabled fields
    assert policy.first_response_minutes == 120
    response = client.post(reverse("sla:policy_delete", args=[policy.pk]), follow=True)
    assert "The default policy cannot be deleted" in response.content.decode()
    assert SlaPolicy.objects.filter(pk=policy.pk).exists()
