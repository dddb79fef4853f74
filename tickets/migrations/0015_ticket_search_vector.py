"""A stored search vector per ticket on PostgreSQL, kept current by triggers (why: `tickets.search`).

`tickets_search_vector(subject, bodies)` is the one definition of what a ticket's vector holds; the triggers
and `tickets.search.search_vectors_rebuild` both call it. A message insert, a body change, a message moved to
another ticket or deleted recomputes its ticket(s); a subject change recomputes the ticket. Each recomputation
first locks the ticket row, then reads the messages with a fresh snapshot, so two messages committed at once on
one ticket never leave a vector that misses one of them.

Not atomic: the backfill commits per chunk of tickets (a million tickets in one transaction would hold every
rewritten row and its log until the end). Every step is idempotent, so a migration stopped half way is run
again. The GIN index is built after the backfill, which is faster than keeping it current row by row. The two
expression indexes of 0002 served the search this replaces and only slowed message writes: they go.
SQLite has no tsvector; its search reads subjects and bodies (`tickets.search.ticket_search`).
"""
from django.db import migrations

from tickets.search import search_vectors_rebuild

FORWARD = r"""
ALTER TABLE tickets_ticket ADD COLUMN IF NOT EXISTS search_vector tsvector;

CREATE OR REPLACE FUNCTION tickets_search_vector(subject text, bodies text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- At most 200,000 characters of message text (the newest first): a tsvector holds at most 1 MB, and a
    -- thread longer than that must not make posting a message fail.
    SELECT setweight(to_tsvector('english'::regconfig, coalesce(subject, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, left(coalesce(bodies, ''), 200000)), 'B')
$$;

CREATE OR REPLACE FUNCTION tickets_search_refresh(ticket bigint) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    -- Lock first: the statement below then takes a snapshot that includes messages committed meanwhile.
    PERFORM 1 FROM tickets_ticket WHERE id = ticket FOR UPDATE;
    UPDATE tickets_ticket t SET search_vector = tickets_search_vector(
        t.subject,
        (SELECT string_agg(m.body, ' ' ORDER BY m.id DESC) FROM tickets_message m WHERE m.ticket_id = ticket)
    ) WHERE t.id = ticket;
END $$;

CREATE OR REPLACE FUNCTION tickets_ticket_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.search_vector := tickets_search_vector(NEW.subject, NULL);
    ELSE
        NEW.search_vector := tickets_search_vector(
            NEW.subject,
            (SELECT string_agg(m.body, ' ' ORDER BY m.id DESC) FROM tickets_message m WHERE m.ticket_id = NEW.id)
        );
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION tickets_message_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM tickets_search_refresh(OLD.ticket_id);
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.ticket_id <> OLD.ticket_id) THEN
        PERFORM tickets_search_refresh(NEW.ticket_id);
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS tickets_ticket_search_insert ON tickets_ticket;
CREATE TRIGGER tickets_ticket_search_insert BEFORE INSERT ON tickets_ticket
    FOR EACH ROW EXECUTE FUNCTION tickets_ticket_search_trigger();
DROP TRIGGER IF EXISTS tickets_ticket_search_subject ON tickets_ticket;
CREATE TRIGGER tickets_ticket_search_subject BEFORE UPDATE OF subject ON tickets_ticket
    FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject)
    EXECUTE FUNCTION tickets_ticket_search_trigger();
DROP TRIGGER IF EXISTS tickets_message_search_change ON tickets_message;
CREATE TRIGGER tickets_message_search_change AFTER INSERT OR DELETE ON tickets_message
    FOR EACH ROW EXECUTE FUNCTION tickets_message_search_trigger();
DROP TRIGGER IF EXISTS tickets_message_search_update ON tickets_message;
CREATE TRIGGER tickets_message_search_update AFTER UPDATE OF body, ticket_id ON tickets_message
    FOR EACH ROW WHEN (OLD.body IS DISTINCT FROM NEW.body OR OLD.ticket_id IS DISTINCT FROM NEW.ticket_id)
    EXECUTE FUNCTION tickets_message_search_trigger();
"""

INDEX = r"""
CREATE INDEX IF NOT EXISTS tickets_ticket_search_gin ON tickets_ticket USING gin (search_vector);
-- The planner's guess for a word it has no statistics on is half the rarest word it keeps. At the default
-- target that is ~0.5 % of the tickets: it would walk the recency index hoping to meet 25 matches soon and, for
-- a rare word, walk every ticket (seconds at a million). A larger sample of words makes that guess ~0.05 %, and
-- then a rare word takes the GIN index while a common one still walks recency.
ALTER TABLE tickets_ticket ALTER COLUMN search_vector SET STATISTICS 1000;
DROP INDEX IF EXISTS tickets_message_body_fts;
DROP INDEX IF EXISTS tickets_ticket_subject_fts;
ANALYZE tickets_ticket;
"""

BACKWARD = r"""
DROP TRIGGER IF EXISTS tickets_ticket_search_insert ON tickets_ticket;
DROP TRIGGER IF EXISTS tickets_ticket_search_subject ON tickets_ticket;
DROP TRIGGER IF EXISTS tickets_message_search_change ON tickets_message;
DROP TRIGGER IF EXISTS tickets_message_search_update ON tickets_message;
DROP FUNCTION IF EXISTS tickets_message_search_trigger();
DROP FUNCTION IF EXISTS tickets_ticket_search_trigger();
DROP FUNCTION IF EXISTS tickets_search_refresh(bigint);
DROP FUNCTION IF EXISTS tickets_search_vector(text, text);
DROP INDEX IF EXISTS tickets_ticket_search_gin;
ALTER TABLE tickets_ticket DROP COLUMN IF EXISTS search_vector;
CREATE INDEX IF NOT EXISTS tickets_message_body_fts ON tickets_message
    USING gin ((to_tsvector('english'::regconfig, COALESCE(body, ''))));
CREATE INDEX IF NOT EXISTS tickets_ticket_subject_fts ON tickets_ticket
    USING gin ((to_tsvector('english'::regconfig, COALESCE(subject, ''))));
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(FORWARD)
        search_vectors_rebuild(cursor)
        cursor.execute(INDEX)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(BACKWARD)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("tickets", "0014_webhooks")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
