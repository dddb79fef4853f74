"""Intake: every new customer message (and logged call) is rung for classification after commit; the task
classifies it once, raises an escalation per category found, and the sweep rings again for those left unclassified."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from escalation import intake
from escalation.detection import classify
from escalation.models import EntryKind, Escalation, Status
from escalation.tasks import classify_message
from escalation.urgency_models import CallClassification, MessageClassification
from escalation.urgency_rules import urgency_rule_add
from tests.factories import MessageFactory
from tickets.intake import ticket_open
from tickets.models import CallLog, Channel, MessageKind
from tickets.services import call_log, customer_message_add, note_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def rung(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(intake, "enqueue_classification", calls.append)
    return calls


@pytest.fixture
def rung_calls(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(intake, "enqueue_call_classification", calls.append)
    return calls


def _log_call(ticket, agent, summary, logged_at=None) -> CallLog:
    call = call_log(customer=ticket.customer, agent=agent, at=timezone.now() - timedelta(minutes=5),
                    duration_s=300, summary=summary, ticket=ticket)
    if logged_at is not None:
        CallLog.objects.filter(pk=call.pk).update(logged_at=logged_at)
    return call


def test_a_new_customer_message_is_rung_only_after_commit(rung, dave, dave_ticket, alice,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = customer_message_add(ticket=dave_ticket, customer=dave.customer, body="Any news?")
        assert rung == []  # not before the transaction commits
        note_add(ticket=dave_ticket, author=alice, body="Internal: he called too")
    assert rung == [message.pk]  # the internal note is not a customer message


def test_every_intake_path_is_classified(rung, dave, queue_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for channel in (Channel.PORTAL, Channel.EMAIL, Channel.SOCIAL, Channel.FORUM, Channel.PHONE):
            ticket_open(customer=dave.customer, subject="Help", body="Hello", queue=queue_a, channel=channel)
    assert len(rung) == 5


def test_a_rolled_back_message_is_never_rung(rung, dave_ticket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        from django.db import transaction

        try:
            with transaction.atomic():
                MessageFactory(ticket=dave_ticket, body="I will kill myself")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert rung == [] and callbacks == []


def test_the_task_raises_an_escalation_with_its_explanation(dave_ticket):
    message = MessageFactory(ticket=dave_ticket, body="Honestly I want to kill myself. And my lawyer will call.")
    marker = intake.message_classify(message_id=message.pk)
    assert [c["category"] for c in marker.categories] == ["self_harm", "legal_regulatory"]
    escalations = {e.category: e for e in Escalation.objects.filter(message=message)}
    assert set(escalations) == {"self_harm", "legal_regulatory"}
    self_harm = escalations["self_harm"]
    assert self_harm.raised_by is None and self_harm.status == Status.OPEN
    assert self_harm.detection["triggers"] == ["kill myself"]
    start, end = self_harm.detection["spans"][0]
    assert message.body[start:end] == "kill myself"
    assert self_harm.detection["version"] == marker.rules_digest


def test_an_ordinary_message_is_marked_classified_and_raises_nothing(dave_ticket):
    message = MessageFactory(ticket=dave_ticket, body="This bug is killing me, the export fails.")
    marker = intake.message_classify(message_id=message.pk)
    assert marker.categories == []
    assert not Escalation.objects.exists()


def test_running_the_task_twice_classifies_once(dave_ticket):
    message = MessageFactory(ticket=dave_ticket, body="I will sue you.")
    assert intake.message_classify(message_id=message.pk) is not None
    assert intake.message_classify(message_id=message.pk) is None
    assert MessageClassification.objects.count() == 1
    assert Escalation.objects.get().entries.exclude(kind=EntryKind.ALERTED).count() == 1


def test_staff_messages_and_missing_ids_are_skipped(dave_ticket, alice):
    note = note_add(ticket=dave_ticket, author=alice, body="I want to kill myself (customer quote, by email)")
    assert note.kind == MessageKind.INTERNAL_NOTE
    assert intake.message_classify(message_id=note.pk) is None
    assert intake.message_classify(message_id=999_999) is None
    assert not MessageClassification.objects.exists()


def test_a_note_of_a_phone_call_is_classified_other_notes_are_not(rung, dave_ticket, alice,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        note_add(ticket=dave_ticket, author=alice, body="Email ticket: customer happy now")
    assert rung == []
    dave_ticket.channel = Channel.PHONE
    dave_ticket.save()
    with django_capture_on_commit_callbacks(execute=True):
        note = note_add(ticket=dave_ticket, author=alice, body="Caller said she wanted to end her life.")
    assert rung == [note.pk]
    marker = intake.message_classify(message_id=note.pk)
    assert [c["category"] for c in marker.categories] == ["self_harm"]


def test_a_self_harm_phone_call_raises_an_escalation_pointing_at_the_call(
        eager_celery, dave_ticket, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call = _log_call(dave_ticket, alice, "Caller said she sees no point in living any more and wants to end it.")
    escalation = Escalation.objects.get()  # classified by the task, through the doorbell, after commit
    assert (escalation.category, escalation.ticket, escalation.call, escalation.message) == (
        "self_harm", dave_ticket, call, None)
    assert escalation.raised_by is None and escalation.detection["triggers"]
    (entry,) = escalation.entries.filter(kind=EntryKind.RAISED)
    assert entry.call == call and entry.evidence_body == call.summary and entry.evidence_received_at == call.at
    assert CallClassification.objects.get(call=call).categories[0]["category"] == "self_harm"


def test_the_lead_sees_the_call_and_its_summary_as_evidence(client, carol, dave_ticket, alice):
    call = _log_call(dave_ticket, alice, "Caller wants to end her life.")
    intake.call_classify(call_id=call.pk)
    client.force_login(carol)
    html = client.get(reverse("leads:escalation", args=[Escalation.objects.get().pk])).content.decode()
    assert "Phone call" in html and f'{dave_ticket.reference}/#calls"' in html
    assert "Caller wants to end her life." in html


def test_a_clean_phone_call_is_marked_classified_and_raises_nothing(
        eager_celery, dave_ticket, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call = _log_call(dave_ticket, alice, "Walked him through the refund; this bug is killing him, he joked.")
    assert CallClassification.objects.get(call=call).categories == []
    assert not Escalation.objects.exists()


def test_saving_a_call_unchanged_or_running_the_task_again_does_not_duplicate(
        rung_calls, dave_ticket, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call = _log_call(dave_ticket, alice, "He said he will kill himself tonight.")
    assert rung_calls == [call.pk]
    classify_message(call.pk, "call")
    with django_capture_on_commit_callbacks(execute=True):
        call.duration_s = 400
        call.save()
    assert rung_calls == [call.pk]  # the summary is as classified: nothing rung
    classify_message(call.pk, "call")  # a redelivered task
    assert CallClassification.objects.count() == 1
    escalation = Escalation.objects.get()
    assert escalation.entries.filter(kind__in=(EntryKind.RAISED, EntryKind.RAISED_AGAIN)).count() == 1


def test_a_second_call_joins_the_open_escalation_of_its_category(dave_ticket, alice):
    first = _log_call(dave_ticket, alice, "Caller wants to end her life.")
    second = _log_call(dave_ticket, alice, "Called back: still says she wants to end her life.")
    intake.call_classify(call_id=first.pk)
    intake.call_classify(call_id=second.pk)
    escalation = Escalation.objects.get()  # one open escalation per ticket and category
    assert escalation.call == first
    assert list(escalation.entries.exclude(kind=EntryKind.ALERTED).values_list("kind", "call")) == [
        (EntryKind.RAISED, first.pk), (EntryKind.RAISED_AGAIN, second.pk)]


def test_calls_without_a_summary_are_not_rung_those_without_a_ticket_are(rung_calls, dave_ticket, alice,
                                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        blank = _log_call(dave_ticket, alice, "  ")
        loose = call_log(customer=dave_ticket.customer, agent=alice, at=timezone.now(), duration_s=60,
                         summary="She wants to end her life.")
    assert rung_calls == [loose.pk]  # tests/escalation/test_call_intake.py: where it goes
    assert intake.call_classify(call_id=blank.pk) is None


def test_the_channel_is_the_tickets(dave_ticket):
    dave_ticket.channel = Channel.SOCIAL
    dave_ticket.save()
    message = MessageFactory(ticket=dave_ticket, body="Your agent posted my message on Twitter and mocked me.")
    marker = intake.message_classify(message_id=message.pk)
    (private,) = classify(message.body, channel=Channel.EMAIL)
    assert marker.categories[0]["score"] > private.score  # a public post raises public categories' score


def test_a_rule_a_lead_adds_applies_to_the_next_message_without_restart(carol, dave_ticket, settings):
    settings.TACT_URGENCY = {"MODEL": False}  # the rules alone: the learned stage may read this message either way
    first = MessageFactory(ticket=dave_ticket, body="I am taking this to the parish council.")
    assert intake.message_classify(message_id=first.pk).categories == []
    urgency_rule_add(lead=carol, category="legal_regulatory", kind="trigger",
                     pattern="taking this to the parish council", strength="strong")
    second = MessageFactory(ticket=dave_ticket, body="I am taking this to the parish council.")
    assert [c["category"] for c in intake.message_classify(message_id=second.pk).categories] == ["legal_regulatory"]


def test_due_backs_off_by_age():
    stall, interval = timedelta(seconds=30), timedelta(seconds=30)
    due = [s for s in range(0, 4000, 30) if intake._due(timedelta(seconds=s), stall, interval)]
    assert due == [30, 60, 120, 240, 480, 960, 1920, 3600]


def test_the_sweep_rings_unclassified_messages_only(rung, dave_ticket, alice):
    now = timezone.now()
    waiting = MessageFactory(ticket=dave_ticket, body="Hello?", created_at=now - timedelta(seconds=45))
    done = MessageFactory(ticket=dave_ticket, body="Hi", created_at=now - timedelta(seconds=45))
    intake.message_classify(message_id=done.pk)
    just_now = MessageFactory(ticket=dave_ticket, body="Just now", created_at=now - timedelta(seconds=5))
    MessageFactory(ticket=dave_ticket, body="Long ago", created_at=now - timedelta(days=30))  # past lookback
    note_add(ticket=dave_ticket, author=alice, body="note")
    assert intake.unclassified_sweep(now=now) == 1
    assert rung == [waiting.pk]
    rung.clear()
    intake.unclassified_sweep(now=now + timedelta(seconds=50))
    assert waiting.pk not in rung and just_now.pk in rung  # aged 95 s: its next ring is at 120 s


def test_the_sweep_rings_unclassified_calls_by_when_they_were_logged(rung, rung_calls, dave_ticket, alice):
    now = timezone.now()
    waiting = _log_call(dave_ticket, alice, "Hello?", logged_at=now - timedelta(seconds=45))
    done = _log_call(dave_ticket, alice, "Hi", logged_at=now - timedelta(seconds=45))
    intake.call_classify(call_id=done.pk)
    _log_call(dave_ticket, alice, "Long ago", logged_at=now - timedelta(days=30))
    _log_call(dave_ticket, alice, "Just now", logged_at=now - timedelta(seconds=5))
    assert intake.unclassified_sweep(now=now) == 1
    assert rung_calls == [waiting.pk] and rung == []


def test_the_urgent_queue_has_its_own_worker_everywhere():
    from pathlib import Path

    import yaml
    from django.conf import settings

    root = Path(settings.BASE_DIR)
    routes = settings.CELERY_TASK_ROUTES
    assert routes["escalation.tasks.classify_message"] == {"queue": "urgent"}
    assert routes["escalation.tasks.sweep_unclassified_messages"] == {"queue": "urgent"}
    services = yaml.safe_load((root / "docker-compose.yml").read_text())["services"]
    command = services["urgent"]["command"]
    assert command[command.index("-Q") + 1] == "urgent"  # a worker of its own, nothing routine queued ahead
    assert "-Q urgent," in (root / "tact").read_text()
    beat = settings.CELERY_BEAT_SCHEDULE["sweep-unclassified-messages"]
    assert beat["task"] == "escalation.tasks.sweep_unclassified_messages"
