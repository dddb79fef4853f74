"""The database refuses an illegal publish by itself, on PostgreSQL (migrations 0002, 0005) and on SQLite
(redaction.sqlite_guard, the same rules as triggers SQLite can run), and concurrent scans publish once (PostgreSQL).

PostgreSQL checks `tickets_message` at commit, so those tests commit (`transaction=True`).
"""
import threading

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from redaction import gate, publication
from redaction import worker as gate_worker
from redaction.models import Reply, ReplyScan, ReplyVersion, VersionStatus
from tests.redaction.conftest import CLEAN, LEAKY
from tickets.models import Message, MessageKind, Notification
from tickets.services import note_add

requires_postgres = pytest.mark.skipif(not settings.IS_POSTGRES, reason="concurrent transactions need PostgreSQL")


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_raw_sql_cannot_publish_a_version_without_a_clean_scan(alice, dave_post, submit):
    version = submit(dave_post, alice, LEAKY)
    with pytest.raises(DatabaseError, match="no clean scan"):
        _raw("UPDATE redaction_replyversion SET status = 'published' WHERE id = %s", [version.pk])
    ReplyScan.objects.create(
        version=version, sha256="0" * 64, scanner_version="x", policy_digest="x"
    )
    with pytest.raises(DatabaseError, match="no clean scan"):
        _raw("UPDATE redaction_replyversion SET status = 'published' WHERE id = %s", [version.pk])
    version.refresh_from_db()
    assert version.status == VersionStatus.PENDING


@pytest.mark.django_db
def test_raw_sql_cannot_publish_a_text_other_than_the_scanned_one(alice, dave_post, submit):
    version = submit(dave_post, alice, CLEAN)
    ReplyScan.objects.create(version=version, sha256=version.sha256, scanner_version="x", policy_digest="x")
    with pytest.raises(DatabaseError, match="does not match its hash"):
        _raw(
            "UPDATE redaction_replyversion SET status = 'published', body = %s WHERE id = %s", [LEAKY, version.pk]
        )


@pytest.mark.django_db
def test_raw_sql_cannot_publish_a_held_version_without_a_lead_and_reason(alice, dave_post, submit, worker):
    held = worker(submit(dave_post, alice, LEAKY))
    with pytest.raises(DatabaseError, match="needs a lead and a reason"):
        _raw("UPDATE redaction_replyversion SET status = 'published' WHERE id = %s", [held.pk])
    with pytest.raises(DatabaseError, match="starts as draft or pending"):
        _raw(
            "INSERT INTO redaction_replyversion (reply_id, number, body, sha256, status, created_at, attempts,"
            " rings, override_reason) VALUES (%s, 9, 'x', 'x', 'published', %s, 0, 0, '')",
            [held.reply_id, timezone.now()],
        )


@pytest.mark.django_db
def test_a_published_version_and_its_scan_never_change(alice, dave_post, submit, worker):
    published = worker(submit(dave_post, alice, CLEAN))
    with pytest.raises(DatabaseError, match="cannot change"):
        _raw("UPDATE redaction_replyversion SET body = %s WHERE id = %s", [LEAKY, published.pk])
    with pytest.raises(DatabaseError, match="evidence"):
        _raw("UPDATE redaction_replyscan SET findings = '[]', sha256 = 'x' WHERE version_id = %s", [published.pk])
    if settings.IS_POSTGRES:  # SQLite has no TRUNCATE: a DELETE guard would refuse flushing the database too
        with pytest.raises(DatabaseError, match="never deleted"):
            _raw("DELETE FROM redaction_replyscan WHERE version_id = %s", [published.pk])


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres
@requires_postgres
def test_concurrent_scans_of_one_version_publish_and_notify_once(alice, dave_post, rung, notified):
    version = gate.reply_submit(ticket=dave_post, author=alice, body=CLEAN)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            gate_worker.reply_scan(version_id=version.pk)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).count() == 1
    assert Notification.objects.count() == 1
    assert ReplyVersion.objects.get(pk=version.pk).status == VersionStatus.PUBLISHED


def _raw_insert_reply(ticket, body: str) -> None:
    """A public reply written straight into the thread, as a script or a careless migration might."""
    _raw(
        "INSERT INTO tickets_message (ticket_id, kind, author_alias, author_avatar_seed, body, is_public_post,"
        " suspended, created_at) VALUES (%s, 'reply', 'Harbor Wren', '', %s, false, false, %s)",
        [ticket.pk, body, timezone.now()],
    )


def _published_through_the_gate(ticket, author) -> Message:
    version = gate.reply_submit(ticket=ticket, author=author, body=CLEAN)
    gate_worker.reply_scan(version_id=version.pk)
    return Message.objects.get(ticket=ticket, kind=MessageKind.PUBLIC_REPLY)


@pytest.mark.django_db(transaction=True)
def test_raw_sql_reply_message_without_a_published_version_is_refused(alice, dave_post, rung, notified):
    with pytest.raises(DatabaseError, match="was not published by the gate"):
        _raw_insert_reply(dave_post, CLEAN)
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()

    # The published text copied into the thread again is not the message the gate published.
    published = _published_through_the_gate(dave_post, alice)
    with pytest.raises(DatabaseError, match="was not published by the gate"):
        _raw_insert_reply(dave_post, CLEAN)
    assert list(Message.objects.filter(kind=MessageKind.PUBLIC_REPLY)) == [published]


@pytest.mark.django_db(transaction=True)
def test_reply_published_through_the_gate_commits(alice, dave_post, rung, notified):
    message = _published_through_the_gate(dave_post, alice)
    reply = Reply.objects.get(published_message=message)
    assert message.body == CLEAN and reply.state == VersionStatus.PUBLISHED
    assert reply.latest_version.status == VersionStatus.PUBLISHED and reply.latest_version.body == CLEAN
    # What is not the reply's text may still change: the time. The persona it went out under may not.
    later = timezone.now()
    _raw("UPDATE tickets_message SET created_at = %s WHERE id = %s", [later, message.pk])
    assert Message.objects.get(pk=message.pk).created_at == later
    for column in ("author_alias", "author_avatar_seed"):
        with pytest.raises(DatabaseError, match="cannot change its text"):
            _raw(f"UPDATE tickets_message SET {column} = 'team' WHERE id = %s", [message.pk])  # noqa: S608
    assert Message.objects.get(pk=message.pk).author_alias == "Harbor Wren"


@pytest.mark.django_db(transaction=True)
def test_lead_override_of_a_held_reply_commits(alice, carol, dave_post, rung, notified):
    version = gate.reply_submit(ticket=dave_post, author=alice, body=LEAKY)
    gate_worker.reply_scan(version_id=version.pk)
    assert ReplyVersion.objects.get(pk=version.pk).status == VersionStatus.HELD
    assert not Message.objects.filter(kind=MessageKind.PUBLIC_REPLY).exists()
    message = publication.reply_override(version=version, lead=carol, reason="Customer asked us to confirm it.")
    assert Message.objects.get(kind=MessageKind.PUBLIC_REPLY) == message and message.body == LEAKY
    assert ReplyVersion.objects.get(pk=version.pk).overridden_by == carol


@pytest.mark.django_db(transaction=True)
def test_raw_sql_cannot_change_a_published_replys_text_kind_or_ticket(alice, dave_post, dave_ticket, rung, notified):
    message = _published_through_the_gate(dave_post, alice)
    with pytest.raises(DatabaseError, match="cannot change its text, kind or ticket"):
        _raw("UPDATE tickets_message SET body = %s WHERE id = %s", [LEAKY, message.pk])
    with pytest.raises(DatabaseError, match="cannot change its text, kind or ticket"):
        _raw("UPDATE tickets_message SET kind = 'note' WHERE id = %s", [message.pk])
    with pytest.raises(DatabaseError, match="cannot change its text, kind or ticket"):
        _raw("UPDATE tickets_message SET ticket_id = %s WHERE id = %s", [dave_ticket.pk, message.pk])
    with pytest.raises(DatabaseError, match="keeps its message and ticket"):
        _raw("UPDATE redaction_reply SET published_message_id = NULL WHERE published_message_id = %s", [message.pk])
    message.refresh_from_db()
    assert (message.body, message.kind, message.ticket_id) == (CLEAN, MessageKind.PUBLIC_REPLY, dave_post.pk)
    assert Reply.objects.get(published_message=message)


@pytest.mark.django_db(transaction=True)
def test_a_note_cannot_become_a_public_reply(alice, dave_post):
    note = note_add(ticket=dave_post, author=alice, body="He is at 12 Elm Street, call +1 415 555 0134.")
    with pytest.raises(DatabaseError, match="cannot become a public reply"):
        _raw("UPDATE tickets_message SET kind = 'reply' WHERE id = %s", [note.pk])
    with pytest.raises(DatabaseError, match="cannot become a public reply"), transaction.atomic():
        Message.objects.filter(pk=note.pk).update(kind=MessageKind.PUBLIC_REPLY)
    assert Message.objects.get(pk=note.pk).kind == MessageKind.INTERNAL_NOTE


@pytest.mark.skipif(settings.IS_POSTGRES, reason="SQLite's own triggers (PostgreSQL's are in 0002 and 0005)")
@pytest.mark.django_db
def test_sqlite_guard_triggers_come_back_after_migrate():
    """A migration that rebuilds a table drops its triggers on SQLite; every migrate puts missing ones back."""
    from django.core.management.sql import emit_post_migrate_signal

    from redaction.sqlite_guard import TRIGGERS

    def installed() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            return {name for (name,) in cursor.fetchall()}

    assert set(TRIGGERS) <= installed()
    _raw("DROP TRIGGER tickets_message_reply_backed", [])
    assert "tickets_message_reply_backed" not in installed()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert set(TRIGGERS) <= installed()


@pytest.mark.skipif(settings.IS_POSTGRES, reason="on PostgreSQL the pair is checked at commit (0005)")
@pytest.mark.django_db
def test_sqlite_refuses_pointing_a_reply_at_a_message_that_is_not_its_text(alice, dave_post, rung, notified):
    note = note_add(ticket=dave_post, author=alice, body="He is at 12 Elm Street.")
    version = gate.draft_save(ticket=dave_post, author=alice, body="A draft")
    with pytest.raises(DatabaseError, match="only point at the message of its published text"):
        _raw("UPDATE redaction_reply SET published_message_id = %s WHERE id = %s", [note.pk, version.reply_id])
