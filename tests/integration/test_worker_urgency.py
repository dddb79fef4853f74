"""End to end with a real worker process: a customer's message through the portal's service is classified on
its own queue and a self-harm escalation is raised; a message whose doorbell was lost is caught by the sweep."""
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from escalation import intake
from escalation.models import Escalation
from escalation.urgency_models import MessageClassification
from tickets.intake import ticket_open
from tickets.models import Channel
from tickets.services import customer_message_add

pytestmark = [pytest.mark.worker, pytest.mark.slow]


def _wait_classified(message_id: int, timeout: float = 30) -> MessageClassification:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        marker = MessageClassification.objects.filter(message_id=message_id).first()
        if marker is not None:
            return marker
        time.sleep(0.05)
    pytest.fail(f"message {message_id} not classified after {timeout} s")


def test_a_self_harm_message_raises_an_escalation_through_the_real_worker(celery_worker_process, dave, queue_a):
    started = time.monotonic()
    ticket = ticket_open(customer=dave.customer, subject="Account", queue=queue_a, channel=Channel.PORTAL,
                         body="I can't keep going. I've decided to end my life this weekend.")
    message = ticket.messages.get()
    marker = _wait_classified(message.pk)
    print(f"submit → classified: {time.monotonic() - started:.3f} s")
    assert [c["category"] for c in marker.categories] == ["self_harm"]
    escalation = Escalation.objects.get(ticket=ticket)
    assert escalation.category == "self_harm" and escalation.raised_by is None
    assert escalation.message_id == message.pk
    assert escalation.detection["triggers"] == ["end my life"]


def test_a_message_whose_doorbell_was_lost_is_classified_after_the_sweep(
    celery_worker_process, dave, dave_ticket, monkeypatch
):
    real = intake.enqueue_classification
    monkeypatch.setattr(intake, "enqueue_classification", lambda message_id: False)  # the broker lost it
    message = customer_message_add(ticket=dave_ticket, customer=dave.customer, body="My solicitor will call you.")
    time.sleep(0.5)
    assert not MessageClassification.objects.filter(message_id=message.pk).exists()
    monkeypatch.setattr(intake, "enqueue_classification", real)
    assert intake.unclassified_sweep(now=timezone.now() + timedelta(seconds=35)) >= 1
    assert [c["category"] for c in _wait_classified(message.pk).categories] == ["legal_regulatory"]
    assert Escalation.objects.get(message=message).category == "legal_regulatory"
