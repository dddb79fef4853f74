"""Logged calls beyond the first save: a call logged without a ticket is classified and raised for the queue a
ticket of the caller would land in (its leads only); an edited summary is classified again, joining the open
escalation of its category, and a category a lead closed is not raised again by the same words."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from escalation import intake
from escalation.alerts import LEAD_ALERT
from escalation.dashboard import dashboard_rollup
from escalation.dashboard_models import WeeklyCount
from escalation.models import EntryKind, Escalation, Status
from escalation.services import escalation_dismiss, escalation_raise, escalation_resolve
from escalation.urgency_models import CallClassification
from tests.factories import CustomerFactory
from tickets.models import CallLog, Notification
from tickets.services import call_log

pytestmark = pytest.mark.django_db

SELF_HARM = "He said he will kill himself tonight."


@pytest.fixture
def rung_calls(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(intake, "enqueue_call_classification", calls.append)
    return calls


def _log(customer, agent, summary, ticket=None) -> CallLog:
    return call_log(customer=customer, agent=agent, at=timezone.now() - timedelta(minutes=5), duration_s=120,
                    summary=summary, ticket=ticket)


def _edit(call: CallLog, summary: str) -> None:
    call.summary = summary
    call.save()


def raises(call) -> list[tuple[str, str]]:
    return list(Escalation.objects.filter(call=call).order_by("pk").values_list("category", "status"))


def test_a_call_without_a_ticket_is_raised_for_the_callers_queue(
        eager_celery, client, dave, dave_ticket, alice, carol, lou, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call = _log(dave.customer, alice, SELF_HARM)  # no ticket; dave's latest ticket is in queue A
    escalation = Escalation.objects.get()
    assert (escalation.ticket, escalation.call, escalation.queue, escalation.customer) == (
        None, call, dave_ticket.queue, dave.customer)
    assert CallClassification.objects.get(call=call).categories[0]["category"] == "self_harm"
    told = set(Notification.objects.filter(kind=LEAD_ALERT, about_id=escalation.pk)
               .values_list("recipient__username", flat=True))
    assert told == {"carol"}  # the leads of queue A, not lou (queue B)
    client.force_login(carol)
    page = client.get(reverse("leads:escalation", args=[escalation.pk])).content.decode()
    assert "A call logged without a ticket, for the leads of Billing" in page and SELF_HARM in page
    assert "Self-harm</a>" in client.get(reverse("leads:triage_list")).content.decode()
    client.force_login(lou)
    assert client.get(reverse("leads:escalation", args=[escalation.pk])).status_code == 404
    assert "Self-harm</a>" not in client.get(reverse("leads:triage_list")).content.decode()


def test_a_caller_with_no_ticket_anywhere_goes_to_the_intake_queue(eager_celery, queue_a, queue_b, alice, carol,
                                                                   lou, django_capture_on_commit_callbacks):
    stranger = CustomerFactory(name="New Caller")
    with django_capture_on_commit_callbacks(execute=True):
        _log(stranger, alice, SELF_HARM)
    escalation = Escalation.objects.get()
    assert escalation.queue == queue_a  # no portal queue here: the first queue, as a new ticket would
    assert not escalation.customer.tickets.exists()


def test_one_active_escalation_per_call_and_category_without_a_ticket(dave, alice, dave_ticket):
    call = _log(dave.customer, alice, SELF_HARM)
    other = _log(dave.customer, alice, "Called back; she wants to end her life.")
    intake.call_classify(call_id=call.pk)
    intake.call_classify(call_id=call.pk)  # a redelivered task
    first = escalation_raise(ticket=None, category="self_harm", call=call, detection={"category": "self_harm"})
    assert Escalation.objects.filter(call=call).count() == 1 and first.call == call
    intake.call_classify(call_id=other.pk)  # another call: its own escalation
    assert Escalation.objects.filter(ticket=None).count() == 2
    with pytest.raises(ValueError):
        escalation_raise(ticket=None, category="self_harm")  # without a ticket, only about a call


def test_an_edited_summary_is_classified_again(rung_calls, dave_ticket, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call = _log(dave_ticket.customer, alice, "Asked about his invoices.", ticket=dave_ticket)
    intake.call_classify(call_id=call.pk)
    assert raises(call) == []
    with django_capture_on_commit_callbacks(execute=True):
        _edit(call, "Asked about his invoices. " + SELF_HARM)
    assert rung_calls == [call.pk, call.pk]  # logged, then edited
    assert CallClassification.objects.get(call=call).stale_since is not None
    intake.call_classify(call_id=call.pk)
    assert raises(call) == [("self_harm", Status.OPEN)]
    marker = CallClassification.objects.get(call=call)
    assert marker.stale_since is None and marker.categories[0]["category"] == "self_harm"
    assert marker.text_sha256 == intake.text_sha256(call.summary)
    with django_capture_on_commit_callbacks(execute=True):
        call.save()  # unchanged
    assert rung_calls == [call.pk, call.pk]
    assert intake.call_classify(call_id=call.pk) is None


def test_a_save_of_other_fields_reads_no_classification(rung_calls, dave_ticket, alice, django_assert_num_queries,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call = _log(dave_ticket.customer, alice, SELF_HARM, ticket=dave_ticket)
    call.duration_s = 300
    with django_capture_on_commit_callbacks(execute=True), django_assert_num_queries(1):  # the UPDATE alone
        call.save(update_fields=["duration_s"])
    assert rung_calls == [call.pk]


def test_an_edit_joins_the_open_escalation_with_its_new_words(dave, alice):
    call = _log(dave.customer, alice, SELF_HARM)
    intake.call_classify(call_id=call.pk)
    _edit(call, SELF_HARM + " Called again: she wants to end her life.")
    intake.call_classify(call_id=call.pk)
    intake.call_classify(call_id=call.pk)  # redelivered
    (escalation,) = Escalation.objects.filter(call=call)
    bodies = list(escalation.entries.filter(kind__in=(EntryKind.RAISED, EntryKind.RAISED_AGAIN))
                  .order_by("pk").values_list("kind", "evidence_body"))
    assert bodies == [(EntryKind.RAISED, SELF_HARM), (EntryKind.RAISED_AGAIN, call.summary)]


@pytest.mark.parametrize("close", ["dismiss", "resolve"])
def test_a_closed_category_is_not_raised_again_by_the_same_words(close, dave, dave_ticket, alice, carol):
    call = _log(dave.customer, alice, SELF_HARM, ticket=dave_ticket)
    intake.call_classify(call_id=call.pk)
    escalation = Escalation.objects.get(call=call)
    if close == "dismiss":
        escalation_dismiss(escalation=escalation, lead=carol, reason="harmless_sense")
    else:
        escalation_resolve(escalation=escalation, lead=carol, outcome="customer_safe")
    _edit(call, SELF_HARM + " Also asked about his invoices.")  # the same trigger words, a typo fixed
    intake.call_classify(call_id=call.pk)
    assert len(raises(call)) == 1
    assert CallClassification.objects.get(call=call).text_sha256 == intake.text_sha256(call.summary)
    _edit(call, SELF_HARM + " Called again: she wants to end her life.")  # new words: a lead must look again
    intake.call_classify(call_id=call.pk)
    closed = Status.DISMISSED if close == "dismiss" else Status.RESOLVED
    assert raises(call) == [("self_harm", closed), ("self_harm", Status.OPEN)]


def test_the_sweep_rings_for_an_edit_whose_doorbell_was_lost(rung_calls, dave, alice):
    call = _log(dave.customer, alice, "Asked about his invoices.")
    intake.call_classify(call_id=call.pk)
    _edit(call, SELF_HARM)  # rung on commit: never, in this test's transaction
    edited_at = CallClassification.objects.get(call=call).stale_since
    CallLog.objects.filter(pk=call.pk).update(logged_at=edited_at - timedelta(days=30))  # logged long ago
    rung_calls.clear()
    assert intake.unclassified_sweep(now=edited_at + timedelta(seconds=10)) == 0  # not stalled yet
    assert intake.unclassified_sweep(now=edited_at + timedelta(seconds=45)) == 1
    assert rung_calls == [call.pk]
    intake.call_classify(call_id=call.pk)
    assert raises(call) == [("self_harm", Status.OPEN)]
    assert intake.unclassified_sweep(now=edited_at + timedelta(seconds=65)) == 0


def test_the_dashboard_counts_a_call_without_a_ticket_under_its_queue(dave, dave_ticket, alice):
    intake.call_classify(call_id=_log(dave.customer, alice, SELF_HARM).pk)
    dashboard_rollup()
    row = WeeklyCount.objects.get(metric="raised", key="self_harm")
    assert (row.queue, row.count) == (dave_ticket.queue, 1)
