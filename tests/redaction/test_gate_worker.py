"""The worker's batches and leases: one message takes what waits, a live claim is never scanned twice, a lapsed
one is taken over, and only the newest claim may write a verdict."""

import threading
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.test import override_settings
from django.utils import timezone

from redaction import gate
from redaction import worker as gate_worker
from redaction.models import ReplyScan, ReplyVersion, VersionStatus
from tests.factories import CustomerFactory, TicketFactory
from tests.redaction.conftest import CLEAN
from tickets.models import Message, MessageKind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(queue_a):
    return [TicketFactory(customer=CustomerFactory(), queue=queue_a) for _ in range(4)]


def _statuses(versions):
    found = dict(ReplyVersion.objects.filter(pk__in=[v.pk for v in versions]).values_list("pk", "status"))
    return [found[v.pk] for v in versions]


def test_one_message_decides_everything_waiting_oldest_first(alice, tickets, submit, worker):
    versions = [submit(ticket, alice, CLEAN) for ticket in tickets]
    assert worker(versions[-1]).status == VersionStatus.PUBLISHED
    assert _statuses(versions) == [VersionStatus.PUBLISHED] * 4
    # The messages rung for the others arrive later and find nothing left to do.
    assert all(gate_worker.reply_scan(version_id=v.pk) is None for v in versions)
    assert ReplyScan.objects.count() == 4


@override_settings(TACT_REDACTION={"BATCH_SIZE": 2})
def test_a_batch_takes_the_named_version_first_then_the_oldest(alice, tickets, submit, worker):
    versions = [submit(ticket, alice, CLEAN) for ticket in tickets]
    worker(versions[3])
    assert _statuses(versions) == [
        VersionStatus.PUBLISHED, VersionStatus.PENDING, VersionStatus.PENDING, VersionStatus.PUBLISHED,
    ]


def test_a_version_leased_by_a_live_worker_is_not_scanned_again(alice, tickets, submit, worker):
    leased, waiting = submit(tickets[0], alice, CLEAN), submit(tickets[1], alice, CLEAN)
    ReplyVersion.objects.filter(pk=leased.pk).update(
        status=VersionStatus.SCANNING, scan_started_at=timezone.now(), attempts=1
    )
    # The message for the leased version takes what is still pending instead.
    assert gate_worker.reply_scan(version_id=leased.pk) is None
    assert _statuses([leased, waiting]) == [VersionStatus.SCANNING, VersionStatus.PUBLISHED]
    assert not ReplyScan.objects.filter(version=leased).exists()


@override_settings(TACT_REDACTION={"SCAN_LEASE_S": 30})
def test_a_lapsed_lease_is_taken_over(alice, tickets, submit, worker):
    version = submit(tickets[0], alice, CLEAN)
    ReplyVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.SCANNING, scan_started_at=timezone.now() - timedelta(seconds=31), attempts=1
    )
    assert worker(version).status == VersionStatus.PUBLISHED and version.attempts == 2


def test_a_run_whose_claim_was_taken_over_writes_no_verdict(alice, tickets, submit, monkeypatch):
    version = submit(tickets[0], alice, CLEAN)
    real_scan_all = gate_worker._scan_all

    def slow_run(versions):
        scanned = real_scan_all(versions)
        # Meanwhile the lease lapsed and another worker claimed the version again (one more attempt).
        ReplyVersion.objects.filter(pk=version.pk).update(attempts=5)
        return scanned

    monkeypatch.setattr(gate_worker, "_scan_all", slow_run)
    gate_worker.reply_scan(version_id=version.pk)
    assert _statuses([version]) == [VersionStatus.SCANNING]
    assert not ReplyScan.objects.exists() and not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_a_claim_that_cannot_be_read_back_is_given_back(alice, tickets, submit, monkeypatch):
    """The claim commits on its own; if reading the claimed versions then fails (the database went away), the
    claims are given back untried instead of waiting for their lease to lapse."""
    version = submit(tickets[0], alice, CLEAN)

    def connection_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patched:
        patched.setattr(type(ReplyVersion.objects), "select_related", connection_lost)
        with pytest.raises(OperationalError):
            gate_worker.reply_scan(version_id=version.pk)
    version.refresh_from_db()
    assert (version.status, version.attempts, version.scan_started_at) == (VersionStatus.PENDING, 0, None)


@override_settings(TACT_REDACTION={"SCAN_TIMEOUT_S": 0.05})
def test_scans_past_the_batch_deadline_are_given_back_and_rung(alice, tickets, submit, rung, monkeypatch):
    versions = [submit(ticket, alice, CLEAN) for ticket in tickets]
    real_scan = gate_worker.scan_with_deadline

    def first_scan_is_slow(text, context, policy, timeout):
        time.sleep(0.06)  # longer than the whole batch may keep starting scans
        return real_scan(text, context, policy, timeout=10)

    monkeypatch.setattr(gate_worker, "scan_with_deadline", first_scan_is_slow)
    rung.clear()
    gate_worker.reply_scan(version_id=versions[0].pk)
    assert _statuses(versions) == [VersionStatus.PUBLISHED] + [VersionStatus.PENDING] * 3
    given_back = ReplyVersion.objects.filter(pk__in=[v.pk for v in versions[1:]])
    assert set(given_back.values_list("attempts", flat=True)) == {0}  # never tried: no attempt counted
    assert rung == [versions[1].pk]  # whoever answers takes the rest


@pytest.mark.postgres
@pytest.mark.skipif(not settings.IS_POSTGRES, reason="SKIP LOCKED claims are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_take_disjoint_batches_and_scan_each_version_once(alice, queue_a, rung, notified):
    tickets = [TicketFactory(customer=CustomerFactory(), queue=queue_a) for _ in range(24)]
    versions = [gate.reply_submit(ticket=ticket, author=alice, body=CLEAN) for ticket in tickets]
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run(first):
        try:
            barrier.wait()
            for version in versions[first::4]:
                gate_worker.reply_scan(version_id=version.pk)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert set(_statuses(versions)) == {VersionStatus.PUBLISHED}
    assert ReplyScan.objects.count() == len(versions)  # no version scanned twice
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == len(versions)
    assert Notification.objects.count() == len(versions)
    assert 1 <= len(notified) == len(set(notified)) <= 4  # one doorbell per published batch
