"""On PostgreSQL, a public reply cannot enter a thread, even by raw SQL, unless the gate published its text.

0002 guards the gate's own rows; this guards `tickets_message`, the table every customer-facing page reads. At
commit, each reply message written in the transaction must be the published message of a gate reply on the
same ticket whose published version has exactly its text (so, by 0002, a clean scan of that text or a lead's
override). The check is a deferred constraint trigger because the gate inserts the message before it points
the reply at it, in one transaction. A reply's text, kind and ticket never change afterwards, no other message
becomes a reply, and a published gate reply keeps its message. SQLite relies on the services.
"""
from django.db import migrations

GUARD_SQL = r"""
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
      AND v.status = 'published' AND v.body = msg.body
  ) THEN
    RAISE EXCEPTION 'reply gate: public reply % was not published by the gate (no published version of its text)',
      msg.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER tickets_message_reply_backed
  AFTER INSERT OR UPDATE ON tickets_message
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.kind = 'reply')
  EXECUTE FUNCTION tickets_message_reply_backed();

CREATE OR REPLACE FUNCTION tickets_message_reply_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.kind <> 'reply' THEN
    RAISE EXCEPTION 'reply gate: message % cannot become a public reply (only the gate publishes replies)', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.kind <> 'reply' OR NEW.body <> OLD.body OR NEW.ticket_id <> OLD.ticket_id THEN
    RAISE EXCEPTION 'reply gate: public reply % cannot change its text, kind or ticket', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER tickets_message_reply_frozen
  BEFORE UPDATE ON tickets_message
  FOR EACH ROW WHEN (OLD.kind = 'reply' OR NEW.kind = 'reply')
  EXECUTE FUNCTION tickets_message_reply_frozen();

CREATE OR REPLACE FUNCTION redaction_reply_published_guard() RETURNS trigger AS $$
BEGIN
  IF NEW.published_message_id IS DISTINCT FROM OLD.published_message_id OR NEW.ticket_id <> OLD.ticket_id THEN
    RAISE EXCEPTION 'reply gate: published reply % keeps its message and ticket', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER redaction_reply_published_guard
  BEFORE UPDATE ON redaction_reply
  FOR EACH ROW WHEN (OLD.published_message_id IS NOT NULL)
  EXECUTE FUNCTION redaction_reply_published_guard();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS redaction_reply_published_guard ON redaction_reply;
DROP FUNCTION IF EXISTS redaction_reply_published_guard();
DROP TRIGGER IF EXISTS tickets_message_reply_frozen ON tickets_message;
DROP FUNCTION IF EXISTS tickets_message_reply_frozen();
DROP TRIGGER IF EXISTS tickets_message_reply_backed ON tickets_message;
DROP FUNCTION IF EXISTS tickets_message_reply_backed();
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)  # None: the % in RAISE are not placeholders

    return run


class Migration(migrations.Migration):
    dependencies = [("redaction", "0004_sweep_backoff"), ("tickets", "0001_initial")]

    operations = [migrations.RunPython(_on_postgres(GUARD_SQL), _on_postgres(DROP_SQL))]
