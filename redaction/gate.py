"""The reply gate: no public reply goes out until a worker scanned exactly its text and found nothing.

draft → pending → scanning → published | held; editing a held reply makes a new version. The version row is
the truth and the broker a doorbell: `reply_submit` rings it after commit, the sweep rings it again for any
version left waiting, and the worker (`redaction.worker.reply_scan`) claims rows and skips versions already
past scanning, so a lost, duplicated or redelivered message never loses or double-publishes a reply.
`redaction.publication` is the only path into the ticket thread, and checks the clean scan's hash against
the text it publishes. This module is the agent's side: drafts, Send, and the doorbell.
"""
import logging
from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.identity import public_identity
from agents.permissions import Perm, can
from config.app_settings import tact_limit
from redaction import doorbell
from redaction.models import (
    IN_FLIGHT,
    Reply,
    ReplyFile,
    ReplyState,
    ReplyVersion,
    SendKey,
    VersionStatus,
    body_sha256,
    transition_check,
)
from redaction.policy import gate_setting
from redaction.replyfiles import files_digest, reply_files_read, version_files
from tickets.access import tickets_for
from tickets.intake import subject_validate
from tickets.models import Ticket
from tickets.services import body_length_check, body_validate, event_record

logger = logging.getLogger(__name__)


# --- Drafts and submission (the agent's request) ------------------------------------------------------------


def _check_author(ticket: Ticket, author) -> None:
    if not can(author, Perm.TICKETS_WORK) or not tickets_for(author).filter(pk=ticket.pk).exists():
        raise PermissionDenied("Only staff working this ticket's queue can reply to it.")


def _open_reply_locked(ticket: Ticket, author, now) -> Reply:
    """The author's unpublished reply on this ticket, locked; made if there is none.

    One open reply per ticket and author is a partial unique constraint, so two first Sends at once (a double
    click, an API retry, autosave racing Send) meet in the database: the second insert waits for the first
    transaction and fails once it commits, and then locks the row the first one made.
    """
    open_replies = (
        Reply.objects.select_for_update(of=("self",))  # the version join is nullable: lock the reply only
        .select_related("latest_version")
        .filter(ticket=ticket, author=author)
        .exclude(state=ReplyState.PUBLISHED)
    )
    for _attempt in range(3):  # the row another request made may be published before we read it: then make ours
        reply = open_replies.first()
        if reply is not None:
            return reply
        try:
            with transaction.atomic():
                return Reply.objects.create(ticket=ticket, author=author, created_at=now, updated_at=now)
        except IntegrityError:
            continue
    raise ValidationError({"body": _("This reply changed while it was being saved. Try again.")})


def _version_write(reply: Reply, *, now, **fields) -> ReplyVersion:
    """Write `fields` into the reply's draft version, or into a new version on top of a held one (or of none)."""
    if reply.state == ReplyState.PENDING:
        raise ValidationError({"body": _("This reply is being checked. Edit it once the check finishes.")})
    latest = reply.latest_version
    if latest is not None and latest.status == VersionStatus.DRAFT:
        if "status" in fields:
            transition_check(latest.status, fields["status"])
        for name, value in fields.items():
            setattr(latest, name, value)
        latest.save(update_fields=list(fields))
        return latest
    number = latest.number + 1 if latest else 1
    version = ReplyVersion.objects.create(reply=reply, number=number, created_at=now, **fields)
    if latest is not None:
        # The files carry over to the new version (the agent removes any at Send): same stored file, new rows.
        ReplyFile.objects.bulk_create(
            ReplyFile(version=version, file=f.file.name, filename=f.filename, size=f.size,
                      content_type=f.content_type, sha256=f.sha256, text=f.text, created_at=f.created_at)
            for f in version_files(latest)
        )
    reply.latest_version = version
    return version


def _files_settle(
    version: ReplyVersion, new: list[ReplyFile], remove: Iterable[int], *, first: bool = False
) -> None:
    """The version's files at Send: those carried over less the ones the agent removed, plus the new ones,
    within the per-message count; their digest is frozen with the version. `remove` holds ids of this version's
    rows (the composer's draft) or of an earlier version of the same reply (an API client, which saw those):
    either way the carried-over copy of that stored file goes. `first`: the reply's first version, written in
    this transaction, so it has no rows yet (a Send with no draft before it, as an API client's)."""
    remove = {int(pk) for pk in remove}
    if remove:
        earlier = ReplyFile.objects.filter(pk__in=remove, version__reply_id=version.reply_id).values("file")
        # Rows of this unsent version only; the file stays stored.
        version.files.filter(Q(pk__in=remove) | Q(file__in=earlier)).delete()
    kept = [] if first else list(version.files.order_by("pk"))
    limit = tact_limit("ATTACHMENTS_PER_MESSAGE")
    if len(kept) + len(new) > limit:
        raise ValidationError({"attachments": _("Attach at most %(limit)s files to one reply.") % {"limit": limit}})
    for row in new:
        row.version = version
        row.save()
    files = kept + new
    version.files_sha256 = files_digest(files)
    if files or remove:
        ReplyVersion.objects.filter(pk=version.pk).update(files_sha256=version.files_sha256)


def draft_save(*, ticket: Ticket, author, body: str) -> ReplyVersion:
    """Keep what the agent has typed so far. No history event: drafts are saved on every pause in typing."""
    _check_author(ticket, author)
    body = body or ""
    body_length_check(body)
    now = timezone.now()
    with transaction.atomic():
        reply = _open_reply_locked(ticket, author, now)
        version = _version_write(reply, now=now, body=body, sha256=body_sha256(body))
        reply.updated_at = now
        reply.save(update_fields=["latest_version", "updated_at"])
    return version


class SendKeyReused(Exception):
    """An `Idempotency-Key` already used for another text or ticket: the client must not reuse it."""


def _earlier_send(*, author, key: str, ticket: Ticket, sha256: str) -> ReplyVersion | None:
    """The version an earlier Send with this key made, if any; SendKeyReused if it was for something else."""
    earlier = SendKey.objects.select_related("version").filter(author=author, key=key).first()
    if earlier is None:
        return None
    if earlier.ticket_id != ticket.pk or earlier.sha256 != sha256:
        raise SendKeyReused("This Idempotency-Key was already used for another reply.")
    return earlier.version


def _subject_for(ticket: Ticket, subject: str | None, reply: Reply) -> str:
    """The subject a version carries: only while the ticket's staff-written subject is unseen by the customer
    (the agent may correct it; by default the last one sent, else the ticket's)."""
    if ticket.subject_public:
        return ""
    if subject is None:
        latest = reply.latest_version
        subject = (latest.subject if latest is not None else "") or ticket.subject
    return subject_validate(subject)


# What "Send and set status" may ask for: waiting on the customer, or done.
THEN_STATUSES = {"": "", "pending": "Pending", "solved": "Solved"}


def reply_submit(
    *, ticket: Ticket, author, body: str, subject: str | None = None, idempotency_key: str = "",
    then_status: str = "", files: Iterable[UploadedFile] = (), remove_files: Iterable[int] = (),
) -> ReplyVersion:
    """Send a reply to the gate: a new pending version, scanned by a worker before anyone can read it.

    Everything staff wrote that the customer will read with it is frozen into the version and scanned with
    it: the persona's alias and signature as they are now (with the avatar seed), and the ticket's subject
    while the customer has not seen it. Publication copies them from the version, never from the persona.
    The doorbell rings only after commit, and never holds up the request: if the broker is down the version
    stays pending and the sweep rings again. With an `idempotency_key` (an API client's retry), a second Send
    with the same key and text returns the version the first made. With `then_status` ("pending" or "solved"),
    the ticket takes that status in the transaction that publishes this version, not before: if the gate holds
    it, the status waits with it. `files` are attached to the version (read and checked here, see
    `redaction.replyfiles`); files of an earlier version carry over, less the ids in `remove_files`.
    """
    _check_author(ticket, author)
    if then_status not in THEN_STATUSES:
        raise ValidationError({"then_status": _("After sending, a ticket can only be set to pending or solved.")})
    body = body_validate(body, noun="reply")
    new_files = reply_files_read(files)
    sha256 = body_sha256(body)
    identity = public_identity(author)
    now = timezone.now()
    with transaction.atomic():
        reply = _open_reply_locked(ticket, author, now)
        if idempotency_key:
            # Checked under the reply's lock: a retry racing its original waits for it, then finds its key.
            earlier = _earlier_send(author=author, key=idempotency_key, ticket=ticket, sha256=sha256)
            if earlier is not None:
                transaction.set_rollback(True)  # a reply row made above for nothing
                return earlier
        had_versions = reply.latest_version_id is not None
        version = _version_write(
            reply, now=now, body=body, sha256=sha256,
            subject=_subject_for(ticket, subject, reply), signature=identity.signature.strip(),
            alias=identity.name, avatar_seed=identity.avatar_seed,
            status=VersionStatus.PENDING, submitted_at=now, enqueued_at=now, then_status=then_status,
        )
        _files_settle(version, new_files, remove_files, first=not had_versions)
        if had_versions:
            # Older held versions stay for the record, but are no longer waiting for anyone.
            ReplyVersion.objects.filter(reply=reply).move(VersionStatus.SUPERSEDED, source=[VersionStatus.HELD])
        reply.state, reply.updated_at = ReplyState.PENDING, now
        reply.save(update_fields=["state", "latest_version", "updated_at"])
        if idempotency_key:
            try:
                with transaction.atomic():
                    SendKey.objects.create(author=author, key=idempotency_key, ticket=ticket, sha256=sha256,
                                           version=version, created_at=now)
            except IntegrityError:  # the same key, at the same moment, on another ticket
                raise SendKeyReused("This Idempotency-Key was already used for another reply.") from None
        event_record(
            ticket=ticket, actor=author, kind="reply_submitted", reply=reply.pk, version=version.number,
            **({"then_status": then_status} if then_status else {}),
        )
        version_id = version.pk
        transaction.on_commit(lambda: doorbell.enqueue_scan(version_id), robust=True)
    return version


# --- The doorbell -------------------------------------------------------------------------------------------


def _ring_due(enqueued_at, rings: int, now, stall: timedelta) -> bool:
    """A version is due a ring after STALL, then 2×, then 4× STALL since its last ring (the backoff's cap)."""
    return enqueued_at is None or now - enqueued_at >= stall * (2 ** min(rings, SWEEP_BACKOFF_MAX_DOUBLINGS))


SWEEP_BACKOFF_MAX_DOUBLINGS = 2


def replies_sweep(*, now=None) -> int:
    """Ring again for versions pending or scanning past the stall threshold; returns how many were rung.

    A message that is merely queued behind a backlog is not lost, so each further ring waits longer: a long
    backlog costs a few duplicate messages per reply, not one per sweep. Claiming each with a conditional
    update means two beat processes (a misconfigured deploy) ring once.
    """
    now = now or timezone.now()
    stall = timedelta(seconds=gate_setting("STALL_SECONDS"))
    stalled = Q(status__in=IN_FLIGHT) & (Q(enqueued_at__lt=now - stall) | Q(enqueued_at__isnull=True))
    candidates = ReplyVersion.objects.filter(stalled).order_by("enqueued_at")
    due = [
        (pk, enqueued_at, rings)
        for pk, enqueued_at, rings in candidates.values_list("pk", "enqueued_at", "rings")[:500]
        if _ring_due(enqueued_at, rings, now, stall)
    ]
    rung = 0
    for version_id, enqueued_at, rings in due:
        claimed = ReplyVersion.objects.filter(pk=version_id, status__in=IN_FLIGHT, enqueued_at=enqueued_at, rings=rings)
        if claimed.update(enqueued_at=now, rings=F("rings") + 1) == 1:
            doorbell.enqueue_scan(version_id)
            rung += 1
    if due:
        logger.info("reply sweep: %s due, %s rung again", len(due), rung)
    return rung
