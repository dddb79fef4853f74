"""On PostgreSQL the database refuses an illegal publish by itself, and concurrent scans publish once."""
import threading

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction

from redaction import gate
from redaction import worker as gate_worker
from redaction.models import ReplyScan, ReplyVersion, VersionStatus
from tests.redaction.conftest import CLEAN, LEAKY
from tickets.models import Message, MessageKind, Notification

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="the publish guard is a PostgreSQL trigger"),
]


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
            " override_reason) VALUES (%s, 9, 'x', 'x', 'published', now(), 0, '')",
            [held.reply_id],
        )


@pytest.mark.django_db
def test_a_published_version_and_its_scan_never_change(alice, dave_post, submit, worker):
    published = worker(submit(dave_post, alice, CLEAN))
    with pytest.raises(DatabaseError, match="cannot change"):
        _raw("UPDATE redaction_replyversion SET body = %s WHERE id = %s", [LEAKY, published.pk])
    with pytest.raises(DatabaseError, match="evidence"):
        _raw("UPDATE redaction_replyscan SET findings = '[]', sha256 = 'x' WHERE version_id = %s", [published.pk])
    with pytest.raises(DatabaseError, match="never deleted"):
        _raw("DELETE FROM redaction_replyscan WHERE version_id = %s", [published.pk])


@pytest.mark.django_db(transaction=True)
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
