"""Check the audit trail's hash chain; name the first entry that does not hold and exit non-zero."""
import re

from django.core.management.base import BaseCommand, CommandError, CommandParser

from agents.audit import audit_setting
from agents.audit_chain import audit_verify, chain_head_matches, unchained_too_long

HEAD_RE = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain and name the first bad entry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="SEQ:HASH",
            help="a head printed by an earlier run and kept outside the database: it must still be in the chain",
        )

    def handle(self, *args, expect_head: str | None = None, **options) -> None:
        expected = None
        if expect_head is not None:
            match = HEAD_RE.match(expect_head.strip())
            if not match:
                raise CommandError("--expect-head takes SEQ:HASH as printed by audit_verify (64 hex digits)")
            expected = int(match.group(1)), match.group(2)
        report = audit_verify()
        if report.broken is not None:
            bad = report.broken
            raise CommandError(
                f"audit trail broken at entry {bad.entry_id} (chain position {bad.seq}): {bad.reason}. "
                f"{report.checked} entries before it hold."
            )
        if expected is not None and not chain_head_matches(seq=expected[0], digest=expected[1]):
            raise CommandError(
                f"the chain no longer holds entry {expected[0]} with hash {expected[1]}: "
                "entries after it were cut off or the chain was rebuilt"
            )
        self.stdout.write(f"audit trail holds: {report.checked} entries checked")
        self.stdout.write(f"head {report.head_seq}:{report.head_hash}")
        if report.unchained:
            line = f"{report.unchained} entries not chained yet"
            if unchained_too_long(report, warn_after_s=int(audit_setting("UNCHAINED_WARN_S"))):
                self.stderr.write(f"warning: {line}, the oldest since {report.oldest_unchained:%Y-%m-%d %H:%M:%S} "
                                  "UTC: is the chainer (agents.tasks.chain_audit_trail) running?")
            else:
                self.stdout.write(line)
