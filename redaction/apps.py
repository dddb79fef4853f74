from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


def _sqlite_guard_off(sender, using, **kwargs) -> None:
    """SQLite cannot rebuild a table that a trigger names: the migrations run without the guard."""
    from redaction.sqlite_guard import sqlite_guard_remove

    sqlite_guard_remove(connections[using])


def _sqlite_guard_on(sender, using, **kwargs) -> None:
    from redaction.sqlite_guard import sqlite_guard_install

    sqlite_guard_install(connections[using])


class RedactionConfig(AppConfig):
    name = "redaction"

    def ready(self) -> None:
        # tickets cannot import the gate, yet staff-written text must pass it: staff open tickets through
        # tickets.intake (their first reply is sent here), warnings are checked here before they are queued, and
        # names customers read (organizations', customers') here when they are written and shown.
        from redaction import checks  # noqa: F401  (registers the system check)
        from redaction.gate import reply_submit
        from redaction.publication import reply_override_register
        from redaction.textcheck import name_findings, text_findings
        from tickets.intake import public_reply_gate_register
        from tickets.names import public_name_check_register
        from tickets.notifications import public_text_check_register

        public_reply_gate_register(reply_submit)
        public_text_check_register(text_findings)
        public_name_check_register(name_findings)
        reply_override_register()
        pre_migrate.connect(_sqlite_guard_off, sender=self)
        post_migrate.connect(_sqlite_guard_on, sender=self)
