"""On PostgreSQL, the database itself refuses an illegal transition to published, even from raw SQL.

A version may become published only from pending/scanning with a clean scan of the same SHA-256 (which must be
the SHA-256 of its body), or from held with a lead's override and reason. A published version never changes,
and scans are append-only evidence (only an empty error may be filled in). SQLite relies on the services.
"""
from django.db import migrations

GUARD_SQL = r"""
CREATE OR REPLACE FUNCTION redaction_replyversion_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.status NOT IN ('draft', 'pending') THEN
      RAISE EXCEPTION 'reply gate: a version starts as draft or pending, not %', NEW.status
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.status = 'published' THEN
    IF NEW.status <> 'published' OR NEW.body <> OLD.body OR NEW.sha256 <> OLD.sha256 THEN
      RAISE EXCEPTION 'reply gate: published version % cannot change', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.status = 'published' THEN
    IF NEW.body <> OLD.body OR NEW.sha256 <> encode(sha256(convert_to(NEW.body, 'UTF8')), 'hex') THEN
      RAISE EXCEPTION 'reply gate: version % text does not match its hash', NEW.id USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status = 'held' THEN
      IF NEW.overridden_by_id IS NULL OR btrim(NEW.override_reason) = '' THEN
        RAISE EXCEPTION 'reply gate: held version % needs a lead and a reason', NEW.id
          USING ERRCODE = 'check_violation';
      END IF;
    ELSIF OLD.status IN ('pending', 'scanning') THEN
      IF NOT EXISTS (
        SELECT 1 FROM redaction_replyscan s
        WHERE s.version_id = NEW.id AND s.sha256 = NEW.sha256 AND s.error = '' AND s.findings = '[]'::jsonb
      ) THEN
        RAISE EXCEPTION 'reply gate: version % has no clean scan of its text', NEW.id
          USING ERRCODE = 'check_violation';
      END IF;
    ELSE
      RAISE EXCEPTION 'reply gate: version % cannot go from % to published', NEW.id, OLD.status
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER redaction_replyversion_guard
  BEFORE INSERT OR UPDATE ON redaction_replyversion
  FOR EACH ROW EXECUTE FUNCTION redaction_replyversion_guard();

CREATE OR REPLACE FUNCTION redaction_replyscan_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'reply gate: scans are never deleted' USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.version_id <> OLD.version_id OR NEW.sha256 <> OLD.sha256 OR NEW.findings <> OLD.findings
     OR NEW.scanner_version <> OLD.scanner_version OR NEW.policy_digest <> OLD.policy_digest
     OR (OLD.error <> '' AND NEW.error <> OLD.error) THEN
    RAISE EXCEPTION 'reply gate: scan % is evidence and cannot change', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER redaction_replyscan_guard
  BEFORE UPDATE OR DELETE ON redaction_replyscan
  FOR EACH ROW EXECUTE FUNCTION redaction_replyscan_guard();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS redaction_replyscan_guard ON redaction_replyscan;
DROP FUNCTION IF EXISTS redaction_replyscan_guard();
DROP TRIGGER IF EXISTS redaction_replyversion_guard ON redaction_replyversion;
DROP FUNCTION IF EXISTS redaction_replyversion_guard();
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # None: the % in RAISE are not placeholders

    return run


class Migration(migrations.Migration):
    dependencies = [("redaction", "0001_initial")]

    operations = [migrations.RunPython(_on_postgres(GUARD_SQL), _on_postgres(DROP_SQL))]
