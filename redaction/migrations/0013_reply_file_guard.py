"""On PostgreSQL, a reply's files are frozen with it like its text (the SQLite triggers are redaction.sqlite_guard).

A version's files are read at Send and their digest (`files_sha256`) is set once, in the Send's transaction;
the worker scans exactly those rows and publication recomputes the digest from them. From then on a file row
of that version is evidence of what was scanned and published: it cannot be added, changed or deleted, and the
version's digest cannot change. Until then (a draft, or a Send still settling its files) rows come and go.
"""
from django.db import migrations

GUARD_SQL = r"""
CREATE OR REPLACE FUNCTION redaction_replyfile_guard() RETURNS trigger AS $$
DECLARE
  frozen boolean;
BEGIN
  SELECT v.status NOT IN ('draft', 'pending') OR v.files_sha256 <> '' INTO frozen
    FROM redaction_replyversion v
   WHERE v.id = CASE WHEN TG_OP = 'INSERT' THEN NEW.version_id ELSE OLD.version_id END;
  IF TG_OP = 'UPDATE' AND NOT frozen THEN
    SELECT v.status NOT IN ('draft', 'pending') OR v.files_sha256 <> '' INTO frozen
      FROM redaction_replyversion v WHERE v.id = NEW.version_id;
  END IF;
  IF frozen THEN
    RAISE EXCEPTION 'reply gate: the files of a sent version cannot change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER redaction_replyfile_guard
BEFORE INSERT OR UPDATE OR DELETE ON redaction_replyfile
FOR EACH ROW EXECUTE FUNCTION redaction_replyfile_guard();

CREATE OR REPLACE FUNCTION redaction_replyversion_files_guard() RETURNS trigger AS $$
BEGIN
  IF OLD.files_sha256 <> '' AND NEW.files_sha256 IS DISTINCT FROM OLD.files_sha256 THEN
    RAISE EXCEPTION 'reply gate: the files of a sent version cannot change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER redaction_replyversion_files_guard
BEFORE UPDATE OF files_sha256 ON redaction_replyversion
FOR EACH ROW EXECUTE FUNCTION redaction_replyversion_files_guard();
"""

REVERSE_SQL = r"""
DROP TRIGGER IF EXISTS redaction_replyversion_files_guard ON redaction_replyversion;
DROP FUNCTION IF EXISTS redaction_replyversion_files_guard();
DROP TRIGGER IF EXISTS redaction_replyfile_guard ON redaction_replyfile;
DROP FUNCTION IF EXISTS redaction_replyfile_guard();
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # None: no placeholders in the SQL

    return run


class Migration(migrations.Migration):
    dependencies = [("redaction", "0012_reply_files")]

    operations = [migrations.RunPython(_on_postgres(GUARD_SQL), _on_postgres(REVERSE_SQL))]
