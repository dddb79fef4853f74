"""Write leads' confirmed and dismissed escalations as labelled JSON lines (escalation.urgency_labels).

    manage.py export_urgency_labels [--since 2026-01-01] [--output FILE]

The file holds customers' words: keep it where the database's contents may be kept.
"""
import json
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from escalation.urgency_labels import urgency_labels_export


class Command(BaseCommand):
    help = "Export confirmed/dismissed urgency detections as labelled JSON lines for bench/urgency_eval.py."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", help="only escalations raised on or after this date (YYYY-MM-DD)")
        parser.add_argument("--output", help="write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        since = None
        if options["since"]:
            try:
                since = datetime.fromisoformat(options["since"])
            except ValueError:
                raise CommandError(f"--since: {options['since']!r} is not a date like 2026-01-31") from None
            if timezone.is_naive(since):
                since = timezone.make_aware(since)
        out = open(options["output"], "w", encoding="utf-8") if options["output"] else self.stdout  # noqa: SIM115
        count = 0
        try:
            for row in urgency_labels_export(since=since):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if options["output"]:
                out.close()
        self.stderr.write(f"export_urgency_labels: {count} labelled messages")
