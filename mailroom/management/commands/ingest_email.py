"""`manage.py ingest_email PATH…`: take in .eml files, folders of them, or Maildirs (cur/ and new/).

Safe to run again on the same files: a message already received is reported as such and makes nothing new.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mailroom.models import Source
from mailroom.services import email_ingest


def message_files(path: Path) -> list[Path]:
    """The messages under `path`: the file itself, a Maildir's cur/ and new/, or a folder's files."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise CommandError(f"{path}: no such file or folder")
    if (path / "cur").is_dir() or (path / "new").is_dir():
        folders = [path / "cur", path / "new"]
    else:
        folders = [path]
    return sorted(f for folder in folders if folder.is_dir() for f in folder.iterdir()
                  if f.is_file() and not f.name.startswith("."))


class Command(BaseCommand):
    help = "Take in inbound email from .eml files, folders of them or Maildirs (run again safely)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help=".eml files, folders or Maildirs")
        parser.add_argument("--mailbox", default="", help="a TACT_MAILBOXES name: its queue takes new tickets")

    def handle(self, *args, paths: list[Path], mailbox: str, **options) -> None:
        counts: dict[str, int] = {}
        for path in paths:
            for file in message_files(path):
                result = email_ingest(raw=file.read_bytes(), source=Source.FILE, mailbox=mailbox)
                outcome = result.inbound.outcome if result.created else "already received"
                counts[outcome] = counts.get(outcome, 0) + 1
                detail = result.inbound.ticket.reference if result.inbound.ticket_id else result.inbound.reason
                self.stdout.write(f"{file.name}: {outcome}{f' ({detail})' if detail else ''}")
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "no messages"
        self.stdout.write(self.style.SUCCESS(summary))
