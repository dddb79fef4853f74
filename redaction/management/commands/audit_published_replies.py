"""`manage.py audit_published_replies [--since DATE]`: which published replies would the gate hold today?"""
from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from redaction import audit
from redaction.models import AuditRun


def _since(value: str) -> datetime:
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 (a calendar day, made aware below)
    except ValueError:
        raise CommandError(f"--since wants a date like 2026-03-04, not {value!r}.") from None
    return timezone.make_aware(datetime.combine(day, time.min))


class Command(BaseCommand):
    help = (
        "Scan already-published public replies with the current scanner and list those it would now hold "
        "(message, ticket and kinds; never the private values)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", type=_since, help="only replies published on or after this day (YYYY-MM-DD)")

    def handle(self, *args, since=None, **options):
        run = audit.audit_run_start(since=since, enqueue=False)
        self.stdout.write(f"Auditing {run.total} published replies with scanner {run.scanner_version}…")

        def progress(current: AuditRun) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"  {current.done}/{current.total} scanned, {current.would_hold} would be held")

        run = audit.audit_run_execute(run_id=run.pk, progress=progress)
        hits = list(run.hits.select_related("ticket").order_by("message_id"))
        self.stdout.write(f"Scanned: {run.done}")
        self.stdout.write(f"Would hold: {run.would_hold}")
        for kind, count in audit.kind_counts(hits).items():
            self.stdout.write(f"  {kind}: {count}")
        for hit in hits:
            where = ", ".join(f"{s['kind']} {s['start']}-{s['end']}" for s in hit.spans)
            detail = f" [{hit.error}]" if hit.error else ""
            self.stdout.write(f"message {hit.message_id}  ticket {hit.ticket.reference}  {where}{detail}")
        self.stdout.write(f"Audit run #{run.pk}: {run.get_state_display().lower()}.")
