"""The audit trail is append-only in the database itself, on PostgreSQL and SQLite alike (agents/audit_guard.py)."""
from django.db import migrations

from agents.audit_guard import install, remove


class Migration(migrations.Migration):
    dependencies = [("agents", "0003_audit_entry")]

    operations = [
        migrations.RunPython(lambda apps, schema_editor: install(schema_editor),
                             lambda apps, schema_editor: remove(schema_editor)),
    ]
