"""The reply gate's state machine: submit, scan, publish, hold, override — and what must never happen."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, transaction
from django.test import override_settings
from django.utils import timezone, translation

from agents.models import AuditEntry
from redaction import gate, publication, scanning
from redaction import worker as gate_worker
from redaction.models import Reply, ReplyScan, ReplyVersion, TransitionRefused, VersionStatus, body_sha256
from tests.redaction.conftest import CLEAN, LEAKY
from tickets.models import Message, MessageKind, Notification, TicketEvent

pytestmark = pytest.mark.django_db


def test_submit_creates_a_pending_version_and_rings_after_commit(alice, dave_post, submit, rung):
    version = submit(dave_post, alice, f"  {CLEAN}  ")
    assert version.status == VersionStatus.PENDING
    assert version.body == CLEAN and version.sha256 == body_sha256(CLEAN)
    assert version.reply.state == VersionStatus.PENDING and version.reply.latest_version_id == version.pk
    assert rung == [version.pk]
    assert TicketEvent.objects.filter(ticket=dave_post, kind="reply_submitted", actor=alice).exists()
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_clean_reply_is_published_under_the_persona_and_notified_once(
    alice, dave_post, submit, worker, notified
):
    version = worker(submit(dave_post, alice, CLEAN))
    assert version.status == VersionStatus.PUBLISHED
    message = Message.objects.get(kind=MessageKind.PUBLIC_REPLY)
    assert message.body == CLEAN and message.author_alias == "Harbor Wren"
    reply = Reply.objects.get()
    assert reply.state == VersionStatus.PUBLISHED and reply.published_message == message
    scan = ReplyScan.objects.get(version=version)
    assert scan.is_clean and scan.sha256 == version.sha256
    assert Notification.objects.filter(message=message).count() == 1
    assert len(notified) == 1


def test_leaky_reply_is_held_not_published(alice, dave_post, submit, worker, notified):
    version = worker(submit(dave_post, alice, LEAKY))
    assert version.status == VersionStatus.HELD
    assert Reply.objects.get().state == VersionStatus.HELD
    findings = ReplyScan.objects.get(version=version).findings
    assert [f["kind"] for f in findings] == ["phone"]
    assert LEAKY[findings[0]["start"] : findings[0]["end"]] == "+1 415 555 0134"
    assert "profile" in findings[0]["explanation"]
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()
    assert not Notification.objects.exists() and notified == []
    event = TicketEvent.objects.get(kind="reply_held")
    assert event.data["kinds"] == ["phone"] and "415" not in str(event.data)


def test_scanning_twice_publishes_and_notifies_once(alice, dave_post, submit, worker, notified):
    version = submit(dave_post, alice, CLEAN)
    worker(version)
    assert gate_worker.reply_scan(version_id=version.pk) is None
    worker(version)
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == 1
    assert ReplyScan.objects.count() == 1
    assert Notification.objects.count() == 1 and len(notified) == 1


def test_a_version_left_scanning_by_a_dead_worker_is_scanned_again(alice, dave_post, submit, worker):
    version = submit(dave_post, alice, CLEAN)
    ReplyVersion.objects.filter(pk=version.pk).update(status=VersionStatus.SCANNING, attempts=1)
    assert worker(version).status == VersionStatus.PUBLISHED
    assert version.attempts == 2


@override_settings(TACT_REDACTION={"MAX_SCAN_ATTEMPTS": 3})
def test_a_version_that_keeps_killing_its_worker_ends_held(alice, dave_post, submit, worker):
    version = submit(dave_post, alice, CLEAN)
    ReplyVersion.objects.filter(pk=version.pk).update(status=VersionStatus.SCANNING, attempts=3)
    assert worker(version).status == VersionStatus.HELD
    assert "did not finish after 3 attempts" in ReplyScan.objects.get(version=version).error
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_a_crashing_detector_holds_the_reply_with_the_error(alice, dave_post, submit, worker, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("detector bug")

    monkeypatch.setattr(scanning, "scan_parts", boom)
    version = worker(submit(dave_post, alice, CLEAN))
    assert version.status == VersionStatus.HELD
    scan = ReplyScan.objects.get(version=version)
    assert "RuntimeError" in scan.error and not scan.is_clean


@override_settings(TACT_REDACTION={"SCAN_TIMEOUT_S": 0.05})
def test_a_detector_that_hangs_is_stopped_and_the_reply_held(alice, dave_post, submit, worker, monkeypatch):
    def hang(*args, **kwargs):
        while True:
            pass

    monkeypatch.setattr(scanning, "scan_parts", hang)
    version = worker(submit(dave_post, alice, CLEAN))
    assert version.status == VersionStatus.HELD
    assert "longer than 0.05 s" in ReplyScan.objects.get(version=version).error


def test_a_database_error_propagates_for_retry_and_the_claim_is_given_back(
    alice, dave_post, submit, worker, monkeypatch
):
    def down(pairs):
        raise OperationalError("server closed the connection")

    version = submit(dave_post, alice, CLEAN)
    with monkeypatch.context() as patch:
        patch.setattr(gate_worker, "ticket_contexts", down)
        with pytest.raises(OperationalError):
            gate_worker.reply_scan(version_id=version.pk)
    version.refresh_from_db()
    # Waiting again, the attempt not counted, so the task's retry can claim it at once (no lease to sit out).
    assert version.status == VersionStatus.PENDING and version.attempts == 0 and not ReplyScan.objects.exists()
    assert worker(version).status == VersionStatus.PUBLISHED


def _verdict(version, **scan):
    """Decide a claimed version with the scan row given, as the worker's verdict does; returns the verdict."""
    gate_worker._claim(version.pk)
    fields = {"sha256": version.sha256, "scanner_version": gate_worker.SCANNER_VERSION,
              "policy_digest": gate_worker.policy_digest(), **scan}
    with transaction.atomic():
        locked = publication.versions_locked().get(pk=version.pk)
        verdict = publication.Verdict(locked, ReplyScan.objects.create(version=locked, **fields))
        publication.verdicts_apply([verdict])
    return verdict


def test_publication_refuses_a_text_changed_after_its_scan(alice, dave_post, submit):
    version = submit(dave_post, alice, CLEAN)
    ReplyVersion.objects.filter(pk=version.pk).update(body=LEAKY)
    verdict = _verdict(version)
    assert "hash mismatch" in verdict.refused and verdict.version.status == VersionStatus.HELD
    assert "hash mismatch" in ReplyScan.objects.get(version=version).error
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_a_refusal_reads_in_german_and_is_kept_in_english(alice, carol, dave_post, submit, worker):
    version = submit(dave_post, alice, CLEAN)
    ReplyVersion.objects.filter(pk=version.pk).update(body=LEAKY)
    with translation.override("de"):  # a worker whose default language is German
        _verdict(version)
    assert ReplyScan.objects.get(version=version).error == "The text changed after it was scanned (hash mismatch)."
    held = worker(submit(dave_post, alice, LEAKY))
    gate.draft_save(ticket=dave_post, author=alice, body="Editing")
    with pytest.raises(publication.PublishRefused) as refused:
        publication.reply_override(version=held, lead=carol, reason="ok")
    with translation.override("de"):  # translated when shown, to whoever reads it
        assert str(refused.value) == "Es gibt eine neuere Version dieser Antwort (ihr Verfasser bearbeitet sie)."


def test_publication_refuses_a_scan_of_another_text(alice, dave_post, submit):
    version = submit(dave_post, alice, CLEAN)
    verdict = _verdict(version, sha256=body_sha256("something else"))
    assert "hash mismatch" in verdict.refused
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_publication_holds_a_scan_with_findings(alice, dave_post, submit):
    version = submit(dave_post, alice, CLEAN)
    verdict = _verdict(version, findings=[{"start": 0, "end": 1, "kind": "phone"}])
    assert verdict.version.status == VersionStatus.HELD
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_publication_refuses_a_scan_under_another_policy(alice, dave_post, submit):
    version = submit(dave_post, alice, CLEAN)
    verdict = _verdict(version, policy_digest="old")
    assert "another scanner or policy" in verdict.refused
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()


def test_a_move_the_table_does_not_allow_is_refused_before_writing(alice, dave_post, submit):
    version = submit(dave_post, alice, CLEAN)
    with pytest.raises(TransitionRefused, match="from pending to published"):
        ReplyVersion.objects.filter(pk=version.pk).move(VersionStatus.PUBLISHED, source=[VersionStatus.PENDING])
    assert ReplyVersion.objects.get(pk=version.pk).status == VersionStatus.PENDING


def test_sweep_rings_again_only_for_stalled_versions(alice, carol, dave_post, submit, rung):
    stalled = submit(dave_post, alice, CLEAN)
    fresh = submit(dave_post, carol, CLEAN)
    long_ago = timezone.now() - timedelta(minutes=5)
    ReplyVersion.objects.filter(pk=stalled.pk).update(enqueued_at=long_ago, status=VersionStatus.SCANNING)
    rung.clear()
    assert gate.replies_sweep() == 1
    assert rung == [stalled.pk]
    stalled.refresh_from_db()
    assert stalled.enqueued_at > long_ago
    assert gate.replies_sweep() == 0  # rung just now: not stalled again until the threshold passes
    assert fresh.pk not in rung


def test_sweep_backs_off_for_a_version_it_already_rang(alice, dave_post, submit, rung):
    """A backlog is not a loss: each further ring waits twice as long, up to 4x the stall threshold."""
    version = submit(dave_post, alice, CLEAN)
    stall = timedelta(seconds=gate.gate_setting("STALL_SECONDS"))
    start = timezone.now()
    ReplyVersion.objects.filter(pk=version.pk).update(enqueued_at=start - stall - timedelta(seconds=1))
    rung.clear()
    rings_at = []
    for seconds in range(0, int(stall.total_seconds()) * 12, 5):
        now = start + timedelta(seconds=seconds)
        if gate.replies_sweep(now=now):
            rings_at.append(seconds)
    stall_s = int(stall.total_seconds())
    assert rings_at == [0, 2 * stall_s, 6 * stall_s, 10 * stall_s]
    assert ReplyVersion.objects.get(pk=version.pk).rings == 4


def test_resubmitting_a_held_reply_makes_a_new_version(alice, dave_post, submit, worker):
    held = worker(submit(dave_post, alice, LEAKY))
    second = worker(submit(dave_post, alice, "We will call you on the number on your account."))
    assert second.reply_id == held.reply_id and second.number == 2
    assert second.status == VersionStatus.PUBLISHED
    held.refresh_from_db()
    assert held.status == VersionStatus.SUPERSEDED and held.body == LEAKY
    assert Message.objects.get(kind=MessageKind.PUBLIC_REPLY).body.startswith("We will call you")


def test_a_reply_cannot_be_changed_while_it_is_being_checked(alice, dave_post, submit):
    submit(dave_post, alice, CLEAN)
    with pytest.raises(ValidationError):
        gate.draft_save(ticket=dave_post, author=alice, body="more")
    with pytest.raises(ValidationError):
        gate.reply_submit(ticket=dave_post, author=alice, body="more")


def test_drafts_are_saved_into_one_version_then_a_new_one_after_a_hold(alice, dave_post, submit, worker):
    first = gate.draft_save(ticket=dave_post, author=alice, body="Hel")
    again = gate.draft_save(ticket=dave_post, author=alice, body="Hello")
    assert first.pk == again.pk and again.body == "Hello" and again.status == VersionStatus.DRAFT
    held = worker(submit(dave_post, alice, LEAKY))
    assert held.pk == first.pk  # the draft became the submitted version
    draft = gate.draft_save(ticket=dave_post, author=alice, body="Edited")
    assert draft.number == 2 and draft.status == VersionStatus.DRAFT
    assert Reply.objects.get().state == VersionStatus.HELD  # still in the Held view while being edited


def test_empty_or_oversized_reply_is_refused(alice, dave_post):
    with pytest.raises(ValidationError):
        gate.reply_submit(ticket=dave_post, author=alice, body="   ")
    with override_settings(TACT_LIMITS={"MESSAGE_MAX_CHARS": 100}):
        with pytest.raises(ValidationError):
            gate.reply_submit(ticket=dave_post, author=alice, body="x" * 101)
    assert not ReplyVersion.objects.filter(status=VersionStatus.PENDING).exists()


def test_only_staff_of_the_ticket_queue_can_reply(bob, dave, dave_post):
    for user in (bob, dave):
        with pytest.raises(PermissionDenied):
            gate.reply_submit(ticket=dave_post, author=user, body=CLEAN)
        with pytest.raises(PermissionDenied):
            gate.draft_save(ticket=dave_post, author=user, body=CLEAN)
    assert not Reply.objects.exists()


def test_a_lead_publishes_a_held_reply_with_a_reason(alice, carol, dave_post, submit, worker, notified):
    held = worker(submit(dave_post, alice, LEAKY))
    message = publication.reply_override(version=held, lead=carol, reason="Customer asked us to confirm the number.")
    assert message.body == LEAKY and message.author_alias == "Harbor Wren"
    held.refresh_from_db()
    assert held.status == VersionStatus.PUBLISHED and held.overridden_by == carol
    event = TicketEvent.objects.get(kind="reply_override")
    assert event.actor == carol and event.data["reason"] == "Customer asked us to confirm the number."
    entry = AuditEntry.objects.get(action="reply.override")
    assert (entry.actor, entry.ticket_id, entry.customer_id) == (carol, dave_post.pk, dave_post.customer_id)
    assert entry.data["message"] == message.pk and entry.data["reason"].startswith("Customer asked")
    assert Notification.objects.filter(message=message).count() == 1


@pytest.mark.parametrize("who", ["alice", "cora", "bob"])
def test_agents_and_contractors_cannot_override(who, request, alice, dave_post, submit, worker):
    held = worker(submit(dave_post, alice, LEAKY))
    with pytest.raises(PermissionDenied):
        publication.reply_override(version=held, lead=request.getfixturevalue(who), reason="Looks fine")
    held.refresh_from_db()
    assert held.status == VersionStatus.HELD


def test_override_needs_a_reason_and_a_held_version(alice, carol, dave_post, submit, worker):
    held = worker(submit(dave_post, alice, LEAKY))
    with pytest.raises(ValidationError):
        publication.reply_override(version=held, lead=carol, reason="  ")
    published = worker(submit(dave_post, carol, CLEAN))
    with pytest.raises(ValidationError):
        publication.reply_override(version=published, lead=carol, reason="again")
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == 1


def test_override_of_a_reply_being_edited_is_refused(alice, carol, dave_post, submit, worker):
    held = worker(submit(dave_post, alice, LEAKY))
    gate.draft_save(ticket=dave_post, author=alice, body="Editing")
    with pytest.raises(publication.PublishRefused, match="editing"):
        publication.reply_override(version=held, lead=carol, reason="ok")
