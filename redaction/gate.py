"""The reply gate: no public reply goes out until a worker scanned exactly its text and found nothing.

draft → pending → scanning → published | held; editing a held reply makes a new version. The version row is
the truth and the broker a doorbell: `reply_submit` rings it after commit, the sweep rings it again for any
version left waiting, and `reply_scan` locks the row and skips versions already past scanning, so a lost,
duplicated or redelivered message never loses or double-publishes a reply. `reply_publish` is the only path
into the ticket thread, and checks the clean scan's hash against the text it publishes.
"""
import logging
import signal
import threading
import time
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from agents.identity import public_identity
from agents.selectors import is_lead, staff_profile
from config.doorbell import ring
from redaction.context import ticket_context
from redaction.models import IN_FLIGHT, Reply, ReplyScan, ReplyVersion, VersionStatus, body_sha256
from redaction.policy import current_policy, gate_setting, policy_digest
from redaction.scanner import SCANNER_VERSION, scan
from tickets.access import tickets_for
from tickets.models import Message, Ticket
from tickets.notifications import notification_schedule
from tickets.services import body_length_check, body_validate, event_record, reply_message_create

logger = logging.getLogger(__name__)

# Errors that say "try again later", not "this reply is a problem": the task retries them with backoff.
RETRYABLE = (OperationalError, InterfaceError)


class PublishRefused(Exception):
    """Publication was refused because an invariant does not hold; nothing was written."""


class ScanTimeout(Exception):
    pass


# --- Drafts and submission (the agent's request) ------------------------------------------------------------


def _check_author(ticket: Ticket, author) -> None:
    if staff_profile(author) is None or not tickets_for(author).filter(pk=ticket.pk).exists():
        raise PermissionDenied("Only staff working this ticket's queue can reply to it.")


def _open_reply_locked(ticket: Ticket, author) -> Reply | None:
    """The author's unpublished reply on this ticket, locked: one reply in the works per agent and ticket."""
    return (
        Reply.objects.select_for_update()
        .filter(ticket=ticket, author=author)
        .exclude(state=VersionStatus.PUBLISHED)
        .order_by("-id")
        .first()
    )


def _editable_version(reply: Reply | None, *, ticket: Ticket, author, now) -> tuple[Reply, ReplyVersion]:
    """The draft version to write into: the reply's draft, or a new version on top of a held one."""
    if reply is None:
        reply = Reply.objects.create(ticket=ticket, author=author, created_at=now, updated_at=now)
    if reply.state in IN_FLIGHT:
        raise ValidationError({"body": "This reply is being checked. Edit it once the check finishes."})
    latest = reply.latest_version
    if latest is not None and latest.status == VersionStatus.DRAFT:
        return reply, latest
    number = latest.number + 1 if latest else 1
    version = ReplyVersion.objects.create(
        reply=reply, number=number, body="", sha256=body_sha256(""), created_at=now
    )
    reply.latest_version = version
    return reply, version


def draft_save(*, ticket: Ticket, author, body: str) -> ReplyVersion:
    """Keep what the agent has typed so far. No history event: drafts are saved on every pause in typing."""
    _check_author(ticket, author)
    body = body or ""
    body_length_check(body)
    now = timezone.now()
    with transaction.atomic():
        reply = _open_reply_locked(ticket, author)
        reply, version = _editable_version(reply, ticket=ticket, author=author, now=now)
        version.body, version.sha256 = body, body_sha256(body)
        version.save(update_fields=["body", "sha256"])
        reply.updated_at = now
        reply.save(update_fields=["latest_version", "updated_at"])
    return version


def reply_submit(*, ticket: Ticket, author, body: str) -> ReplyVersion:
    """Send a reply to the gate: a new pending version, scanned by a worker before anyone can read it.

    The doorbell rings only after commit, and never holds up the request: if the broker is down the version
    stays pending and the sweep rings again.
    """
    _check_author(ticket, author)
    body = body_validate(body, noun="reply")
    now = timezone.now()
    with transaction.atomic():
        reply = _open_reply_locked(ticket, author)
        reply, version = _editable_version(reply, ticket=ticket, author=author, now=now)
        version.body, version.sha256 = body, body_sha256(body)
        version.status = VersionStatus.PENDING
        version.submitted_at = version.enqueued_at = now
        version.save(update_fields=["body", "sha256", "status", "submitted_at", "enqueued_at"])
        # Older held versions stay for the record, but are no longer waiting for anyone.
        held = ReplyVersion.objects.filter(reply=reply, status=VersionStatus.HELD)
        held.update(status=VersionStatus.SUPERSEDED)
        reply.state, reply.updated_at = VersionStatus.PENDING, now
        reply.save(update_fields=["state", "latest_version", "updated_at"])
        event_record(
            ticket=ticket, actor=author, kind="reply_submitted", reply=reply.pk, version=version.number
        )
        version_id = version.pk
        transaction.on_commit(lambda: enqueue_scan(version_id), robust=True)
    return version


# --- The doorbell -------------------------------------------------------------------------------------------


def enqueue_scan(version_id: int) -> bool:
    """Ring the worker for one version; True if the broker took the message within ENQUEUE_TIMEOUT_S."""
    from redaction.tasks import scan_reply

    return ring(scan_reply, version_id, what=f"reply version {version_id}", timeout=gate_setting("ENQUEUE_TIMEOUT_S"))


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
            enqueue_scan(version_id)
            rung += 1
    if due:
        logger.info("reply sweep: %s due, %s rung again", len(due), rung)
    return rung


# --- The worker's side --------------------------------------------------------------------------------------


def _raise_timeout(signum, frame):
    raise ScanTimeout


def _scan_with_deadline(text: str, context: dict, timeout: float) -> list:
    """Run the scanner with a deadline. SIGALRM interrupts a runaway detector where we run in the main
    thread (solo and prefork workers); elsewhere an overlong scan is still refused once it returns."""
    policy = current_policy()
    started = time.monotonic()
    use_alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _raise_timeout)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        findings = scan(text, context, policy)
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    if time.monotonic() - started > timeout:
        raise ScanTimeout
    return findings


def _claim(version_id: int) -> ReplyVersion | None:
    """Mark the version as scanning (counting the attempt) if it still needs a scan; None if it does not."""
    with transaction.atomic():
        version = ReplyVersion.objects.select_for_update().filter(pk=version_id).first()
        if version is None or version.status not in IN_FLIGHT:
            return None
        now = timezone.now()
        if version.attempts >= gate_setting("MAX_SCAN_ATTEMPTS"):
            # Every earlier attempt died mid-scan (killed worker, hard time limit): a person must look.
            _hold(version, None, error=f"The scan did not finish after {version.attempts} attempts.", now=now)
            return None
        version.status, version.scan_started_at = VersionStatus.SCANNING, now
        version.attempts += 1
        version.save(update_fields=["status", "scan_started_at", "attempts"])
        return version


def reply_scan(*, version_id: int) -> ReplyVersion | None:
    """Scan one version and publish or hold it. Safe to run any number of times, concurrently too.

    The claim commits before scanning (so a crash is counted), the scan runs without a lock, and the verdict
    is written under the row lock only if nobody finished the version meanwhile. Database errors propagate
    for the task to retry; any other failure to scan holds the version: an error is never clean.
    """
    version = _claim(version_id)
    if version is None:
        return None
    # The persona comes along: the context needs the author's alias (and publication its own fresh copy).
    reply = Reply.objects.select_related("ticket__customer__organization", "author__staff__persona").get(
        pk=version.reply_id
    )
    text = version.body
    started = time.monotonic()
    findings: list = []
    error = ""
    try:
        context = ticket_context(ticket=reply.ticket, author=reply.author)
        findings = [f.as_dict() for f in _scan_with_deadline(text, context, gate_setting("SCAN_TIMEOUT_S"))]
    except RETRYABLE:
        raise
    except ScanTimeout:
        error = f"The scan took longer than {gate_setting('SCAN_TIMEOUT_S')} s and was stopped."
    except Exception as exc:
        logger.warning("reply version %s: scanner failed (%s)", version_id, type(exc).__name__)
        error = f"The scanner failed ({type(exc).__name__}); a person must check this reply."
    duration_ms = int((time.monotonic() - started) * 1000)
    with transaction.atomic():
        version = ReplyVersion.objects.select_for_update().get(pk=version_id)
        if version.status != VersionStatus.SCANNING:
            return version  # a concurrent run already decided
        result = ReplyScan.objects.create(
            version=version,
            sha256=body_sha256(text),
            scanner_version=SCANNER_VERSION,
            policy_digest=policy_digest(),
            findings=findings,
            error=error,
            duration_ms=duration_ms,
        )
        if result.is_clean:
            try:
                reply_publish(version=version, scan=result)
                version.status = VersionStatus.PUBLISHED
                return version
            except PublishRefused as refused:
                _hold(version, result, error=str(refused))
                return version
        _hold(version, result)
    return version


def _hold(version: ReplyVersion, result: ReplyScan | None, *, error: str = "", now=None) -> None:
    """Hold a version for a person, recording why. Called with the version row locked."""
    now = now or timezone.now()
    if result is None:
        result = ReplyScan.objects.create(
            version=version, sha256=version.sha256, scanner_version=SCANNER_VERSION,
            policy_digest=policy_digest(), error=error[:300],
        )
    elif error and not result.error:
        result.error = error[:300]
        result.save(update_fields=["error"])
    ReplyVersion.objects.filter(pk=version.pk).update(status=VersionStatus.HELD, finished_at=now)
    version.status = VersionStatus.HELD
    Reply.objects.filter(pk=version.reply_id).exclude(state=VersionStatus.PUBLISHED).update(
        state=VersionStatus.HELD, updated_at=now
    )
    reply = Reply.objects.select_related("ticket").get(pk=version.reply_id)
    event_record(
        ticket=reply.ticket, actor=None, kind="reply_held", reply=reply.pk, version=version.number,
        kinds=sorted({f["kind"] for f in result.findings}), error=bool(result.error),
    )


# --- Publication --------------------------------------------------------------------------------------------


def _verify_clean(version: ReplyVersion, scan_row: ReplyScan | None) -> None:
    if scan_row is None or scan_row.version_id != version.pk:
        raise PublishRefused("No scan of this version.")
    if not scan_row.is_clean:
        raise PublishRefused("The scan of this version is not clean.")
    actual = body_sha256(version.body)
    if not (scan_row.sha256 == version.sha256 == actual):
        raise PublishRefused("The text changed after it was scanned (hash mismatch).")
    if scan_row.scanner_version != SCANNER_VERSION or scan_row.policy_digest != policy_digest():
        raise PublishRefused("The scan was made under another scanner or policy; scan again.")


def _publish(version: ReplyVersion, reply: Reply, *, allowed: tuple, lead=None, reason: str = "") -> Message:
    """Write the message and flip the states, all or nothing. Caller holds both row locks."""
    if reply.published_message_id is not None:
        raise PublishRefused("This reply is already published.")
    if reply.latest_version_id != version.pk:
        raise PublishRefused("A newer version of this reply exists (its author is editing it).")
    identity = public_identity(reply.author)
    now = timezone.now()
    # Flip the status first: a conditional update that changes nothing means someone else got here.
    changed = ReplyVersion.objects.filter(pk=version.pk, status__in=allowed).update(
        status=VersionStatus.PUBLISHED, finished_at=now, overridden_by=lead, override_reason=reason
    )
    if changed != 1:
        raise PublishRefused("This version is no longer waiting to be published.")
    message = reply_message_create(
        ticket=reply.ticket, author=reply.author, body=version.body,
        alias=identity.name, avatar_seed=identity.avatar_seed,
    )
    if Reply.objects.filter(pk=reply.pk, published_message__isnull=True).update(
        state=VersionStatus.PUBLISHED, published_message=message, updated_at=now
    ) != 1:
        raise PublishRefused("This reply is already published.")
    # The outbox row is written in this transaction: published and "customer will be told" commit together.
    notification_schedule(message=message)
    return message


def _reply_locked(reply_id: int) -> Reply:
    # of=self: the author joins are nullable, and PostgreSQL cannot lock the outer side of a join. The persona
    # is joined so publication reads the alias without two more queries.
    return (
        Reply.objects.select_for_update(of=("self",))
        .select_related("ticket", "author__staff__persona")
        .get(pk=reply_id)
    )


def reply_publish(*, version: ReplyVersion, scan: ReplyScan | None = None) -> Message:
    """Publish a version that has a clean scan of exactly its text. The only way a scanned reply goes out.

    Raises PublishRefused (and writes nothing) unless the version is waiting, the latest of its reply, and
    its scan is clean, of the same SHA-256, by this scanner under the current policy.
    """
    with transaction.atomic():
        locked = ReplyVersion.objects.select_for_update().get(pk=version.pk)
        reply = _reply_locked(locked.reply_id)
        scan_row = scan if scan is not None else locked.scans.order_by("-id").first()
        _verify_clean(locked, scan_row)
        return _publish(locked, reply, allowed=IN_FLIGHT)


def reply_override(*, version: ReplyVersion, lead, reason: str) -> Message:
    """A team lead publishes a held version anyway, with a written reason kept in the ticket's history."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = ReplyVersion.objects.select_for_update().get(pk=version.pk)
        reply = _reply_locked(locked.reply_id)
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
        message = _publish(locked, reply, allowed=(VersionStatus.HELD,), lead=lead, reason=reason)
        event_record(
            ticket=reply.ticket, actor=lead, kind="reply_override",
            reply=reply.pk, version=locked.number, message=message.pk, reason=reason,
        )
    return message

