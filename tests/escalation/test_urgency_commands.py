"""manage.py classify_messages (the interface outside evaluations call) and export_urgency_labels."""
import io
import json

import pytest
from django.core.management import call_command

from escalation.models import DismissalReason, Escalation, Outcome, Status
from escalation.services import escalation_raise
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def run(lines: list[str]) -> tuple[list[dict], str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("classify_messages", stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_the_output_format_is_exact():
    text = "I want to kill myself."
    rows, _ = run([
        json.dumps({"id": 7, "text": text, "channel": "portal"}),
        json.dumps({"id": "b", "text": "Thanks, all sorted!", "channel": "email"}),
    ])
    assert rows[1] == {"id": "b", "categories": []}
    assert list(rows[0]) == ["id", "categories"]
    (found,) = rows[0]["categories"]
    assert list(found) == ["category", "score", "spans"]
    assert found["category"] == "self_harm" and 0 < found["score"] <= 1
    assert [text[s:e] for s, e in found["spans"]] == ["kill myself"]


def test_bad_lines_are_reported_and_the_run_goes_on():
    rows, err = run([
        "{not json",
        json.dumps({"id": 1, "text": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "no id here"}),
        json.dumps({"id": 2, "text": "I'll see you in court.", "channel": ["social"]}),
        "",
        json.dumps({"id": 3, "text": "I'll see you in court."}),
    ])
    assert rows[0] == {"id": 1, "error": '"text" must be a string'}
    assert rows[1]["id"] == 2 and "channel" in rows[1]["error"]
    court = "I'll see you in court.".index("see you in court")
    assert rows[2] == {"id": 3, "categories": [{"category": "legal_regulatory", "score": 0.9,
                                                "spans": [[court, court + len("see you in court")]]}]}
    assert len(rows) == 3  # lines without an id are only reported
    assert "line 1: not valid JSON" in err
    assert 'line 2: id 1: "text" must be a string' in err
    assert "line 3: a line must be a JSON object" in err
    assert 'line 4: no "id"' in err
    assert "1 messages in" in err and "5 lines with errors" in err


def test_rules_leads_added_are_used_unless_defaults_are_asked_for(carol):
    from escalation.urgency_rules import urgency_rule_add

    urgency_rule_add(lead=carol, category="press_media", kind="trigger", pattern="parish bulletin", strength="strong")
    line = json.dumps({"id": 1, "text": "It will be in the parish bulletin."})
    rows, _ = run([line])
    assert rows[0]["categories"][0]["category"] == "press_media"
    out = io.StringIO()
    call_command("classify_messages", "--defaults", stdin=io.StringIO(line), stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["categories"] == []


def test_export_writes_confirmed_and_dismissed_detections_as_labels(dave_ticket, carol):
    from escalation import services

    confirmed = MessageFactory(ticket=dave_ticket, body="My lawyer will call you.")
    wrong = MessageFactory(ticket=dave_ticket, body="I'd kill for a dark mode, seriously.")
    pending = MessageFactory(ticket=dave_ticket, body="I'm a journalist.")
    detection = {"category": "legal_regulatory", "score": 0.9, "spans": [[0, 9]], "triggers": ["My lawyer"]}
    first = escalation_raise(ticket=dave_ticket, category="legal_regulatory", message=confirmed, detection=detection)
    services.escalation_resolve(escalation=first, lead=carol, outcome=Outcome.HANDED_TO_LEGAL, note="")
    second = escalation_raise(ticket=dave_ticket, category="threat_violence", message=wrong,
                              detection={**detection, "category": "threat_violence"})
    services.escalation_dismiss(escalation=second, lead=carol, reason=DismissalReason.HARMLESS_SENSE, note="")
    escalation_raise(ticket=dave_ticket, category="press_media", message=pending, detection=detection)
    assert Escalation.objects.filter(status=Status.OPEN).count() == 1
    out = io.StringIO()
    call_command("export_urgency_labels", stdout=out, stderr=io.StringIO())
    rows = {row["text"]: row for row in map(json.loads, out.getvalue().splitlines())}
    assert set(rows) == {confirmed.body, wrong.body}
    assert rows[confirmed.body]["categories"] == ["legal_regulatory"]
    assert rows[wrong.body]["categories"] == [] and rows[wrong.body]["dismissed"] == ["threat_violence"]
    assert rows[wrong.body]["detected"] == ["threat_violence"] and rows[wrong.body]["channel"] == dave_ticket.channel


def test_export_labels_a_dismissed_call_summary_as_a_phone_message(dave_ticket, carol, alice):
    from datetime import timedelta

    from django.utils import timezone

    from escalation import services
    from tickets.services import call_log

    confirmed = MessageFactory(ticket=dave_ticket, body="My lawyer will call you.")
    detection = {"category": "legal_regulatory", "score": 0.9, "spans": [[0, 9]], "triggers": ["My lawyer"]}
    first = escalation_raise(ticket=dave_ticket, category="legal_regulatory", message=confirmed, detection=detection)
    services.escalation_resolve(escalation=first, lead=carol, outcome=Outcome.HANDED_TO_LEGAL, note="")
    call = call_log(customer=dave_ticket.customer, agent=alice, at=timezone.now() - timedelta(minutes=5),
                    duration_s=60, summary="He'd kill for a dark mode.", ticket=dave_ticket)
    raised = escalation_raise(ticket=dave_ticket, category="threat_violence", call=call,
                              detection={**detection, "category": "threat_violence"})
    services.escalation_dismiss(escalation=raised, lead=carol, reason=DismissalReason.HARMLESS_SENSE, note="")
    out = io.StringIO()
    call_command("export_urgency_labels", stdout=out, stderr=io.StringIO())
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [row["id"] for row in rows] == [f"message-{confirmed.pk}", f"call-{call.pk}"]
    assert rows[1]["text"] == call.summary and rows[1]["channel"] == "phone"
    assert rows[1]["dismissed"] == ["threat_violence"] and rows[1]["categories"] == []
