"""The database keeps a sent reply's files as they were scanned, on SQLite (redaction.sqlite_guard) and PostgreSQL
(migration 0013): no file row added to, changed on or (PostgreSQL) deleted from a sent version, and the
version's files digest never changes; a draft's files still come and go."""
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction

from redaction import gate
from redaction.models import ReplyFile, VersionStatus
from tests.redaction.conftest import CLEAN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def sent(alice, dave_ticket, rung, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return gate.reply_submit(ticket=dave_ticket, author=alice, body=CLEAN,
                                 files=[SimpleUploadedFile("steps.txt", b"Restart the router.")])


@pytest.mark.parametrize("sql", [
    "UPDATE redaction_replyfile SET text = 'something else' WHERE version_id = %s",
    "UPDATE redaction_replyfile SET filename = 'other.txt' WHERE version_id = %s",
    "UPDATE redaction_replyfile SET sha256 = '0000' WHERE version_id = %s",
])
def test_raw_sql_cannot_change_a_sent_versions_file(sent, sql):
    with pytest.raises(DatabaseError, match="files of a sent version cannot change"):
        _raw(sql, [sent.pk])
    assert ReplyFile.objects.get().text == "Restart the router."


def test_raw_sql_cannot_add_a_file_to_a_sent_version_or_change_its_digest(sent):
    with pytest.raises(DatabaseError, match="files of a sent version cannot change"):
        _raw("INSERT INTO redaction_replyfile (version_id, file, filename, size, content_type, sha256, text,"
             " created_at) VALUES (%s, 'x.txt', 'x.txt', 1, 'text/plain', 'x', 'call erin@mail.example', %s)",
             [sent.pk, sent.created_at])
    with pytest.raises(DatabaseError, match="files of a sent version cannot change"):
        _raw("UPDATE redaction_replyversion SET files_sha256 = '' WHERE id = %s", [sent.pk])
    assert ReplyFile.objects.count() == 1


@pytest.mark.skipif(not settings.IS_POSTGRES, reason="SQLite keeps no DELETE guard (flush must empty tables)")
def test_raw_sql_cannot_delete_a_sent_versions_file(sent):
    with pytest.raises(DatabaseError, match="files of a sent version cannot change"):
        _raw("DELETE FROM redaction_replyfile WHERE version_id = %s", [sent.pk])


def test_a_held_reply_sent_again_still_carries_and_drops_files(alice, dave_ticket, rung, worker,
                                                               django_capture_on_commit_callbacks):
    """The guard leaves the gate's own steps alone: a new version gets copies, and Send removes some."""
    with django_capture_on_commit_callbacks(execute=True):
        first = gate.reply_submit(ticket=dave_ticket, author=alice, body="Write to erin@mail.example.",
                                  files=[SimpleUploadedFile("a.txt", b"one"), SimpleUploadedFile("b.txt", b"two")])
    assert worker(first).status == VersionStatus.HELD
    drop = first.files.get(filename="b.txt")
    draft = gate.draft_save(ticket=dave_ticket, author=alice, body=CLEAN)
    assert sorted(draft.files.values_list("filename", flat=True)) == ["a.txt", "b.txt"]
    with django_capture_on_commit_callbacks(execute=True):
        second = gate.reply_submit(ticket=dave_ticket, author=alice, body=CLEAN, remove_files=[drop.pk])
    assert list(second.files.values_list("filename", flat=True)) == ["a.txt"] and second.files_sha256
    assert sorted(first.files.values_list("filename", flat=True)) == ["a.txt", "b.txt"]
