"""The audit pages: leads and auditors read and filter the trail and export it (the export is recorded);
everyone else finds nothing there."""
import csv
import io
from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from agents.audit import audit_record
from agents.models import AuditEntry
from agents.signin_audit import tried_hash

LIST = reverse("agents:audit")
EXPORT = reverse("agents:audit_export")


@pytest.fixture
def looks(alice, bob, dave_ticket, erin_ticket):
    """alice looked at dave's ticket, bob at erin's; a failed sign-in from nobody, recorded as the trail once did,
    with the name as typed."""
    audit_record(actor=alice, action="customer.view", ticket=dave_ticket, data={"via": "ticket page"})
    audit_record(actor=bob, action="customer.view", ticket=erin_ticket, data={"via": "ticket page"})
    audit_record(actor=None, action="auth.login_failed", data={"username": "mallory"})
    return dave_ticket, erin_ticket


def _rows(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row for row in body.split("<tr>")[1:]]


@pytest.mark.parametrize("who", ["carol", "audrey"])
def test_leads_and_auditors_read_the_trail_by_persona(client, request, who, looks):
    client.force_login(request.getfixturevalue(who))
    html = client.get(LIST).content.decode()
    assert "Audit trail" in html
    assert "Harbor Wren" in html and "Quiet Pine" in html  # aliases, never real names
    assert "Alicia Realname" not in html and "Robert Realname" not in html
    assert "Failed sign-in" in html and "mallory" not in html and tried_hash("mallory") in html
    assert f'href="{LIST}"' in html  # the navigation offers the page


@pytest.mark.parametrize("who", ["carol", "audrey"])
def test_a_failed_sign_in_to_a_staff_account_names_its_persona_not_its_username(client, request, who, alice):
    """Leads and auditors read staff by persona only (docs/personas-and-safety.md). The name tried at a failed
    sign-in is a staff member's username when they mistyped their password; beside their next sign-in from the
    same address it would tell who is behind the persona. The trail shows whose account it was, by persona."""
    client.post(reverse("login"), {"username": "alice", "password": "wrong-secret"}, REMOTE_ADDR="203.0.113.9")
    audit_record(actor=None, action="auth.login_failed", data={"username": "ALICE"})  # recorded as typed, once
    client.post(reverse("login"), {"username": "Mallory Realname", "password": "x"}, REMOTE_ADDR="203.0.113.9")
    client.force_login(request.getfixturevalue(who))
    failed = _rows(client.get(LIST, {"action": "auth.login_failed"}).content.decode())
    assert len(failed) == 3
    assert "Harbor Wren" in failed[2] and "alice" not in failed[2].lower()
    assert "Harbor Wren" in failed[1] and "alice" not in failed[1].lower()
    assert "unknown" in failed[0] and tried_hash("mallory realname") in failed[0] and "Mallory" not in failed[0]
    exported = b"".join(client.get(EXPORT, {"action": "auth.login_failed"}).streaming_content).decode()
    assert exported.count("Harbor Wren") == 2 and "alice" not in exported.lower() and "Mallory" not in exported


@pytest.mark.parametrize("who", ["alice", "cora", "dave"])
def test_everyone_else_gets_a_404(client, request, who, looks):
    client.force_login(request.getfixturevalue(who))
    assert client.get(LIST).status_code == 404
    assert client.get(EXPORT).status_code == 404
    assert not AuditEntry.objects.filter(action="audit.export").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_filters_by_person_customer_action_and_time(client, carol, alice, looks):
    dave_ticket, erin_ticket = looks
    client.force_login(carol)
    by_person = _rows(client.get(LIST, {"person": alice.pk}).content.decode())
    assert by_person and all("Harbor Wren" in row for row in by_person)
    by_customer = _rows(client.get(LIST, {"customer": erin_ticket.customer_id}).content.decode())
    assert len(by_customer) == 1 and "Quiet Pine" in by_customer[0]
    failed = _rows(client.get(LIST, {"action": "auth.login_failed"}).content.decode())
    assert len(failed) == 1 and tried_hash("mallory") in failed[0]
    nobody = _rows(client.get(LIST, {"person": "nobody", "action": "auth.login_failed"}).content.decode())
    assert len(nobody) == 1
    future = (timezone.now() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert "No entries match" in client.get(LIST, {"since": future}).content.decode()


def test_bad_filter_input_is_explained_not_a_500(client, carol, looks):
    client.force_login(carol)
    response = client.get(LIST, {"customer": "abc", "action": "auth.login_failed"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a whole number." in html
    assert len(_rows(html)) == 1  # the valid part of the filter still applies
    response = client.get(LIST, {"since": "2026-01-02T00:00", "until": "2026-01-01T00:00"})
    assert "Choose a time after the start." in response.content.decode()
    assert client.get(EXPORT, {"customer": "abc"}).status_code == 400


def test_pages_go_back_by_id_with_the_filter_kept(client, carol, alice):
    for n in range(55):
        audit_record(actor=alice, action="customer.view", customer=n + 1)
    client.force_login(carol)
    first = client.get(LIST, {"action": "customer.view"}).content.decode()
    assert len(_rows(first)) == 50
    assert "action=customer.view&amp;before=" in first
    oldest_shown = AuditEntry.objects.filter(action="customer.view").order_by("-id")[49].pk
    second = client.get(LIST, {"action": "customer.view", "before": oldest_shown}).content.decode()
    assert len(_rows(second)) == 5
    assert "Older entries" not in second


def test_list_page_has_bounded_queries(client, carol, alice, django_assert_max_num_queries):
    for n in range(30):
        audit_record(actor=alice if n % 2 else carol, action="customer.view", customer=n + 1)
    client.force_login(carol)
    with django_assert_max_num_queries(13):  # incl. session cut-off, device, nav count
        client.get(LIST)


def test_export_is_csv_of_the_filtered_entries_and_is_itself_recorded(client, carol, alice, looks):
    dave_ticket, _ = looks
    client.force_login(carol)
    response = client.get(EXPORT, {"customer": dave_ticket.customer_id}, REMOTE_ADDR="198.51.100.30")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(r["person"], r["action"], r["customer_id"]) for r in rows] == [
        ("Harbor Wren", "customer.view", str(dave_ticket.customer_id))
    ]
    assert rows[0]["data"] == '{"via": "ticket page"}'
    export = AuditEntry.objects.get(action="audit.export")
    assert (export.actor, export.ip) == (carol, "198.51.100.30")
    assert export.data["customer"] == dave_ticket.customer_id


@override_settings(TACT_AUDIT={"UNUSUAL_VIEWS": {"CUSTOMERS": 5, "WINDOW_S": 600}})
def test_one_person_viewing_many_customers_raises_one_alert_per_window(
    client, carol, alice, bob, django_capture_on_commit_callbacks
):
    from agents.audit_alerts import unusual_views_check, unusual_views_found

    heard = []
    unusual_views_found.connect(lambda sender, entry, person, **kw: heard.append(person), weak=False,
                                dispatch_uid="test-heard")
    try:
        for n in range(6):  # six different customers: over the threshold of five
            audit_record(actor=alice, action="customer.view", customer=n + 1)
        for _ in range(10):  # many looks, one customer: not unusual
            audit_record(actor=bob, action="customer.view", customer=1)
        an_hour_ago = timezone.now() - timedelta(hours=1)
        for n in range(10):  # many customers, but before the window
            AuditEntry.objects.create(actor=bob, action="customer.view", customer_id=n + 10, created_at=an_hour_ago)
        with django_capture_on_commit_callbacks(execute=True):
            [alert] = unusual_views_check()
        assert (alert.action, alert.target_id, alert.data["customers"]) == ("audit.unusual_views", str(alice.pk), 6)
        assert heard == [alice]
        audit_record(actor=alice, action="customer.view", customer=50)
        assert unusual_views_check() == []  # already alerted within this window
    finally:
        unusual_views_found.disconnect(dispatch_uid="test-heard")
    client.force_login(carol)
    html = client.get(LIST).content.decode()
    assert "Unusual activity in the last day" in html
    assert "<strong>Harbor Wren</strong> viewed 6 different customers within" in html
    assert f"?person={alice.pk}&amp;action=customer.view" in html


@override_settings(TACT_AUDIT={"UNUSUAL_VIEWS": {"CUSTOMERS": 2, "WINDOW_S": 600}})
def test_leads_of_the_persons_queues_are_emailed_through_the_outbox(
    alice, bob, carol, queue_b, django_capture_on_commit_callbacks, mailoutbox
):
    from agents.audit_alerts import unusual_views_check
    from tickets.models import Notification
    from tickets.notifications import notification_send

    queue_b.members.add(alice)  # in both queues now: carol leads both, and must be told once
    for n in range(3):
        audit_record(actor=alice, action="customer.view", customer=n + 1)
    with django_capture_on_commit_callbacks(execute=True):
        [alert] = unusual_views_check()
    [row] = Notification.objects.filter(kind="audit_unusual_views")
    assert (row.recipient, row.about_id) == (carol, alert.pk)
    notification_send(notification_id=row.pk)
    [mail] = mailoutbox
    assert mail.to == [carol.email]
    assert mail.subject == "[Audit] Harbor Wren viewed 3 customers in 10 minutes"
    assert f"/team/audit/?person={alice.pk}&action=customer.view" in mail.body
    assert "Alicia" not in mail.body and "Realname" not in mail.body


def test_action_labels_follow_the_readers_language(client, carol, looks):
    client.force_login(carol)
    html = client.get(LIST, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Fehlgeschlagene Anmeldung" in html and "Failed sign-in" not in html
    assert "Privaten Kontext eines Kunden angesehen" in html
