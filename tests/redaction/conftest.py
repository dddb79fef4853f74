"""Fixtures for the reply gate: submit without a broker, and run the worker's step in-process."""

import pytest

from redaction import doorbell, gate
from redaction import worker as gate_worker


@pytest.fixture
def rung(monkeypatch):
    """Record the doorbell instead of ringing a broker; the list holds the version ids rung."""
    calls: list[int] = []
    monkeypatch.setattr(doorbell, "enqueue_scan", lambda version_id: calls.append(version_id) or True)
    return calls


@pytest.fixture
def submit(rung, django_capture_on_commit_callbacks):
    """Submit a reply as the agent would, running the after-commit hooks (which ring `rung`)."""

    def _submit(ticket, author, body):
        with django_capture_on_commit_callbacks(execute=True):
            return gate.reply_submit(ticket=ticket, author=author, body=body)

    return _submit


@pytest.fixture
def notified(monkeypatch):
    """Notification ids whose delivery was enqueued (instead of reaching a broker)."""
    from tickets import notifications

    calls: list[int] = []
    monkeypatch.setattr(notifications, "_enqueue", lambda pk, **kw: calls.append(pk) or True)
    return calls


@pytest.fixture
def worker(django_capture_on_commit_callbacks, notified):
    """Run the worker's step for a version in-process, with its after-commit hooks."""

    def _scan(version):
        with django_capture_on_commit_callbacks(execute=True):
            gate_worker.reply_scan(version_id=version.pk)
        version.refresh_from_db()
        return version

    return _scan


LEAKY = "Hi, we will call you back on +1 415 555 0134 today."
CLEAN = "Thanks for waiting. The duplicate charge has been refunded and should show in 3-5 days."


@pytest.fixture
def dave_post(dave, queue_a):
    """Dave's public tweet in queue A: replies are read by everyone, so his own details are leaks too."""
    from tests.factories import MessageFactory, TicketFactory
    from tickets.models import Channel

    ticket = TicketFactory(
        customer=dave.customer,
        queue=queue_a,
        channel=Channel.SOCIAL,
        replies_public=True,
        subject="@tact why was I charged twice?",
    )
    MessageFactory(ticket=ticket, body="@tact why was I charged twice?", is_public_post=True)
    return ticket
