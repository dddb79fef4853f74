"""Retro-audit: scan replies that were already published with today's scanner, to find and fix past leaks.

Each reply is scanned as the gate would scan it now (its body, its alias and signature, and each file's name and
the text read from it at Send): under the current policy, with the same deadline, against its ticket's context
(`redaction.context`) as it stood when the reply was published. A reply can only leak what was private when it
went out: a customer who later quotes our reply in a private email, or a call logged afterwards, must not make
it look like a leak. A scanner error counts as "would hold". The command line and the lead page share one run
record (`AuditRun`), which a worker works through in batches; the cursor makes a killed run resume where it
stopped, and a conditional update on it lets only one runner write each batch.
"""
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from redaction import doorbell
from redaction.context import context_under_alias, ticket_contexts
from redaction.models import AuditHit, AuditRun, ReplyFile, VersionStatus
from redaction.policy import current_policy, gate_setting
from redaction.replyfiles import file_parts
from redaction.scanner import SCANNER_VERSION
from redaction.scanning import RETRYABLE, ScanTimeout, scan_with_deadline
from tickets.access import tickets_for
from tickets.models import Message, MessageKind, Ticket

logger = logging.getLogger(__name__)

BATCH_SIZE = 100


@dataclass(frozen=True)
class Verdict:
    """What the current scanner says of one published reply: spans (positions and kinds) or an error."""

    spans: list[dict] = field(default_factory=list)
    error: str = ""

    @property
    def would_hold(self) -> bool:
        return bool(self.spans or self.error)

    @property
    def kinds(self) -> list[str]:
        return sorted({span["kind"] for span in self.spans})


def _scope(run: AuditRun) -> QuerySet[Ticket]:
    if run.all_tickets:
        return Ticket.objects.alive()
    if run.started_by is None:  # the lead who started it is gone: audit nothing rather than everything
        return Ticket.objects.none()
    return tickets_for(run.started_by)


def published_replies(*, tickets: QuerySet[Ticket], since: datetime | None = None) -> QuerySet[Message]:
    """Public replies in the thread of these tickets (only published replies ever reach `Message`)."""
    replies = Message.objects.filter(kind=MessageKind.PUBLIC_REPLY, ticket__in=tickets)
    if since is not None:
        replies = replies.filter(created_at__gte=since)
    return replies


def published_files(messages: list[Message]) -> dict[int, list[ReplyFile]]:
    """The files each published reply went out with (its published version's, with the text read at Send),
    keyed by message id; one query for a batch."""
    rows = (
        ReplyFile.objects.filter(version__status=VersionStatus.PUBLISHED,
                                 version__reply__published_message__in=[m.pk for m in messages])
        .annotate(message_id=F("version__reply__published_message_id"))
        .only("filename", "text", "version_id")
        .order_by("pk")
    )
    files: dict[int, list[ReplyFile]] = defaultdict(list)
    for row in rows:
        files[row.message_id].append(row)
    return files


def message_verdict(message: Message, context: dict, files: Iterable[ReplyFile] = ()) -> Verdict:
    """Scan one published reply (its body, the alias and signature published with it, and each file's name and
    text as the gate read them) against `context`, as the gate would now. Never raises for scanner bugs."""
    timeout = gate_setting("SCAN_TIMEOUT_S")
    parts = [
        ("body", message.body), ("alias", message.author_alias), ("signature", message.author_signature),
        *file_parts(files),
    ]
    parts = [(part, text) for part, text in parts if text]
    try:
        scanned = scan_with_deadline([text for _, text in parts], context, current_policy(), timeout)
        findings = [
            (part, finding) for (part, _), part_findings in zip(parts, scanned, strict=True)
            for finding in part_findings
        ]
    except RETRYABLE:
        raise
    except ScanTimeout:
        return Verdict(error=f"The scan took longer than {timeout} s.")
    except Exception as exc:
        logger.warning("audit: scanner failed on message %s (%s)", message.pk, type(exc).__name__)
        return Verdict(error=f"The scanner failed ({type(exc).__name__}).")
    return Verdict(spans=[
        {"start": f.start, "end": f.end, "kind": f.kind, **({"part": part} if part != "body" else {})}
        for part, f in findings
    ])


def audit_run_start(*, started_by=None, since: datetime | None = None, enqueue: bool = True) -> AuditRun:
    """Record a run over the replies published so far; a worker does the scanning (unless `enqueue` is off,
    for the command line, which runs it in-process)."""
    with transaction.atomic():
        run = AuditRun.objects.create(
            started_by=started_by, all_tickets=started_by is None, since=since, scanner_version=SCANNER_VERSION
        )
        replies = published_replies(tickets=_scope(run), since=since)
        run.until_id = replies.order_by("-pk").values_list("pk", flat=True).first() or 0
        run.total = replies.filter(pk__lte=run.until_id).count()
        run.save(update_fields=["until_id", "total"])
        if enqueue:
            run_id = run.pk
            transaction.on_commit(lambda: doorbell.audit_run_enqueue(run_id), robust=True)
    return run


def audit_run_execute(*, run_id: int, batch_size: int = BATCH_SIZE, progress=None) -> AuditRun:
    """Work through a run from its cursor to the end. Safe to call twice: a batch another runner already
    wrote is not written again, and a finished run is left alone. `progress(run)` is called per batch."""
    claimed = AuditRun.objects.filter(pk=run_id, state__in=[AuditRun.State.QUEUED, AuditRun.State.RUNNING])
    if not claimed.update(state=AuditRun.State.RUNNING):
        return AuditRun.objects.get(pk=run_id)
    AuditRun.objects.filter(pk=run_id, started_at__isnull=True).update(started_at=timezone.now())
    run = AuditRun.objects.select_related("started_by").get(pk=run_id)
    replies = (
        published_replies(tickets=_scope(run), since=run.since)
        .filter(pk__lte=run.until_id)
        .select_related("ticket__customer__organization", "author_user__staff__persona")
        .order_by("pk")
    )
    try:
        while True:
            batch = list(replies.filter(pk__gt=run.cursor)[:batch_size])
            if not batch:
                break
            if not _record_batch(run, batch):
                return AuditRun.objects.get(pk=run_id)  # another runner is ahead of us
            if progress is not None:
                progress(run)
    except RETRYABLE:
        raise  # the task retries; the cursor keeps the work done so far
    except Exception as exc:
        AuditRun.objects.filter(pk=run_id).update(
            state=AuditRun.State.FAILED, error=type(exc).__name__[:300], finished_at=timezone.now()
        )
        raise
    AuditRun.objects.filter(pk=run_id, state=AuditRun.State.RUNNING).update(
        state=AuditRun.State.DONE, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def contexts_as_published(messages: list[Message]) -> dict[int, dict]:
    """Each published reply's scan context as of its publication (its `created_at`), keyed by message id,
    written under the alias it was published under (as the gate scanned it), not its author's alias today.

    One bulk build per distinct publication time, so about one round of context queries per reply. Replies
    whose contexts turn out equal (nothing happened between them) still compile once: the scanner caches
    compiled contexts by their contents.
    """
    by_time: dict[datetime, list[Message]] = defaultdict(list)
    for message in messages:
        by_time[message.created_at].append(message)
    contexts: dict[int, dict] = {}
    for published_at, group in by_time.items():
        built = ticket_contexts([(m.ticket, m.author_user) for m in group], as_of=published_at)
        for message in group:
            contexts[message.pk] = context_under_alias(built[message.ticket_id, message.author_user_id],
                                                       message.author_alias)
    return contexts


def _record_batch(run: AuditRun, batch: list[Message]) -> bool:
    contexts = contexts_as_published(batch)
    files = published_files(batch)
    hits = []
    for message in batch:
        verdict = message_verdict(message, contexts[message.pk], files.get(message.pk, ()))
        if verdict.would_hold:
            hits.append(
                AuditHit(
                    run=run, message=message, ticket_id=message.ticket_id,
                    kinds=verdict.kinds, spans=verdict.spans, error=verdict.error,
                )
            )
    last = batch[-1].pk
    with transaction.atomic():
        moved = AuditRun.objects.filter(pk=run.pk, cursor=run.cursor, state=AuditRun.State.RUNNING).update(
            cursor=last, done=F("done") + len(batch), would_hold=F("would_hold") + len(hits)
        )
        if moved != 1:
            return False
        AuditHit.objects.bulk_create(hits)
    run.cursor = last
    run.done += len(batch)
    run.would_hold += len(hits)
    return True


def kind_counts(hits) -> dict[str, int]:
    """How many hits name each kind (a reply with a phone and an email counts once for each)."""
    counts: Counter[str] = Counter()
    for hit in hits:
        counts.update(hit.kinds or ["scanner error"])
    return dict(sorted(counts.items()))
