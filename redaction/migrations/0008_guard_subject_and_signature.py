"""On PostgreSQL, the staff-written text frozen with a version (its subject and signature) is guarded like its body.

0002 and 0005 guard a version's body and the reply message that publishes it. A version also carries the
persona's signature and, on a ticket staff opened, the subject, both scanned with it. Here: a version's subject
and signature do not change on its way to published nor after, and a reply message's signature is the one its
published version carries and never changes. The functions are 0002's and 0005's with those checks added.
"""
import re
from importlib import import_module

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
    IF NEW.status <> 'published' OR NEW.body <> OLD.body OR NEW.sha256 <> OLD.sha256
       OR NEW.subject <> OLD.subject OR NEW.signature <> OLD.signature THEN
      RAISE EXCEPTION 'reply gate: published version % cannot change', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.status = 'published' THEN
    IF NEW.body <> OLD.body OR NEW.sha256 <> encode(sha256(convert_to(NEW.body, 'UTF8')), 'hex')
       OR NEW.subject <> OLD.subject OR NEW.signature <> OLD.signature THEN
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

CREATE OR REPLACE FUNCTION tickets_message_reply_backed() RETURNS trigger AS $$
DECLARE
  msg tickets_message%ROWTYPE;
BEGIN
  -- Deferred to commit: judge the row as it will be committed, not as it was when the event was queued.
  SELECT * INTO msg FROM tickets_message WHERE id = NEW.id;
  IF NOT FOUND OR msg.kind <> 'reply' THEN
    RETURN NULL;
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM redaction_reply r JOIN redaction_replyversion v ON v.reply_id = r.id
    WHERE r.published_message_id = msg.id AND r.ticket_id = msg.ticket_id
      AND v.status = 'published' AND v.body = msg.body AND v.signature = msg.author_signature
  ) THEN
    RAISE EXCEPTION 'reply gate: public reply % was not published by the gate (no published version of its text)',
      msg.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION tickets_message_reply_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.kind <> 'reply' THEN
    RAISE EXCEPTION 'reply gate: message % cannot become a public reply (only the gate publishes replies)', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.kind <> 'reply' OR NEW.body <> OLD.body OR NEW.ticket_id <> OLD.ticket_id
     OR NEW.author_signature <> OLD.author_signature THEN
    RAISE EXCEPTION 'reply gate: public reply % cannot change its text, kind or ticket', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def _functions_of(migration: str) -> str:
    """The function definitions of an earlier guard migration, to restore when this one is reversed."""
    sql = import_module(f"redaction.migrations.{migration}").GUARD_SQL
    return "\n".join(re.findall(r"CREATE OR REPLACE FUNCTION .*?LANGUAGE plpgsql;", sql, flags=re.S))


PREVIOUS_SQL = "\n".join(
    _functions_of(name) for name in ("0002_publish_guard_trigger", "0005_reply_message_guard_trigger")
)


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # None: the % in RAISE are not placeholders

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("redaction", "0007_version_subject_signature"),
        ("tickets", "0006_message_author_signature_ticket_subject_public"),
    ]

    operations = [migrations.RunPython(_on_postgres(GUARD_SQL), _on_postgres(PREVIOUS_SQL))]
