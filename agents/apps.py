from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AgentsConfig(AppConfig):
    name = "agents"
    verbose_name = "Staff and personas"

    def ready(self) -> None:
        from agents import grants, mfa, reveals, signals  # noqa: F401  (signals: the persona and audit receivers)
        from agents.audit_guard import sqlite_guard_ensure

        grants.register()
        reveals.register()
        mfa.register()
        post_migrate.connect(sqlite_guard_ensure, sender=self, dispatch_uid="agents.sqlite_guard_ensure")
