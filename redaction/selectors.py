"""Reads of the reply gate that pages and the API share. Every queryset starts from `tickets_for`."""
import time
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from agents.identity import private_names_of, public_identity
from agents.permissions import Perm, can
from redaction.context import ticket_context
from redaction.fixwords import fix_words
from redaction.models import IN_FLIGHT, Reply, ReplyScan, ReplyState, ReplyVersion, VersionStatus
from redaction.policy import current_policy
from redaction.replyfiles import file_parts, version_files
from redaction.scanner import Finding, scan
from redaction.scanner.fixes import suggest as suggest_fix
from tickets.access import staff_tickets_scope, tickets_for
from tickets.models import Ticket


def replies_for(user) -> QuerySet[Reply]:
    """Replies on tickets the user may read; nothing for customers (they see published messages only)."""
    if not can(user, Perm.TICKETS_WORK):
        return Reply.objects.none()
    return Reply.objects.filter(ticket__in=tickets_for(user))


def versions_for(user) -> QuerySet[ReplyVersion]:
    if not can(user, Perm.TICKETS_WORK):
        return ReplyVersion.objects.none()
    return ReplyVersion.objects.filter(reply__ticket__in=tickets_for(user))


def held_replies_for(user) -> QuerySet[Reply]:
    """The Held view: replies waiting for a person, oldest first so none is forgotten. Scoped on each reply's
    own ticket (`staff_tickets_scope`, the scope of `tickets_for`): the planner starts from the few held replies
    (`reply_held_idx`), never from every ticket of the viewer's queues; the navigation counts these on every page."""
    held = ReplyVersion.objects.filter(reply=OuterRef("pk"), status=VersionStatus.HELD).order_by("-number")
    return (
        _held_scope(user)
        .select_related("ticket__queue")
        .prefetch_related(Prefetch("author", queryset=User.objects.select_related("staff__persona")))
        .annotate(held_version_id=Subquery(held.values("pk")[:1]))
        .order_by("updated_at", "id")
    )


def held_replies_count(user) -> int:
    """How many replies `held_replies_for` lists, as a plain COUNT: counting that queryset counts a subquery
    of its annotated rows, whose building cost the navigation more than the count itself."""
    return _held_scope(user).count()


def _held_scope(user) -> QuerySet[Reply]:
    scope = staff_tickets_scope(user, through="ticket__")
    if scope is None:
        return Reply.objects.none()
    return Reply.objects.filter(scope, state=ReplyState.HELD)


def open_reply_of(ticket: Ticket, user) -> Reply | None:
    """The user's reply in the works on this ticket (draft, in flight or held), if any."""
    return (
        Reply.objects.filter(ticket=ticket, author=user)
        .exclude(state=ReplyState.PUBLISHED)
        .select_related("latest_version")
        .order_by("-id")
        .first()
    )


def held_version_of(reply: Reply) -> ReplyVersion | None:
    return reply.versions.filter(status=VersionStatus.HELD).order_by("-number").first()


def submitted_version_of(reply: Reply) -> ReplyVersion | None:
    """The version whose status the reply's state mirrors (the newest that is not a draft)."""
    return reply.versions.exclude(status=VersionStatus.DRAFT).order_by("-number").first()


@dataclass(frozen=True)
class Segment:
    text: str
    finding: int | None = None  # index into the findings list when this span is a leak


@dataclass(frozen=True)
class HeldReview:
    """What the composer shows for a held version: the agent's current text cut into plain and leaking spans,
    each finding with its one-click fix (None where only rewording helps), in the reply's language
    (`redaction.fixwords`)."""

    version: ReplyVersion
    scan: ReplyScan | None
    segments: list[Segment]
    findings: list[dict]
    body: str  # the text the body's highlights and fixes are for
    rescanned: bool = False  # the agent changed the text since the gate held it; the highlights are for the new one
    files: list = field(default_factory=list)  # the held version's files (their findings are in `findings`)

    @property
    def error(self) -> str:
        return self.scan.error if self.scan else ""

    @property
    def body_clear(self) -> bool:
        """The edited text has no finding left (the subject, alias or signature may still have some)."""
        return self.rescanned and not any(f["part"] == "body" for f in self.findings)


def held_review(version: ReplyVersion, *, body: str | None = None) -> HeldReview:
    """The held version's findings, with the body's for `body` (the agent's current text) when it differs.

    After a one-click fix or an edit, the current text is scanned again against the ticket's context as it is
    now, so every highlight and fix points at words that are there, none at offsets into the text that was held.
    """
    scan_row = version.scans.order_by("-id").first()
    stored = scan_row.findings if scan_row else []
    current = version.body if body is None else body
    rescanned = current != version.body
    body_findings = _scan_body(version.reply, current) if rescanned else [f for f in stored if _part(f) == "body"]
    files = version_files(version)
    parts = {
        "body": current, "subject": version.subject, "alias": version.alias, "signature": version.signature,
        **dict(file_parts(files)),
    }
    author = version.reply.author
    alias, own_names = public_identity(author).name, tuple(private_names_of(author))
    findings = []
    in_body = [_finding(f) for f in body_findings]  # a fix takes the parts of its value found beside it
    with fix_words(current, version.reply.ticket) as words:
        for index, f in enumerate([*body_findings, *(f for f in stored if _part(f) != "body")]):
            part = _part(f)
            # The one-click fix edits the body; a subject, alias or signature is corrected where it is written.
            fix = (suggest_fix(current, _finding(f), alias=alias, own_names=own_names, words=words, others=in_body)
                   if part == "body" else None)
            findings.append({
                **f, "index": index, "part": part, "file": part.partition(": ")[2] if part.startswith("file") else "",
                "text": parts.get(part, "")[f["start"]:f["end"]], "fix": fix,
                "safe_phrase": fix.replacement if fix else "", "covers": current[fix.start:fix.end] if fix else "",
            })
    segments: list[Segment] = []
    cursor = 0
    for f in sorted((f for f in findings if f["part"] == "body"), key=lambda f: f["start"]):
        if f["start"] < cursor:  # the scanner promises no overlaps; never render a span twice if it breaks that
            continue
        if f["start"] > cursor:
            segments.append(Segment(current[cursor:f["start"]]))
        segments.append(Segment(f["text"], f["index"]))
        cursor = f["end"]
    if cursor < len(current):
        segments.append(Segment(current[cursor:]))
    return HeldReview(version, scan_row, segments, findings, body=current, rescanned=rescanned, files=files)


def _part(finding: dict) -> str:
    return finding.get("part", "body")


def _scan_body(reply: Reply, text: str) -> list[dict]:
    """Findings in the agent's current text, scanned as the worker would scan it now."""
    context = ticket_context(ticket=reply.ticket, author=reply.author)
    return [f.as_dict() for f in scan(text, context, current_policy())]


def _finding(data: dict) -> Finding:
    """A stored finding as the scanner's. Scans recorded before findings carried their owner: a context value
    is taken as the customer's (only the fix's wording depends on it)."""
    owner = data.get("owner") or ("unknown" if data.get("source") == "pattern" else "customer")
    source = data.get("source", "pattern")
    return Finding(data["start"], data["end"], data["kind"], source, data.get("explanation", ""), owner)


def version_status_wait(*, version_id: int, timeout: float, interval: float) -> str:
    """The version's status once it leaves pending/scanning, or as it is after `timeout` seconds: one small
    query every `interval` (the composer's long poll, so the verdict shows within `interval` of the worker's)."""
    deadline = time.monotonic() + timeout
    status_of = ReplyVersion.objects.filter(pk=version_id).values_list("status", flat=True)
    while True:
        status = status_of.first() or ""
        if status not in IN_FLIGHT or time.monotonic() + interval > deadline:
            return status
        time.sleep(interval)
