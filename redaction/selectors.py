"""Reads of the reply gate that pages and the API share. Every queryset starts from `tickets_for`."""
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from agents.permissions import Perm, can
from redaction.models import Reply, ReplyScan, ReplyVersion, VersionStatus
from redaction.scanner import SAFE_PHRASES
from tickets.access import tickets_for
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
    """The Held view: replies waiting for a person, oldest first so none is forgotten."""
    held = ReplyVersion.objects.filter(reply=OuterRef("pk"), status=VersionStatus.HELD).order_by("-number")
    return (
        replies_for(user)
        .filter(state=VersionStatus.HELD)
        .select_related("ticket__queue", "author__staff__persona")
        .annotate(held_version_id=Subquery(held.values("pk")[:1]))
        .order_by("updated_at", "id")
    )


def open_reply_of(ticket: Ticket, user) -> Reply | None:
    """The user's reply in the works on this ticket (draft, in flight or held), if any."""
    return (
        Reply.objects.filter(ticket=ticket, author=user)
        .exclude(state=VersionStatus.PUBLISHED)
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
    """What the composer shows for a held version: the text cut into plain and leaking spans."""

    version: ReplyVersion
    scan: ReplyScan | None
    segments: list[Segment]
    findings: list[dict]

    @property
    def error(self) -> str:
        return self.scan.error if self.scan else ""


def held_review(version: ReplyVersion) -> HeldReview:
    scan = version.scans.order_by("-id").first()
    findings = []
    parts = {"body": version.body, "subject": version.subject, "signature": version.signature}
    for index, f in enumerate(scan.findings if scan else []):
        part = f.get("part", "body")
        findings.append({
            **f, "index": index, "part": part, "text": parts.get(part, "")[f["start"]:f["end"]],
            # The one-click fix edits the body; a subject or signature is corrected where it is written.
            "safe_phrase": SAFE_PHRASES.get(f["kind"], "") if part == "body" else "",
        })
    segments: list[Segment] = []
    cursor = 0
    for f in sorted((f for f in findings if f["part"] == "body"), key=lambda f: f["start"]):
        if f["start"] < cursor:  # the scanner promises no overlaps; never render a span twice if it breaks that
            continue
        if f["start"] > cursor:
            segments.append(Segment(version.body[cursor:f["start"]]))
        segments.append(Segment(f["text"], f["index"]))
        cursor = f["end"]
    if cursor < len(version.body):
        segments.append(Segment(version.body[cursor:]))
    return HeldReview(version=version, scan=scan, segments=segments, findings=findings)


def redacted_text(text: str, leaked: str, safe_phrase: str) -> str:
    """The agent's current text with every copy of one leaked value replaced by its safe phrase."""
    return text.replace(leaked, safe_phrase) if leaked else text
