"""Recompute the leads' dashboard figures (escalation.dashboard), e.g. after an upgrade or to rebuild history.

    manage.py dashboard_rollup [--days 365]

Beat does the recent days by itself every few minutes; this is for older days, which it leaves alone.
"""
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from escalation.dashboard import dashboard_rollup, dashboard_setting


class Command(BaseCommand):
    help = "Recompute the leads' dashboard's daily figures for the last N days (default: what beat does)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, help="days to recompute, today included (at least 1)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] is not None and options["days"] < 1:
            raise CommandError("--days must be at least 1")
        days = options["days"] or int(dashboard_setting("RECOMPUTE_DAYS"))
        rows = dashboard_rollup(days=days)
        self.stdout.write(f"{rows} rows for the last {days} days")
