from django.core import mail
from django.urls import reverse

from agents.approvals import approval_approve
from agents.models import PendingAction
from escalation.models import EntryKind, Escalation, Status
from escalation.safety import safety_report_file, safety_suspend
from tests.factories import MessageFactory
from tickets.models import Restriction


def _post_report(client, message, **extra):
    data = {
        "customer": message.ticket.customer_id, "message": message.pk, "ticket": message.ticket_id,
        "category": "threatening", "note": "Scary", "next": f"/inbox/t/{message.ticket.reference}/", **extra,
    }
    return client.post(reverse("leads:report_file"), data)


def test_agent_reports_a_message_and_returns_to_the_ticket(client, alice, creepy_message):
    client.force_login(alice)
    response = _post_report(client, creepy_message)
    assert response.status_code == 302 and response.url == f"/inbox/t/{creepy_message.ticket.reference}/"
    report = Escalation.objects.get()
    assert (report.raised_by, report.message, report.harassment_kind) == (alice, creepy_message, "threatening")
    assert report.category == "agent_harassment"


def test_htmx_report_answers_with_a_confirmation(client, alice, creepy_message):
    client.force_login(alice)
    response = client.post(
        reverse("leads:report_file"),
        {"customer": creepy_message.ticket.customer_id, "message": creepy_message.pk, "category": "abusive"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "never learn who reported them" in response.content.decode()
    assert "HX-Refresh" not in response


def test_htmx_hand_back_refreshes_the_page(client, alice, creepy_message):
    client.force_login(alice)
    data = {"customer": creepy_message.ticket.customer_id, "message": creepy_message.pk, "category": "abusive",
            "hand_back": "on"}
    response = client.post(reverse("leads:report_file"), data, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert "back in the queue" in response.content.decode()


def test_missing_category_keeps_the_note(client, alice, creepy_message):
    client.force_login(alice)
    response = _post_report(client, creepy_message, category="", note="He keeps asking my address")
    assert response.status_code == 400
    assert "He keeps asking my address" in response.content.decode()
    assert not Escalation.objects.exists()


def test_message_report_form_is_fetched_for_that_message(client, alice, creepy_message):
    client.force_login(alice)
    url = reverse("leads:report_message", args=[creepy_message.pk])
    html = client.get(url, {"next": "/inbox/t/x/?older=5"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.startswith("<form") and "<html" not in html  # htmx gets the form alone, to put in place
    assert f'name="message" value="{creepy_message.pk}"' in html
    assert f'name="customer" value="{creepy_message.ticket.customer_id}"' in html
    assert 'name="next" value="/inbox/t/x/?older=5"' in html
    assert 'for="category-m' in html and "Hand this ticket back" in html
    page = client.get(url, {"next": "https://evil.example/"}).content.decode()  # without JS: a page
    assert "<html" in page and f'name="message" value="{creepy_message.pk}"' in page
    assert f'name="next" value="/inbox/t/{creepy_message.ticket.reference}/"' in page


def test_message_report_form_is_not_found_outside_the_viewers_tickets_or_for_staff_messages(
    client, alice, bob, creepy_message
):
    client.force_login(bob)
    assert client.get(reverse("leads:report_message", args=[creepy_message.pk])).status_code == 404
    client.force_login(alice)
    note = MessageFactory(ticket=creepy_message.ticket, kind="note")
    assert client.get(reverse("leads:report_message", args=[note.pk])).status_code == 404


def test_agent_of_another_queue_gets_404(client, bob, creepy_message):
    client.force_login(bob)
    assert _post_report(client, creepy_message).status_code == 404
    assert not Escalation.objects.exists()


def test_customer_cannot_file_reports(client, dave, creepy_message):
    client.force_login(dave)
    assert _post_report(client, creepy_message).status_code == 404


def test_offsite_next_is_ignored(client, alice, creepy_message):
    client.force_login(alice)
    response = _post_report(client, creepy_message, next="https://evil.example/")
    assert response.url == f"/inbox/t/{creepy_message.ticket.reference}/"


def _report(alice, message, **kwargs):
    return safety_report_file(reporter=alice, customer=message.ticket.customer, message=message,
                              category=kwargs.pop("category", "abusive"), **kwargs)


def test_reports_reach_the_triage_page_and_their_evidence_the_escalation_page(
    client, carol, alice, creepy_message, django_assert_max_num_queries
):
    report = _report(alice, creepy_message, category="creepy_or_sexual")
    client.force_login(carol)
    with django_assert_max_num_queries(15):
        html = client.get(reverse("leads:dashboard")).content.decode()
    assert "Harassment of an agent" in html and creepy_message.ticket.reference in html
    assert "Harbor Wren" in html and "Alicia" not in html  # reporter shown by persona
    page = client.get(reverse("leads:escalation", args=[report.pk])).content.decode()
    assert "Send me a photo" in page and "Creepy or sexual" in page and "Alicia" not in page


def test_leads_pages_are_for_leads_only(client, alice, dave, creepy_message):
    report = _report(alice, creepy_message)
    for user in (alice, dave):
        client.force_login(user)
        for url in (reverse("leads:dashboard"), reverse("leads:triage_list"), reverse("leads:nav_count"),
                    reverse("leads:escalation", args=[report.pk])):
            assert client.get(url).status_code == 404
    client.logout()
    assert client.get(reverse("leads:dashboard")).status_code == 302


def test_lead_restricts_from_the_escalation_page(client, carol, alice, creepy_message):
    report = _report(alice, creepy_message)
    client.force_login(carol)
    response = client.post(reverse("leads:safety_action", args=[report.pk]), {"kind": "restrict", "note": "Enough"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.ACKNOWLEDGED
    assert report.customer.restriction == Restriction.RESTRICTED
    assert report.entries.get(kind=EntryKind.RESTRICT).note == "Enough"


def test_suspending_from_the_escalation_page_asks_a_second_lead(client, carol, adam, alice, creepy_message):
    report = _report(alice, creepy_message)
    client.force_login(carol)
    url = reverse("leads:safety_action", args=[report.pk])
    response = client.post(url, {"kind": "suspend", "note": "Explicit messages again today."})
    assert response.status_code == 302 and response.url == reverse("agents:approvals")
    report.refresh_from_db()
    assert report.customer.restriction == Restriction.NONE
    client.force_login(adam)
    waiting = client.get(reverse("agents:approvals")).content.decode()
    assert f"Suspend customer {report.customer}" in waiting and "Explicit messages again today." in waiting
    action = PendingAction.objects.get(kind="customer_suspend")
    client.post(reverse("agents:approval_decide", args=[action.pk]), {"decision": "approve"})
    report.refresh_from_db()
    assert report.customer.restriction == Restriction.SUSPENDED
    assert report.entries.get(kind=EntryKind.SUSPEND).actor == carol


def test_suspending_without_a_reason_keeps_the_form(client, carol, alice, creepy_message):
    report = _report(alice, creepy_message)
    client.force_login(carol)
    response = client.post(reverse("leads:safety_action", args=[report.pk]), {"kind": "suspend", "note": ""})
    assert response.status_code == 400 and "Say why" in response.content.decode()


def test_reassign_choices_are_personas_without_the_shielded_reporter(client, carol, alice, cora, creepy_message):
    report = _report(alice, creepy_message, hand_back=True)
    client.force_login(carol)
    html = client.get(reverse("leads:escalation", args=[report.pk])).content.decode()
    assert "Amber Field" in html  # cora, by persona
    assert "Harbor Wren</option>" not in html  # alice is shielded
    assert "Corazon" not in html and "cora</option>" not in html


def test_lead_sends_a_warning_from_the_page(
    client, carol, alice, creepy_message, eager_celery, django_capture_on_commit_callbacks
):
    report = _report(alice, creepy_message)
    client.force_login(carol)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("leads:safety_action", args=[report.pk]), {"kind": "warn", "template": "final"})
    [warning] = [m for m in mail.outbox if m.to == ["dave@mail.example"]]
    assert warning.subject.startswith("Final notice")


def test_bad_safety_action_keeps_the_note(client, carol, alice, creepy_message):
    report = _report(alice, creepy_message)
    client.force_login(carol)
    response = client.post(reverse("leads:safety_action", args=[report.pk]),
                           {"kind": "warn", "template": "nope", "note": "Third time this week"})
    assert response.status_code == 400
    assert "Third time this week" in response.content.decode()


def test_escalation_page_says_when_a_warning_email_did_not_go_out(client, carol, alice, creepy_message):
    from escalation.safety import safety_warn
    from tickets.models import Notification

    report = _report(alice, creepy_message)
    safety_warn(escalation=report, lead=carol, template="conduct")
    client.force_login(carol)
    url = reverse("leads:escalation", args=[report.pk])
    assert "email not sent" not in client.get(url).content.decode()
    Notification.objects.filter(kind="customer_warning").update(state=Notification.State.FAILED)
    assert "email not sent" in client.get(url).content.decode()
    Notification.objects.filter(kind="customer_warning").update(state=Notification.State.UNCONFIRMED)
    assert "email may not have been sent" in client.get(url).content.decode()


def test_agent_cannot_open_or_act_on_a_report(client, alice, creepy_message):
    report = _report(alice, creepy_message)
    client.force_login(alice)
    assert client.get(reverse("leads:escalation", args=[report.pk])).status_code == 404
    assert client.post(reverse("leads:safety_action", args=[report.pk]), {"kind": "suspend"}).status_code == 404
    assert client.post(reverse("leads:move", args=[report.pk, "claim"])).status_code == 404
    assert list(report.entries.exclude(kind=EntryKind.ALERTED).values_list("kind", flat=True)) == [EntryKind.RAISED]


def test_suspended_view_shows_messages_received_while_suspended(client, carol, adam, alice, creepy_message,
                                                              dave_ticket):
    report = _report(alice, creepy_message)
    approval_approve(action=safety_suspend(escalation=report, lead=carol, note="Threats after a warning."),
                     approver=adam)
    MessageFactory(ticket=dave_ticket, body="Why can't I reach anyone?", suspended=True)
    client.force_login(carol)
    html = client.get(reverse("leads:suspended")).content.decode()
    assert "Why can&#x27;t I reach anyone?" in html
    assert "Send me a photo" not in html  # not received while suspended


def test_suspended_view_is_for_leads_only(client, alice):
    client.force_login(alice)
    assert client.get(reverse("leads:suspended")).status_code == 404
