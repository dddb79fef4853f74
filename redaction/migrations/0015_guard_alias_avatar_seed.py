"""On PostgreSQL, the persona a reply goes out under (alias, avatar seed) is guarded like its signature.

0014 froze the alias and avatar seed into the version at Send, where the alias is scanned with the body. Here:
they do not change on a version's way to published nor after, a reply message carries exactly its published
version's, and a reply message's alias and avatar seed never change. The functions are 0008's with those checks
added (the SQLite twins are `redaction.sqlite_guard`).
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
       OR NEW.subject <> OLD.subject OR NEW.signature <> OLD.signature
       OR NEW.alias <> OLD.alias OR NEW.avatar_seed <> OLD.avatar_seed THEN
      RAISE EXCEPTION 'reply gate: published version % cannot change', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.status = 'published' THEN
    IF NEW.body <> OLD.body OR NEW.sha256 <> encode(sha256(convert_to(NEW.body, 'UTF8')), 'hex')
       OR NEW.subject <> OLD.subject OR NEW.signature <> OLD.signature
       OR NEW.alias <> OLD.alias OR NEW.avatar_seed <> OLD.avatar_seed THEN
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
      AND v.alias = msg.author_alias AND v.avatar_seed = msg.author_avatar_seed
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
     OR NEW.author_signature <> OLD.author_signature OR NEW.author_alias <> OLD.author_alias
     OR NEW.author_avatar_seed <> OLD.author_avatar_seed THEN
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


PREVIOUS_SQL = _functions_of("0008_guard_subject_and_signature")


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # None: the % in RAISE are not placeholders

    return run


class Migration(migrations.Migration):
    dependencies = [("redaction", "0014_version_alias_avatar_seed")]

    operations = [migrations.RunPython(_on_postgres(GUARD_SQL), _on_postgres(PREVIOUS_SQL))]
