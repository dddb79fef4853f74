"""The worker's side of the reply gate: claim waiting versions, scan each, then publish or hold them.

A doorbell message names one version, but the worker answering it takes whatever else is waiting too (up to
BATCH_SIZE, oldest first). Under load, a batch shares the database round trips and the broker's per-message
cost among many replies; on a quiet desk a batch is the one reply. A claim is a lease: a version being
scanned is its worker's for SCAN_LEASE_S, so a message for it that reaches another worker takes what is
still pending instead of scanning it twice, and after the lease (the worker died) any worker may claim it
again. Each claim counts an attempt, which is also the fencing token: only the run holding the latest claim
may write a verdict.
"""
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from redaction import doorbell
from redaction.context import context_under_alias, ticket_contexts
from redaction.models import IN_FLIGHT, ReplyFile, ReplyScan, ReplyVersion, VersionStatus, body_sha256
from redaction.policy import current_policy, gate_setting, policy_digest
from redaction.publication import Verdict, scan_error_record, verdicts_apply, versions_hold, versions_locked
from redaction.replyfiles import file_parts, files_digest, stored_hashes, version_files
from redaction.scanner import SCANNER_VERSION
from redaction.scanning import RETRYABLE, ScanTimeout, scan_with_deadline

logger = logging.getLogger(__name__)


class FileChanged(Exception):
    """A file's stored bytes no longer match the hash recorded when it was attached."""


@dataclass
class _Scanned:
    version: ReplyVersion
    findings: list
    error: str
    duration_ms: int
    files_sha256: str = ""


def reply_scan(*, version_id: int) -> ReplyVersion | None:
    """Scan a version, and whatever else is waiting, then publish or hold each. Safe to run any number of
    times, concurrently too. Returns the named version once decided here, None if this run did not take it.

    Claims commit before scanning (so a crash is counted) and the scans run without locks. Database errors
    give the claims back and propagate for the task to retry; any other failure to scan holds that version:
    an error is never clean.
    """
    claimed = _claim(version_id)
    if not claimed:
        return None
    try:
        scanned = _scan_all(claimed)
    except RETRYABLE:
        _release_quietly(claimed)
        raise
    _decide(scanned)
    return next((s.version for s in scanned if s.version.pk == version_id), None)


def _claim(version_id: int) -> list[ReplyVersion]:
    """Lease the named version if it needs a scan, and up to BATCH_SIZE-1 more, oldest first.

    One statement, committed on its own: an update of the rows a `FOR UPDATE SKIP LOCKED` subquery picks, which
    returns the rows it moved (two workers claim side by side without waiting on each other; SQLite serializes
    writers and needs no such clause). Then one read brings what scanning needs with each version: its reply's
    ticket, customer and author's persona. A version whose attempts are used up is held here instead of
    scanned again.
    """
    now = timezone.now()
    lease = timedelta(seconds=gate_setting("SCAN_LEASE_S"))
    lapsed = Q(scan_started_at__isnull=True) | Q(scan_started_at__lt=now - lease)
    claimable = Q(status=VersionStatus.PENDING) | (Q(status=VersionStatus.SCANNING) & lapsed)
    named_first = Case(When(pk=version_id, then=Value(0)), default=Value(1))
    batch = ReplyVersion.objects.filter(claimable).order_by(named_first, "submitted_at", "id").values("pk")
    sql, params = batch[: gate_setting("BATCH_SIZE")].query.sql_with_params()
    if connection.vendor == "postgresql":
        # Picked once, as an array: a plain `IN (subquery)` may be run again for the update and lock past LIMIT.
        sql = f"SELECT unnest(ARRAY({sql} {connection.ops.for_update_sql(skip_locked=True)}))"
    # The lease and the attempt (also the fencing token) are taken by the same statement that picks the rows.
    picked = RawSQL(sql, params)  # noqa: S611 (the ORM's own SQL, its values bound as parameters)
    moved = dict(
        ReplyVersion.objects.filter(claimable, pk__in=picked).move_returning(
            VersionStatus.SCANNING, source=IN_FLIGHT, columns=("id", "attempts"), flush=False,
            scan_started_at=now, attempts=F("attempts") + 1,
        )
    )
    if not moved:
        return []
    try:
        versions = list(
            ReplyVersion.objects.select_related(
                "reply__ticket__customer__organization", "reply__author__staff__persona"
            )
            .filter(pk__in=moved)
            .order_by(named_first, "submitted_at", "id")
        )
    except RETRYABLE:  # claimed but not read: give the claims back, as a failed scan would
        _release_quietly([ReplyVersion(pk=pk, attempts=attempts) for pk, attempts in moved.items()])
        raise
    for version in versions:  # as claimed, whatever happened since: the claim is the fencing token
        version.status, version.scan_started_at, version.attempts = VersionStatus.SCANNING, now, moved[version.pk]
    max_attempts = gate_setting("MAX_SCAN_ATTEMPTS")
    spent = [v for v in versions if v.attempts > max_attempts]
    if spent:
        _hold_spent(spent, now=now)
    return [v for v in versions if v.attempts <= max_attempts]


def _hold_spent(claimed: list[ReplyVersion], *, now) -> None:
    """Every earlier attempt on these died mid-scan (killed worker, hard time limit): a person must look.
    Held under this run's claim only, like a verdict."""
    with transaction.atomic():
        attempts = {v.pk: v.attempts for v in claimed}
        spent = [
            v for v in versions_locked().filter(pk__in=attempts, status=VersionStatus.SCANNING)
            if v.attempts == attempts[v.pk]
        ]
        tried = {v.pk: v.attempts - 1 for v in spent}  # this claim's attempt is not one that ran
        errors = [scan_error_record(v, f"The scan did not finish after {tried[v.pk]} attempts.") for v in spent]
        versions_hold([Verdict(v, error) for v, error in zip(spent, errors, strict=True)], now=now)


def _release(versions: list[ReplyVersion]) -> None:
    """Give claims back untried (pending, attempt not counted), unless someone claimed them since."""
    for version in versions:
        ReplyVersion.objects.filter(pk=version.pk, attempts=version.attempts).move(
            VersionStatus.PENDING, source=[VersionStatus.SCANNING], scan_started_at=None, attempts=F("attempts") - 1
        )


def _release_quietly(versions: list[ReplyVersion]) -> None:
    """With the database failing, giving claims back may fail too; then their lease runs out instead."""
    try:
        _release(versions)
    except RETRYABLE:
        logger.warning("could not give back %s claimed versions; their lease will lapse", len(versions))


def _scan_all(versions: list[ReplyVersion]) -> list[_Scanned]:
    """Scan each claimed version against its ticket's context, within one batch deadline.

    Scans that would start after SCAN_TIMEOUT_S are given back and rung again, so a batch ends well inside
    its lease however slow its replies are.
    """
    replies = [v.reply for v in versions]
    contexts = ticket_contexts({(r.ticket_id, r.author_id): (r.ticket, r.author) for r in replies}.values())
    timeout = gate_setting("SCAN_TIMEOUT_S")
    policy = current_policy()
    deadline = time.monotonic() + timeout
    scanned = []
    for index, version in enumerate(versions):
        if index and time.monotonic() > deadline:
            rest = versions[index:]
            _release(rest)
            doorbell.enqueue_scan(rest[0].pk)  # whoever answers takes the rest as a batch
            break
        reply = version.reply
        started = time.monotonic()
        findings: list = []
        error = ""
        files_sha256 = ""
        try:
            # The files as they are stored now: the digest of what was read is recorded with the scan.
            files = version_files(version)
            hashes = stored_hashes(files)
            files_sha256 = files_digest(files, hashes=hashes)
            if any(h != f.sha256 for f, h in zip(files, hashes, strict=True)):
                raise FileChanged
            # "Yesterday" is the day before Send, however long the reply waited for a worker.
            sent_at = version.submitted_at or version.created_at
            context = version_context(version, contexts[reply.ticket_id, reply.author_id], now=sent_at)
            parts = version_parts(version, files)
            scanned_parts = scan_with_deadline([text for _, text in parts], context, policy, timeout)
            for (part, _), part_findings in zip(parts, scanned_parts, strict=True):
                for finding in part_findings:
                    findings.append({**finding.as_dict(), **({"part": part} if part != "body" else {})})
        except FileChanged:
            error = "A file on this reply changed after it was attached; a person must check it."
        except ScanTimeout:
            error = f"The scan took longer than {timeout} s and was stopped."
        except Exception as exc:
            logger.warning("reply version %s: scanner failed (%s)", version.pk, type(exc).__name__)
            error = f"The scanner failed ({type(exc).__name__}); a person must check this reply."
        scanned.append(_Scanned(version, findings, error, int((time.monotonic() - started) * 1000), files_sha256))
    return scanned


def version_context(version: ReplyVersion, context: dict, *, now) -> dict:
    """The ticket's context for one version: as of its Send (`now`), under the alias frozen with it."""
    return {**context_under_alias(context, version.alias), "now": now.isoformat()}


def version_parts(version: ReplyVersion, files: Iterable[ReplyFile] = ()) -> list[tuple[str, str]]:
    """What the customer will read of a version, each part scanned on its own (one compile for all): the body,
    the staff-written subject, alias and signature frozen with it, and each file's name and text (`file name:
    x.pdf`, `file: x.pdf`). Findings outside the body name their part; offsets are the part's."""
    parts = [
        ("body", version.body), ("subject", version.subject), ("alias", version.alias),
        ("signature", version.signature),
    ]
    return [(name, text) for name, text in parts if name == "body" or text] + file_parts(files)


def _decide(scanned: list[_Scanned]) -> None:
    """Record each scan and publish or hold its version, in one transaction for the batch.

    Only versions still scanning under this run's claim (same attempt count) are decided: a run whose lease
    lapsed and was taken over leaves the verdict to the newer claim.
    """
    with transaction.atomic():
        current = {
            v.pk: v
            for v in versions_locked().filter(pk__in=[s.version.pk for s in scanned], status=VersionStatus.SCANNING)
        }
        mine = [s for s in scanned if s.version.pk in current and current[s.version.pk].attempts == s.version.attempts]
        if not mine:
            return
        digest = policy_digest()
        rows = ReplyScan.objects.bulk_create(
            ReplyScan(
                version=current[s.version.pk],
                sha256=body_sha256(s.version.body),  # what was scanned; publication compares it with the row now
                scanner_version=SCANNER_VERSION,
                policy_digest=digest,
                findings=s.findings,
                error=s.error,
                files_sha256=s.files_sha256,
                duration_ms=s.duration_ms,
            )
            for s in mine
        )
        verdicts = [Verdict(current[s.version.pk], row) for s, row in zip(mine, rows, strict=True)]
        verdicts_apply(verdicts)
    for s, verdict in zip(mine, verdicts, strict=True):
        s.version.status = verdict.version.status
