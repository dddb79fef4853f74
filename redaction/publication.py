"""Publication: the only way a reply reaches its thread, and holding the ones that may not.

A version is published only if it is waiting, the latest of its reply, and has a clean scan, by this scanner
under the current policy, of exactly its text; or if it is held and a team lead overrides the hold with a
reason. On PostgreSQL a trigger checks the same again, so even raw SQL cannot skip it (migration 0002).
Callers hold the version rows' locks; these functions lock the replies, always after the versions.
"""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from agents.identity import public_identity
from agents.selectors import is_lead
from redaction.models import IN_FLIGHT, Reply, ReplyScan, ReplyVersion, VersionStatus, body_sha256
from redaction.policy import policy_digest
from redaction.scanner import SCANNER_VERSION
from tickets.access import tickets_for
from tickets.models import Message, TicketEvent
from tickets.notifications import notifications_schedule
from tickets.services import PublishedReply, event_record, reply_messages_create


class PublishRefused(Exception):
    """Publication was refused because an invariant does not hold; nothing was written."""


@dataclass
class Verdict:
    """One scanned version on its way out: published if its scan is clean and publication agrees, else held."""

    version: ReplyVersion
    scan: ReplyScan
    refused: str = ""


def verdicts_apply(verdicts: list[Verdict], *, replies: dict[int, Reply]) -> None:
    """Publish the clean versions and hold the rest. Caller holds the row locks of the versions and of
    `replies` (theirs, with ticket, author and persona joined), in a transaction."""
    clean = [v for v in verdicts if v.scan.is_clean]
    if clean:
        ready = []
        for verdict in clean:
            reply = replies[verdict.version.reply_id]
            try:
                _verify_clean(verdict.version, verdict.scan)
                _verify_latest(verdict.version, reply)
            except PublishRefused as refused:
                verdict.refused = str(refused)
            else:
                ready.append((verdict.version, reply))
        if ready:
            _publish(ready, allowed=IN_FLIGHT)
    held = [v for v in verdicts if not v.scan.is_clean or v.refused]
    if held:
        versions_hold(held)


def versions_hold(verdicts: list[Verdict], *, now=None) -> None:
    """Hold versions for a person, recording why. Caller holds the versions' row locks."""
    now = now or timezone.now()
    for verdict in verdicts:
        if verdict.refused and not verdict.scan.error:
            # The scan guard lets an empty error be filled in once: the scan stays evidence of what it found.
            verdict.scan.error = verdict.refused[:300]
            verdict.scan.save(update_fields=["error"])
    version_ids = [v.version.pk for v in verdicts]
    ReplyVersion.objects.filter(pk__in=version_ids).update(status=VersionStatus.HELD, finished_at=now)
    reply_ids = {v.version.reply_id for v in verdicts}
    Reply.objects.filter(pk__in=reply_ids).exclude(state=VersionStatus.PUBLISHED).update(
        state=VersionStatus.HELD, updated_at=now
    )
    ticket_of = dict(Reply.objects.filter(pk__in=reply_ids).values_list("pk", "ticket_id"))
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket_id=ticket_of[v.version.reply_id],
            kind="reply_held",
            data={
                "reply": v.version.reply_id,
                "version": v.version.number,
                "kinds": sorted({f["kind"] for f in v.scan.findings}),
                "error": bool(v.scan.error),
            },
        )
        for v in verdicts
    )
    for verdict in verdicts:
        verdict.version.status = VersionStatus.HELD


def scan_error_record(version: ReplyVersion, error: str) -> ReplyScan:
    """A scan row for a version that could not be scanned at all: the reason a person must look."""
    return ReplyScan.objects.create(
        version=version, sha256=version.sha256, scanner_version=SCANNER_VERSION,
        policy_digest=policy_digest(), error=error[:300],
    )


def reply_publish(*, version: ReplyVersion, scan: ReplyScan | None = None) -> Message:
    """Publish one waiting version that has a clean scan of exactly its text; raises PublishRefused otherwise."""
    with transaction.atomic():
        locked = ReplyVersion.objects.select_for_update().get(pk=version.pk)
        reply = _replies_locked({locked.reply_id})[locked.reply_id]
        _verify_clean(locked, scan if scan is not None else locked.scans.order_by("-id").first())
        _verify_latest(locked, reply)
        return _publish([(locked, reply)], allowed=IN_FLIGHT)[0]


def reply_override(*, version: ReplyVersion, lead, reason: str) -> Message:
    """A team lead publishes a held version anyway, with a written reason kept in the ticket's history."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = ReplyVersion.objects.select_for_update().get(pk=version.pk)
        reply = _replies_locked({locked.reply_id})[locked.reply_id]
        if not is_lead(lead) or not tickets_for(lead).filter(pk=reply.ticket_id).exists():
            raise PermissionDenied("Only a team lead for this ticket's queue can publish a held reply.")
        if not reason:
            raise ValidationError({"reason": "Write why this reply may go out as it is."})
        if len(reason) > 1000:
            raise ValidationError({"reason": "Keep the reason under 1,000 characters."})
        if locked.status != VersionStatus.HELD:
            raise ValidationError("Only a held reply can be published anyway.")
        if body_sha256(locked.body) != locked.sha256:
            raise PublishRefused("The text changed after it was scanned (hash mismatch).")
        _verify_latest(locked, reply)
        message = _publish([(locked, reply)], allowed=(VersionStatus.HELD,), lead=lead, reason=reason)[0]
        event_record(
            ticket=reply.ticket, actor=lead, kind="reply_override",
            reply=reply.pk, version=locked.number, message=message.pk, reason=reason,
        )
    return message


def _replies_locked(reply_ids: set[int]) -> dict[int, Reply]:
    # of=self: the author joins are nullable, and PostgreSQL cannot lock the outer side of a join. The persona
    # is joined so publication reads the alias without more queries. Locked in id order: no deadlocks.
    replies = (
        Reply.objects.select_for_update(of=("self",))
        .select_related("ticket", "author__staff__persona")
        .filter(pk__in=reply_ids)
        .order_by("pk")
    )
    return {reply.pk: reply for reply in replies}


def _verify_clean(version: ReplyVersion, scan_row: ReplyScan | None) -> None:
    if scan_row is None or scan_row.version_id != version.pk:
        raise PublishRefused("No scan of this version.")
    if not scan_row.is_clean:
        raise PublishRefused("The scan of this version is not clean.")
    if not (scan_row.sha256 == version.sha256 == body_sha256(version.body)):
        raise PublishRefused("The text changed after it was scanned (hash mismatch).")
    if scan_row.scanner_version != SCANNER_VERSION or scan_row.policy_digest != policy_digest():
        raise PublishRefused("The scan was made under another scanner or policy; scan again.")


def _verify_latest(version: ReplyVersion, reply: Reply) -> None:
    if reply.published_message_id is not None:
        raise PublishRefused("This reply is already published.")
    if reply.latest_version_id != version.pk:
        raise PublishRefused("A newer version of this reply exists (its author is editing it).")


def _publish(ready: list[tuple[ReplyVersion, Reply]], *, allowed: tuple, lead=None, reason: str = "") -> list[Message]:
    """Write the messages and flip the states, all or nothing. Caller holds every version's and reply's lock."""
    now = timezone.now()
    # A conditional update that changes fewer rows than asked means someone else got to one of them: refuse all.
    changed = ReplyVersion.objects.filter(pk__in=[v.pk for v, _ in ready], status__in=allowed).update(
        status=VersionStatus.PUBLISHED, finished_at=now, overridden_by=lead, override_reason=reason
    )
    if changed != len(ready):
        raise PublishRefused("A version is no longer waiting to be published.")
    published = []
    for version, reply in ready:
        identity = public_identity(reply.author)
        published.append(PublishedReply(reply.ticket, reply.author, version.body, identity.name, identity.avatar_seed))
    messages = reply_messages_create(replies=published)
    for (version, reply), message in zip(ready, messages, strict=True):
        version.status = VersionStatus.PUBLISHED
        reply.state, reply.published_message, reply.updated_at = VersionStatus.PUBLISHED, message, now
    Reply.objects.bulk_update([reply for _, reply in ready], ["state", "published_message", "updated_at"])
    # The outbox rows are written in this transaction: published and "customer will be told" commit together.
    notifications_schedule(messages=messages)
    return messages
