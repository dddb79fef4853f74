"""Publication: the only way a reply reaches its thread, and holding the ones that may not.

A version is published only if a worker's claim is scanning it, it is the latest of its reply, and it has a
clean scan, by this scanner under the current policy, of exactly its text (`verdicts_apply`); or if it is held
and a team lead overrides the hold with a reason (`reply_override`). Both go through `_publish`, the one writer
of reply messages. Database triggers check the same again, so even raw SQL cannot skip it (migrations 0002,
0005 on PostgreSQL; `redaction.sqlite_guard` on SQLite).
Versions are locked together with their replies (`versions_locked`), so every path takes the same locks in
the same order.
"""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from agents.approval_summaries import Summary, summary_register
from agents.approvals import ApprovalKind, approval_kind_register, approval_request
from agents.audit import audit_record
from agents.models import PendingAction
from agents.permissions import Perm, can
from redaction.models import IN_FLIGHT, Reply, ReplyScan, ReplyState, ReplyVersion, VersionStatus, body_sha256
from redaction.policy import policy_digest
from redaction.replyfiles import files_digest, stored_hashes, version_files
from redaction.scanner import SCANNER_VERSION
from redaction.selectors import versions_for
from tickets.access import tickets_for
from tickets.models import Attachment, Message, TicketEvent
from tickets.notifications import notifications_schedule
from tickets.services import PublishedReply, event_record, reply_messages_create, text_check, ticket_change
from tickets.webhooks.events import reply_published_emit


class PublishRefused(Exception):
    """Publication was refused because an invariant does not hold; nothing was written. The message is an
    English sentence (kept as is on a held version's scan) and reads in the active language as `str()`."""

    def __str__(self) -> str:
        return gettext(self.args[0])


@dataclass
class Verdict:
    """One scanned version on its way out: published if its scan is clean and publication agrees, else held."""

    version: ReplyVersion
    scan: ReplyScan
    refused: str = ""


def versions_locked() -> QuerySet[ReplyVersion]:
    """Versions with their replies, both rows locked in one statement, in id order (no deadlocks). Each reply
    comes with what publication reads: its ticket and its author (the persona is the version's, frozen at Send)."""
    return (
        ReplyVersion.objects.select_for_update(of=("self", "reply"))  # the author join is nullable: not locked
        .select_related("reply__ticket", "reply__author")
        .order_by("pk")
    )


def verdicts_apply(verdicts: list[Verdict]) -> None:
    """Publish the clean versions and hold the rest. The versions come from `versions_locked`, in the
    caller's transaction."""
    clean = [v for v in verdicts if v.scan.is_clean]
    if clean:
        ready, digest = [], policy_digest()
        for verdict in clean:
            try:
                _verify_clean(verdict.version, verdict.scan, digest)
                _verify_latest(verdict.version)
            except PublishRefused as refused:
                verdict.refused = refused.args[0]  # stored: English, whatever the worker's language
            else:
                ready.append(verdict.version)
        if ready:
            _publish(ready, source=(VersionStatus.SCANNING,))
    held = [v for v in verdicts if not v.scan.is_clean or v.refused]
    if held:
        versions_hold(held)


def versions_hold(verdicts: list[Verdict], *, now=None) -> None:
    """Hold versions for a person, recording why. Caller holds the versions' row locks and loaded their replies."""
    now = now or timezone.now()
    for verdict in verdicts:
        if verdict.refused and not verdict.scan.error:
            # The scan guard lets an empty error be filled in once: the scan stays evidence of what it found.
            verdict.scan.error = verdict.refused[:300]
            verdict.scan.save(update_fields=["error"])
    version_ids = [v.version.pk for v in verdicts]
    ReplyVersion.objects.filter(pk__in=version_ids).move(VersionStatus.HELD, source=IN_FLIGHT, finished_at=now)
    reply_ids = {v.version.reply_id for v in verdicts}
    Reply.objects.filter(pk__in=reply_ids).exclude(state=ReplyState.PUBLISHED).update(
        state=ReplyState.HELD, updated_at=now
    )
    TicketEvent.objects.bulk_create(
        TicketEvent(
            ticket_id=v.version.reply.ticket_id,
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


def reply_override(*, version: ReplyVersion, lead, reason: str) -> Message:
    """A team lead publishes a held version anyway, with a written reason kept in the ticket's history.

    A lead may not wave through a reply they wrote themselves: that takes another lead's approval
    (`reply_override_request`, executed by `agents.approvals.approval_approve`)."""
    with transaction.atomic():
        locked = versions_locked().get(pk=version.pk)
        reason = _override_check(locked, lead, reason)
        if locked.reply.author_id == lead.pk:
            raise PermissionDenied(_("You wrote this reply: another lead must approve publishing it."))
        return _override(locked, lead, reason)


summary_register("reply_override_own", _("Publish the held reply on %(reference)s that its author, a lead, wrote"))


def reply_override_request(*, version: ReplyVersion, lead, reason: str, request=None) -> PendingAction:
    """Ask another lead to approve publishing a held reply the asking lead wrote."""
    locked = versions_locked().get(pk=version.pk)
    reason = _override_check(locked, lead, reason)
    return approval_request(
        kind="reply_override_own", requested_by=lead, target=locked, reason=reason, request=request,
        summary=Summary("reply_override_own", {"reference": locked.reply.ticket.reference}),
        data={"ticket_id": locked.reply.ticket_id, "customer_id": locked.reply.ticket.customer_id},
    )


def _override_check(locked: ReplyVersion, lead, reason: str) -> str:
    reason = (reason or "").strip()
    if not can(lead, Perm.REPLY_OVERRIDE) or not tickets_for(lead).filter(pk=locked.reply.ticket_id).exists():
        raise PermissionDenied(_("Only a team lead for this ticket's queue can publish a held reply."))
    if not reason:
        raise ValidationError({"reason": _("Write why this reply may go out as it is.")})
    text_check(reason, field="reason")
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1,000 characters.")})
    if locked.status != VersionStatus.HELD:
        raise ValidationError(_("Only a held reply can be published anyway."))
    if body_sha256(locked.body) != locked.sha256:
        raise PublishRefused(gettext_noop("The text changed after it was scanned (hash mismatch)."))
    _verify_files(locked)
    _verify_latest(locked)
    return reason


def _override(locked: ReplyVersion, lead, reason: str, **audit) -> Message:
    reply = locked.reply
    message = _publish([locked], source=(VersionStatus.HELD,), lead=lead, reason=reason)[0]
    event_record(
        ticket=reply.ticket, actor=lead, kind="reply_override",
        reply=reply.pk, version=locked.number, message=message.pk, reason=reason,
    )
    audit_record(
        actor=lead, action="reply.override", target=locked, ticket=reply.ticket,
        data={"reply": reply.pk, "version": locked.number, "message": message.pk, "reason": reason, **audit},
    )
    return message


def _own_override_in_scope(user, action: PendingAction) -> bool:
    return versions_for(user).filter(pk=action.target_id).exists()


def _own_override_check(action: PendingAction) -> None:
    _override_check(versions_locked().get(pk=action.target_id), action.requested_by, action.reason)


def _own_override_execute(action: PendingAction, approver) -> dict:
    locked = versions_locked().get(pk=action.target_id)
    message = _override(locked, action.requested_by, action.reason, approved_by=approver.pk)
    return {"message": message.pk}


def reply_override_register() -> None:
    approval_kind_register("reply_override_own", ApprovalKind(
        label=_("Publish a lead's own held reply"), in_scope=_own_override_in_scope, check=_own_override_check,
        execute=_own_override_execute, decider_perm=Perm.REPLY_OVERRIDE,
    ))


def _verify_clean(version: ReplyVersion, scan_row: ReplyScan | None, digest: str) -> None:
    """`digest`: the current policy's (`policy_digest()`), computed once per batch."""
    if scan_row is None or scan_row.version_id != version.pk:
        raise PublishRefused(gettext_noop("No scan of this version."))
    if not scan_row.is_clean:
        raise PublishRefused(gettext_noop("The scan of this version is not clean."))
    if not (scan_row.sha256 == version.sha256 == body_sha256(version.body)):
        raise PublishRefused(gettext_noop("The text changed after it was scanned (hash mismatch)."))
    if scan_row.scanner_version != SCANNER_VERSION or scan_row.policy_digest != digest:
        raise PublishRefused(gettext_noop("The scan was made under another scanner or policy; scan again."))
    if scan_row.files_sha256 != version.files_sha256:
        raise PublishRefused(gettext_noop("A file changed after it was scanned (hash mismatch)."))
    _verify_files(version)


def _verify_files(version: ReplyVersion) -> None:
    """The version's files, read from storage now, are exactly those frozen at Send (and scanned, when the
    scan's digest matched): otherwise PublishRefused. Keeps them on the version for `_publish`."""
    files = version_files(version)
    if files_digest(files, hashes=stored_hashes(files)) != version.files_sha256:
        raise PublishRefused(gettext_noop("A file changed after it was scanned (hash mismatch)."))
    version.verified_files = files  # type: ignore[attr-defined]


def _verify_latest(version: ReplyVersion) -> None:
    reply = version.reply
    if reply.published_message_id is not None:
        raise PublishRefused(gettext_noop("This reply is already published."))
    if reply.latest_version_id != version.pk:
        raise PublishRefused(gettext_noop("A newer version of this reply exists (its author is editing it)."))


def _publish(ready: list[ReplyVersion], *, source: tuple[str, ...], lead=None, reason: str = "") -> list[Message]:
    """The one way into a thread, for the worker's verdicts and a lead's override: write the messages and flip
    the states, all or nothing. The versions come from `versions_locked`, in `source` states."""
    now = timezone.now()
    for version in ready:
        if not hasattr(version, "verified_files"):  # an approved override: checked again here, as it publishes
            _verify_files(version)
    # A conditional update that changes fewer rows than asked means someone else got to one of them: refuse all.
    changed = ReplyVersion.objects.filter(pk__in=[v.pk for v in ready]).move(
        VersionStatus.PUBLISHED, source=source, finished_at=now, overridden_by=lead, override_reason=reason
    )
    if changed != len(ready):
        raise PublishRefused(gettext_noop("A version is no longer waiting to be published."))
    published = []
    for version in ready:
        reply = version.reply
        # Under the persona frozen at Send and scanned with the body, whatever the author's persona is now.
        published.append(PublishedReply(
            reply.ticket, reply.author, version.body, version.alias, version.avatar_seed,
            signature=version.signature, subject=version.subject,
        ))
    messages = reply_messages_create(replies=published)
    for version, message in zip(ready, messages, strict=True):
        version.status = VersionStatus.PUBLISHED
        version.reply.state, version.reply.published_message = ReplyState.PUBLISHED, message
        version.reply.updated_at = now
    Reply.objects.bulk_update([v.reply for v in ready], ["state", "published_message", "updated_at"])
    # The checked files go out with the reply: the customer's attachments are the same stored files.
    Attachment.objects.bulk_create(
        Attachment(message=message, file=f.file.name, filename=f.filename, size=f.size,
                   content_type=f.content_type, created_at=now)
        for version, message in zip(ready, messages, strict=True)
        for f in getattr(version, "verified_files", ())
    )
    for version in ready:
        if version.then_status:  # "send and set status": the status moves with the reply, never ahead of it
            ticket_change(ticket=version.reply.ticket, actor=version.reply.author, status=version.then_status)
    # The outbox rows are written in this transaction: published and "customer will be told" commit together.
    notifications_schedule(messages=messages, new=True)
    # Webhooks learn of a reply here and only here: once the gate has published it (never a held one).
    reply_published_emit(messages=messages)
    return messages
