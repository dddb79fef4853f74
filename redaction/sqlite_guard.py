"""On SQLite, the same guard as PostgreSQL's (redaction migrations 0002, 0005, 0008, 0013 and 0015): the database itself
refuses a reply that the gate did not publish, even from raw SQL, on the embedded default too.

SQLite has no deferred constraint triggers, so where PostgreSQL checks a reply message at commit, SQLite checks
it when it is inserted: the gate flips the version to published before it writes the message, so a public reply
may enter a thread only while its ticket has a published gate version of exactly its text whose reply has no
message yet; pointing the reply at its message then checks the pair. The version's hash is checked with the
SHA256() function Django registers on every SQLite connection (outside Django the function is missing, and
publishing fails closed). A version's files are frozen once its Send set their digest (as 0013 on PostgreSQL):
no row added or changed, the digest kept. One rule stays PostgreSQL's alone: scans and a sent version's files
are never deleted. SQLite has no TRUNCATE, so a trigger refusing DELETE would also refuse emptying the database
(`manage.py flush`, the test suite).

SQLite rebuilds a table to alter most columns (create a copy, drop the table, rename the copy), which drops the
table's own triggers and fails on triggers elsewhere that name it. So the triggers are not a migration: they are
dropped before every `migrate` and installed after it (`RedactionConfig.ready`, pre_migrate and post_migrate).
"""

GUARD_SQL = [
    """
    CREATE TRIGGER IF NOT EXISTS redaction_replyversion_insert_guard BEFORE INSERT ON redaction_replyversion
    WHEN NEW.status NOT IN ('draft', 'pending')
    BEGIN SELECT RAISE(ABORT, 'reply gate: a version starts as draft or pending'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS redaction_replyversion_published_frozen BEFORE UPDATE ON redaction_replyversion
    WHEN OLD.status = 'published'
      AND (NEW.status <> 'published' OR NEW.body <> OLD.body OR NEW.sha256 <> OLD.sha256
           OR NEW.subject <> OLD.subject OR NEW.signature <> OLD.signature
           OR NEW.alias <> OLD.alias OR NEW.avatar_seed <> OLD.avatar_seed)
    BEGIN SELECT RAISE(ABORT, 'reply gate: a published version cannot change'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS redaction_replyversion_publish_guard BEFORE UPDATE ON redaction_replyversion
    WHEN NEW.status = 'published' AND OLD.status <> 'published'
    BEGIN
      SELECT RAISE(ABORT, 'reply gate: version text does not match its hash')
        WHERE NEW.body <> OLD.body OR NEW.sha256 <> SHA256(NEW.body)
          OR NEW.subject <> OLD.subject OR NEW.signature <> OLD.signature
          OR NEW.alias <> OLD.alias OR NEW.avatar_seed <> OLD.avatar_seed;
      SELECT RAISE(ABORT, 'reply gate: a held version needs a lead and a reason')
        WHERE OLD.status = 'held' AND (NEW.overridden_by_id IS NULL OR trim(NEW.override_reason) = '');
      SELECT RAISE(ABORT, 'reply gate: version has no clean scan of its text')
        WHERE OLD.status IN ('pending', 'scanning') AND NOT EXISTS (
          SELECT 1 FROM redaction_replyscan s
          WHERE s.version_id = NEW.id AND s.sha256 = NEW.sha256 AND s.error = '' AND s.findings = '[]'
        );
      SELECT RAISE(ABORT, 'reply gate: only a waiting or held version can be published')
        WHERE OLD.status NOT IN ('pending', 'scanning', 'held');
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS redaction_replyscan_guard BEFORE UPDATE ON redaction_replyscan
    WHEN NEW.version_id <> OLD.version_id OR NEW.sha256 <> OLD.sha256 OR NEW.findings <> OLD.findings
      OR NEW.scanner_version <> OLD.scanner_version OR NEW.policy_digest <> OLD.policy_digest
      OR (OLD.error <> '' AND NEW.error <> OLD.error)
    BEGIN SELECT RAISE(ABORT, 'reply gate: a scan is evidence and cannot change'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS tickets_message_reply_backed BEFORE INSERT ON tickets_message
    WHEN NEW.kind = 'reply'
    BEGIN
      SELECT RAISE(ABORT, 'reply gate: a public reply was not published by the gate (no published version of its text)')
        WHERE NOT EXISTS (
          SELECT 1 FROM redaction_reply r JOIN redaction_replyversion v ON v.reply_id = r.id
          WHERE r.ticket_id = NEW.ticket_id AND r.published_message_id IS NULL
            AND v.status = 'published' AND v.body = NEW.body AND v.signature = NEW.author_signature
            AND v.alias = NEW.author_alias AND v.avatar_seed = NEW.author_avatar_seed
        );
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS tickets_message_reply_frozen BEFORE UPDATE ON tickets_message
    WHEN OLD.kind = 'reply' OR NEW.kind = 'reply'
    BEGIN
      SELECT RAISE(ABORT, 'reply gate: a message cannot become a public reply (only the gate publishes replies)')
        WHERE OLD.kind <> 'reply';
      SELECT RAISE(ABORT, 'reply gate: a public reply cannot change its text, kind or ticket')
        WHERE NEW.kind <> 'reply' OR NEW.body <> OLD.body OR NEW.ticket_id <> OLD.ticket_id
          OR NEW.author_signature <> OLD.author_signature OR NEW.author_alias <> OLD.author_alias
          OR NEW.author_avatar_seed <> OLD.author_avatar_seed;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS redaction_reply_points_at_its_text BEFORE UPDATE ON redaction_reply
    WHEN OLD.published_message_id IS NULL AND NEW.published_message_id IS NOT NULL
    BEGIN
      SELECT RAISE(ABORT, 'reply gate: a reply can only point at the message of its published text')
        WHERE NOT EXISTS (
          SELECT 1 FROM tickets_message m JOIN redaction_replyversion v ON v.reply_id = NEW.id
          WHERE m.id = NEW.published_message_id AND m.kind = 'reply' AND m.ticket_id = NEW.ticket_id
            AND v.status = 'published' AND v.body = m.body AND v.signature = m.author_signature
            AND v.alias = m.author_alias AND v.avatar_seed = m.author_avatar_seed
        );
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS redaction_replyfile_insert_guard BEFORE INSERT ON redaction_replyfile
    WHEN EXISTS (SELECT 1 FROM redaction_replyversion v WHERE v.id = NEW.version_id
                 AND (v.status NOT IN ('draft', 'pending') OR v.files_sha256 <> ''))
    BEGIN SELECT RAISE(ABORT, 'reply gate: the files of a sent version cannot change'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS redaction_replyfile_frozen BEFORE UPDATE ON redaction_replyfile
    WHEN EXISTS (SELECT 1 FROM redaction_replyversion v WHERE v.id IN (OLD.version_id, NEW.version_id)
                 AND (v.status NOT IN ('draft', 'pending') OR v.files_sha256 <> ''))
    BEGIN SELECT RAISE(ABORT, 'reply gate: the files of a sent version cannot change'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS redaction_replyversion_files_frozen BEFORE UPDATE ON redaction_replyversion
    WHEN OLD.files_sha256 <> '' AND NEW.files_sha256 IS NOT OLD.files_sha256
    BEGIN SELECT RAISE(ABORT, 'reply gate: the files of a sent version cannot change'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS redaction_reply_published_guard BEFORE UPDATE ON redaction_reply
    WHEN OLD.published_message_id IS NOT NULL
      AND (NEW.published_message_id IS NOT OLD.published_message_id OR NEW.ticket_id <> OLD.ticket_id)
    BEGIN SELECT RAISE(ABORT, 'reply gate: a published reply keeps its message and ticket'); END
    """,
]

TRIGGERS = [
    "redaction_replyversion_insert_guard", "redaction_replyversion_published_frozen",
    "redaction_replyversion_publish_guard", "redaction_replyscan_guard",
    "tickets_message_reply_backed", "tickets_message_reply_frozen", "redaction_reply_points_at_its_text",
    "redaction_reply_published_guard", "redaction_replyfile_insert_guard", "redaction_replyfile_frozen",
    "redaction_replyversion_files_frozen",
]




def sqlite_guard_install(connection) -> None:
    """Create whichever guard triggers are missing (SQLite only; PostgreSQL has its own in 0002 and 0005)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for sql in GUARD_SQL:
            cursor.execute(sql)


def sqlite_guard_remove(connection) -> None:
    """Drop the guard triggers, so the migrations about to run can rebuild the tables they name."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
