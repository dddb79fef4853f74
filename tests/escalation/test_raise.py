"""escalation_raise: one active escalation per ticket and category, deadlines from the policy in force."""
import hashlib
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from escalation.models import EntryKind, Escalation, EscalationEntry, Severity, Status
from escalation.services import escalation_raise
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db


def test_detector_raise_keeps_its_explanation_and_the_evidence(raised, dave_message, detection):
    assert raised.status == Status.OPEN
    assert raised.raised_by is None and raised.raised_by_detector
    assert raised.detection == detection
    assert raised.customer == dave_message.ticket.customer
    assert raised.severity == Severity.CRITICAL
    entry = raised.entries.exclude(kind=EntryKind.ALERTED).get()
    assert entry.kind == EntryKind.RAISED
    assert entry.evidence_body == dave_message.body
    assert entry.evidence_sha256 == hashlib.sha256(dave_message.body.encode()).hexdigest()
    assert entry.data == {"detection": detection}


def test_self_harm_must_be_acknowledged_within_five_minutes(raised):
    assert raised.acknowledge_by - raised.raised_at == timedelta(minutes=5)
    assert raised.due_at == raised.acknowledge_by
    assert raised.resolve_by - raised.raised_at == timedelta(hours=1)
    assert raised.policy["acknowledge_within_s"] == 300


def test_the_policy_in_force_when_raised_is_kept(dave_ticket):
    with override_settings(TACT_ESCALATION={"ACKNOWLEDGE_WITHIN_S": {"press_media": 60},
                                            "RESOLVE_WITHIN_S": {"press_media": 600},
                                            "SEVERITY": {"press_media": 1}}):
        escalation = escalation_raise(ticket=dave_ticket, category="press_media")
    escalation.refresh_from_db()
    assert escalation.policy == {
        "version": 2, "acknowledge_within_s": 60, "resolve_within_s": 600, "severity": 1,
        "levels": ["on_duty_leads", "queue_leads", "admins"], "level_timeout_s": 1800, "repeat": 1,
        "ack_timeout_s": 14400,
    }
    assert escalation.acknowledge_by - escalation.raised_at == timedelta(seconds=60)
    assert escalation.severity == Severity.LOW


def test_a_second_raise_joins_the_open_escalation(raised, dave_ticket, alice):
    later = MessageFactory(ticket=dave_ticket, body="I have the pills right here.")
    again = escalation_raise(ticket=dave_ticket, category="self_harm", message=later, raised_by=alice,
                             note="Customer followed up")
    assert again.pk == raised.pk
    assert Escalation.objects.count() == 1
    entries = list(again.entries.exclude(kind=EntryKind.ALERTED).order_by("id"))
    assert [e.kind for e in entries] == [EntryKind.RAISED, EntryKind.RAISED_AGAIN]
    assert entries[1].actor == alice and entries[1].note == "Customer followed up"
    assert entries[1].evidence_body == "I have the pills right here."


def test_the_same_message_raised_twice_by_the_detector_adds_nothing(raised, dave_ticket, dave_message, detection):
    again = escalation_raise(ticket=dave_ticket, category="self_harm", message=dave_message, detection=detection)
    assert again.pk == raised.pk
    assert raised.entries.exclude(kind=EntryKind.ALERTED).count() == 1


def test_another_category_on_the_same_ticket_is_its_own_escalation(raised, dave_ticket):
    other = escalation_raise(ticket=dave_ticket, category="legal_regulatory")
    assert other.pk != raised.pk
    assert Escalation.objects.filter(ticket=dave_ticket).count() == 2


def test_a_closed_escalation_does_not_absorb_a_new_raise(raised, dave_ticket):
    Escalation.objects.filter(pk=raised.pk).update(status=Status.DISMISSED, dismissal_reason="harmless_sense")
    new = escalation_raise(ticket=dave_ticket, category="self_harm")
    assert new.pk != raised.pk and new.status == Status.OPEN


def test_the_database_refuses_two_active_escalations_per_ticket_and_category(raised):
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(ticket=raised.ticket, customer=raised.customer, category="self_harm")


def test_a_racing_first_raise_joins_the_winner(dave_ticket, monkeypatch):
    """The loser of two simultaneous first raises finds no row to lock, fails the constraint, and joins."""
    from escalation import services

    winner = escalation_raise(ticket=dave_ticket, category="threat_violence")
    calls = []
    real = services._active_locked

    def blind_first(ticket, category, call):
        calls.append(1)
        return None if len(calls) == 1 else real(ticket, category, call)

    monkeypatch.setattr(services, "_active_locked", blind_first)
    joined = escalation_raise(ticket=dave_ticket, category="threat_violence", note="me too")
    assert joined.pk == winner.pk
    kinds = [e.kind for e in joined.entries.exclude(kind=EntryKind.ALERTED).order_by("id")]
    assert kinds == [EntryKind.RAISED, EntryKind.RAISED_AGAIN]


def test_a_person_raises_with_a_note(dave_ticket, alice):
    escalation = escalation_raise(ticket=dave_ticket, category="press_media", raised_by=alice,
                                  note="Says she is a reporter at the Gazette")
    assert escalation.raised_by == alice and not escalation.raised_by_detector
    assert escalation.note == "Says she is a reporter at the Gazette"


def test_staff_outside_the_queue_cannot_raise(dave_ticket, bob):
    with pytest.raises(PermissionDenied):
        escalation_raise(ticket=dave_ticket, category="press_media", raised_by=bob)
    assert not Escalation.objects.exists()


def test_a_customer_cannot_raise(dave_ticket, dave):
    with pytest.raises(PermissionDenied):
        escalation_raise(ticket=dave_ticket, category="press_media", raised_by=dave)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"category": "panic"}, "category"),
        ({"category": "self_harm", "note": "x" * 2001}, "note"),
        ({"category": "self_harm", "detection": {"category": "self_harm", "body": "the text"}}, "detection"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(dave_ticket, kwargs, field):
    with pytest.raises(ValidationError) as error:
        escalation_raise(ticket=dave_ticket, **kwargs)
    assert field in error.value.message_dict


def test_a_message_from_another_ticket_is_refused(dave_ticket, erin_ticket):
    stray = MessageFactory(ticket=erin_ticket)
    with pytest.raises(ValidationError) as error:
        escalation_raise(ticket=dave_ticket, category="self_harm", message=stray)
    assert "message" in error.value.message_dict


def test_a_staff_reply_that_caused_it_is_recorded_for_damage_control(dave_ticket, alice, monkeypatch):
    from redaction import doorbell, gate
    from redaction import worker as gate_worker
    from tickets import notifications

    monkeypatch.setattr(doorbell, "enqueue_scan", lambda version_id: True)
    monkeypatch.setattr(notifications, "_enqueue", lambda pk: True)
    version = gate.reply_submit(ticket=dave_ticket, author=alice, body="Calm down, it is only money.")
    gate_worker.reply_scan(version_id=version.pk)
    reply = dave_ticket.messages.get(kind="reply")
    escalation = escalation_raise(ticket=dave_ticket, category="staff_conduct", message=reply, raised_by=alice)
    assert escalation.caused_by_message == reply


def test_the_timeline_is_append_only_in_the_database(raised):
    """Updates are refused on both databases, deletes on PostgreSQL (SQLite's test flush deletes rows)."""
    entry = raised.entries.exclude(kind=EntryKind.ALERTED).get()
    statements = ["UPDATE escalation_escalationentry SET note = 'changed' WHERE id = %s"]
    if settings.IS_POSTGRES:
        statements.append("DELETE FROM escalation_escalationentry WHERE id = %s")
    for sql in statements:
        with pytest.raises(DatabaseError, match="never changed or deleted"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    assert EscalationEntry.objects.get(pk=entry.pk).note == ""


def test_raised_at_is_now(raised):
    assert abs((timezone.now() - raised.raised_at).total_seconds()) < 5
