"""GIN indexes for the inbox's full-text search on PostgreSQL (tickets.selectors._search).

The expressions must stay identical to what `SearchVector(field, config="english")` compiles to, or the
planner will not use them. SQLite has no such index and searches by substring, so this is a no-op there.
"""
from django.db import migrations

INDEXES = [
    ("tickets_message_body_fts", "tickets_message", "body"),
    ("tickets_ticket_subject_fts", "tickets_ticket", "subject"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f"USING gin ((to_tsvector('english'::regconfig, COALESCE(\"{column}\", ''))))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
