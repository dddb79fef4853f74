"""The gate's Celery tasks are thin and safe to run twice; the doorbell never stalls the agent's request."""
import threading
import time

import pytest
from celery.exceptions import Retry
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

from config import doorbell as config_doorbell
from config.celery import app as celery_app
from redaction import doorbell, gate, services
from redaction.models import ReplyVersion, VersionStatus
from redaction.tasks import scan_reply, sweep_stalled_replies
from tests.redaction.conftest import CLEAN
from tickets.models import Message, MessageKind

pytestmark = pytest.mark.django_db


def test_scan_task_is_late_acked_and_requeued_when_its_worker_dies():
    assert scan_reply.acks_late is True and scan_reply.reject_on_worker_lost is True


def test_scan_task_publishes_a_clean_reply(alice, dave_post, submit, notified, django_capture_on_commit_callbacks):
    version = submit(dave_post, alice, CLEAN)
    with django_capture_on_commit_callbacks(execute=True):
        scan_reply.apply(args=[version.pk], throw=True)
        scan_reply.apply(args=[version.pk], throw=True)  # a redelivered message
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == 1 and len(notified) == 1


@override_settings(TACT_REDACTION={"TASK_MAX_RETRIES": 2})
def test_scan_task_retries_database_errors_then_gives_up_leaving_the_row(alice, dave_post, submit, monkeypatch):
    def down(**kwargs):
        raise OperationalError("database restarting")

    monkeypatch.setattr(services, "reply_scan", down)
    version = submit(dave_post, alice, CLEAN)
    with pytest.raises(Retry) as retry:
        scan_reply.apply(args=[version.pk], throw=True)
    assert retry.value.when == 1  # backoff: 1 s, then 2, 4... capped at 60
    with pytest.raises(OperationalError):
        scan_reply.apply(args=[version.pk], retries=2, throw=True)  # the last retry failed too
    version.refresh_from_db()
    assert version.status == VersionStatus.PENDING  # the sweep rings again once the database is back


def test_sweep_task_rings_for_stalled_versions(alice, dave_post, submit, rung):
    version = submit(dave_post, alice, CLEAN)
    ReplyVersion.objects.filter(pk=version.pk).update(enqueued_at=None)
    rung.clear()
    assert sweep_stalled_replies.apply().get() == 1 and rung == [version.pk]


@pytest.fixture
def stalled_broker(monkeypatch):
    """A broker that accepts the connection and then never answers (Redis under CLIENT PAUSE)."""
    release = threading.Event()

    def hang(*args, **kwargs):
        release.wait(10)

    monkeypatch.setattr(celery_app, "send_task", hang)
    monkeypatch.setattr(config_doorbell, "_executor", None)
    yield
    release.set()


@override_settings(TACT_REDACTION={"ENQUEUE_TIMEOUT_S": 0.3})
def test_enqueue_gives_up_quickly_on_a_stalled_broker(stalled_broker):
    started = time.monotonic()
    assert doorbell.enqueue_scan(12345) is False
    assert time.monotonic() - started < 0.6


@override_settings(TACT_REDACTION={"ENQUEUE_TIMEOUT_S": 0.3}, TACT_DOORBELL={"TIMEOUT_S": 0.3, "MAX_IN_FLIGHT": 2})
def test_stuck_enqueues_are_bounded_and_later_ones_do_not_wait(stalled_broker):
    for _ in range(2):
        doorbell.enqueue_scan(1)
    started = time.monotonic()
    assert doorbell.enqueue_scan(2) is False  # every slot is stuck: skip at once, the sweep rings later
    assert time.monotonic() - started < 0.1


def test_a_ring_not_waited_for_returns_at_once_and_logs_its_failure(stalled_broker, monkeypatch, caplog):
    started = time.monotonic()
    assert config_doorbell.ring("agents.tasks.chain_audit_trail", what="audit chain", wait=False) is True
    assert time.monotonic() - started < 0.1  # the broker never answers; the caller did not wait for it

    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(celery_app, "send_task", refused)
    monkeypatch.setattr(config_doorbell, "_executor", None)
    with caplog.at_level("WARNING", logger="config.doorbell"):
        config_doorbell.ring("agents.tasks.chain_audit_trail", what="audit chain", wait=False)
        config_doorbell._executor.shutdown(wait=True)
    assert "audit chain: enqueue failed (ConnectionRefusedError)" in caplog.text


def test_a_broker_that_refuses_leaves_the_reply_pending(
    alice, dave_post, monkeypatch, django_capture_on_commit_callbacks
):
    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(celery_app, "send_task", refused)
    monkeypatch.setattr(config_doorbell, "_executor", None)
    with django_capture_on_commit_callbacks(execute=True):
        version = gate.reply_submit(ticket=dave_post, author=alice, body=CLEAN)
    version.refresh_from_db()
    assert version.status == VersionStatus.PENDING


def test_send_answers_without_waiting_for_a_stalled_broker(
    client, alice, dave_post, stalled_broker, django_capture_on_commit_callbacks
):
    """The stalled broker holds a ring for 10 s; Send gives up on it after ENQUEUE_TIMEOUT_S (0.5 s) and answers.
    The bound is well under the stall and well over a loaded machine's render time (1.4–1.9 s seen at load 4):
    how fast Send is belongs to bench/send_feedback.py, not to this test."""
    client.force_login(alice)
    client.get(reverse("gate:composer", args=[dave_post.reference]))  # warm templates: time the send alone
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("gate:send", args=[dave_post.reference]), {"body": CLEAN}, HTTP_HX_REQUEST="true"
        )
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and "Waiting for the check" in response.content.decode()
    assert elapsed < 5.0
    assert ReplyVersion.objects.get().status == VersionStatus.PENDING


def test_eager_mode_scans_inline(alice, dave_post, django_capture_on_commit_callbacks, notified, eager_celery):
    with django_capture_on_commit_callbacks(execute=True):
        version = gate.reply_submit(ticket=dave_post, author=alice, body=CLEAN)
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
