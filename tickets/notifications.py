"""Outbound email: the one place every delivery hooks in.

A delivery is an outbox row (`Notification`) written in the caller's transaction: about a published reply
(unique per message and kind), a notice addressed to a customer that is not a thread message (a lead's
warning), or a staff notice (a lead's escalation alert; its kind's email is built by the app that registered
it with `staff_notice_register`, so tickets imports nothing from that app). The broker only rings the doorbell
after commit. `tickets.tasks.send_notification` claims the row and sends at most once per row, then sends
whatever else is due over the same connection (`_send_batch`), so one worker keeps up with the reply gate's
batches; the beat sweep re-enqueues rows whose doorbell was lost. Bodies and addresses never reach a log or a
task argument: logs carry ids and states only.
"""
import logging
import smtplib
import time
from collections.abc import Callable
from datetime import timedelta
from email.utils import formataddr, make_msgid

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q, prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.identity import TEAM_NAME_FALLBACK
from config.doorbell import ring
from config.locale import customer_locale
from tickets.models import Customer, Message, MessageKind, Notification, ThreadEmail, Ticket

logger = logging.getLogger(__name__)

SEND_TASK = "tickets.tasks.send_notification"
# Staff notices registered as urgent (leads' escalation alerts) are sent by the urgent worker, in batches of
# their own kinds only: routine email never queues ahead of them, and they never hold up the notify worker.
URGENT_SEND_TASK = "tickets.tasks.send_urgent_notification"
URGENT_KINDS: set[str] = set()
REPLY_PUBLISHED = "reply_published"
CUSTOMER_WARNING = "customer_warning"
# What a lead can warn a customer about: variant → (subject, template). Each names the behaviour, never the
# person who reported it, and is signed by the team.
CUSTOMER_WARNINGS = {
    "conduct": (_("Please keep our conversation respectful"), "escalation/email/warning_conduct.txt"),
    "final": (_("Final notice about your messages to our team"), "escalation/email/warning_final.txt"),
}
# The one reminder a customer gets when a reply asked them for details and they have not answered
# (`tickets.closure`). A fixed text signed by the team: nothing in it was written by a member of staff.
INFO_REMINDER = "info_reminder"
INFO_REMINDER_TEMPLATE = "email/info_reminder.txt"
# The satisfaction survey of a solved ticket (`tickets.satisfaction`): a fixed text with two signed links.
CSAT_REQUEST = "csat_request"
CSAT_REQUEST_TEMPLATE = "email/csat_request.txt"
CUSTOMER_NOTICES = (CUSTOMER_WARNING, INFO_REMINDER, CSAT_REQUEST)
_NOTICE_IDS = {CUSTOMER_WARNING: "warning", INFO_REMINDER: "reminder", CSAT_REQUEST: "rating"}
# Notices no person decided to send (a sweep's reminder, the survey on solving) say so (RFC 3834), so the
# customer's out-of-office does not answer them; Exchange honours only its own header. A lead's warning is
# a person's act and a reply is an agent's, so neither carries them.
AUTOMATIC_NOTICE_HEADERS = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "OOF, AutoReply"}
AUTOMATIC_NOTICES = (INFO_REMINDER, CSAT_REQUEST)
# Attempts are counted on the row, not per Celery retry chain, so a sweep that re-enqueues a failing row
# cannot multiply its retries: after MAX_ATTEMPTS the row is failed, whoever tried.
MAX_ATTEMPTS = 6
# An urgent notice keeps trying, at most a minute apart, for about an hour: "retried until delivered" within
# the time a lead can still act on it; after that a person looks at the failed row.
URGENT_MAX_ATTEMPTS = 60
URGENT_BACKOFF_MAX_S = 60
# A row never tried for this long lost its doorbell; a row tried and still pending after the whole backoff
# span (tickets.tasks: 30 s doubling, ~16 min) lost its retry chain.
PENDING_GRACE = timedelta(minutes=1)
RETRY_GRACE = timedelta(minutes=30)
# Longer than any send can take (EMAIL_TIMEOUT and a slow server): a row still `sending` after this was cut off.
SENDING_GRACE = timedelta(minutes=10)
SWEEP_BATCH = 200
# Batches: after its own row, a task keeps its connection for first attempts that are due, BATCH_CHUNK leased at
# a time, and claims no more after BATCH_SECONDS. A lease (or a batch row's retry hold) ends at the time kept in a
# pending row's `sending_since`; it only decides who may try first, never whether a row is sent twice.
BATCH_CHUNK = 20
BATCH_SECONDS = 3.0
BATCH_LEASE = timedelta(seconds=60)
# Network and SMTP trouble is worth retrying; anything else is a bug or bad data, and retrying will not help.
RETRYABLE = (smtplib.SMTPException, OSError)
_RELATED = (
    "message__ticket__queue", "message__ticket__customer",
    "ticket__queue", "customer", "recipient__staff",
)
# Staff notice kind → the function that builds its email from the row (registered in the owning app's ready()).
STAFF_NOTICES: dict[str, Callable[[Notification], EmailMultiAlternatives]] = {}


class PermanentDeliveryError(Exception):
    """Retrying cannot help (no address to send to): the row is marked failed for a person to look at."""


def backoff_seconds(attempts: int, urgent: bool = False) -> int:
    """30 s after the first failure, doubling: 30 s, 1, 2, 4, 8 min; urgent notices at most a minute apart."""
    seconds = 30 * 2 ** max(attempts - 1, 0)
    return min(seconds, URGENT_BACKOFF_MAX_S) if urgent else seconds


def max_attempts(kind: str) -> int:
    return URGENT_MAX_ATTEMPTS if kind in URGENT_KINDS else MAX_ATTEMPTS


def notification_schedule(*, message: Message, kind: str = REPLY_PUBLISHED) -> Notification:
    """`notifications_schedule` for one message."""
    return notifications_schedule(messages=[message], kind=kind)[0]


def notifications_schedule(
    *, messages: list[Message], kind: str = REPLY_PUBLISHED, new: bool = False
) -> list[Notification]:
    """Record that each customer must hear about their message, and ring the worker once the caller commits.

    Safe to call twice and from inside another transaction: an existing row is not duplicated. The reply gate
    publishes in batches, so this is two queries whatever the number of messages, and one with `new` (the
    messages were written in the caller's transaction, so none can have a row yet: the gate's publication). A
    broker that is down never breaks the caller; the rows stay pending and the sweep picks them up.
    """
    for message in messages:
        if message.kind != MessageKind.PUBLIC_REPLY:
            # Only what the gate published may be mailed out: never a note, never the customer's own words.
            raise ValueError(f"message {message.pk} is not a published public reply")
    rows = [Notification(message=message, kind=kind) for message in messages]
    if new:
        notifications = Notification.objects.bulk_create(rows)  # the insert returns their ids
    else:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        by_message = {n.message_id: n for n in Notification.objects.filter(message__in=messages, kind=kind)}
        notifications = [by_message[message.pk] for message in messages]
    pending = [n.pk for n in notifications if n.state == Notification.State.PENDING]
    if pending:
        # One doorbell for the lot: the notify worker answering it sends the rest in the same batch.
        transaction.on_commit(lambda: _enqueue(pending[0]))
    return notifications


_text_check: Callable[..., list[dict]] | None = None


def public_text_check_register(check: Callable[..., list[dict]]) -> None:
    """Called by the reply gate's app at start-up: `check(*, customer, ticket, texts)` returns the findings of
    its scanner in staff-written text the customer will read outside a reply (tickets cannot import it)."""
    global _text_check
    _text_check = check


def warning_render(*, ticket: Ticket | None, variant: str) -> tuple[str, str]:
    """A warning's subject and body as the customer will read them (in the active language)."""
    subject, template = CUSTOMER_WARNINGS[variant]
    return str(subject), render_to_string(template, {"ticket": ticket, "support_name": settings.TACT_SUPPORT_NAME})


def notification_schedule_warning(*, customer: Customer, ticket: Ticket | None, variant: str) -> Notification:
    """Record a warning to `customer` (about `ticket`, if any) and ring the worker once the caller commits.

    Every call is a new warning: the caller's own row (a lead's action) is what makes it happen once. The row
    is written in the caller's transaction, so a rolled-back action leaves nothing to send.
    """
    if variant not in CUSTOMER_WARNINGS:
        raise ValueError(f"unknown warning {variant!r}")
    if ticket is not None and ticket.customer_id != customer.pk:
        raise ValueError(f"ticket {ticket.pk} is not customer {customer.pk}'s")
    with customer_locale(customer):
        subject, body = warning_render(ticket=ticket, variant=variant)
    return _customer_notice(kind=CUSTOMER_WARNING, customer=customer, ticket=ticket, variant=variant,
                            subject=subject, body=body, noun="warning")


def reminder_render(*, ticket: Ticket) -> tuple[str, str]:
    """The reminder's subject and body as the customer will read them."""
    subject = "[{}] {}".format(ticket.reference, _("We are still waiting for your details"))
    context = {"ticket": ticket, "support_name": settings.TACT_SUPPORT_NAME,
               "portal_url": settings.TACT_SITE_URL.rstrip("/")
               + reverse("portal_ticket", kwargs={"reference": ticket.reference})}
    return subject, render_to_string(INFO_REMINDER_TEMPLATE, context)


def notification_schedule_reminder(*, ticket: Ticket) -> Notification:
    """Record the reminder that `ticket` waits for the customer's details; the caller (the closure sweep's
    conditional update) makes it happen once per request for details."""
    with customer_locale(ticket.customer):
        subject, body = reminder_render(ticket=ticket)
    return _customer_notice(kind=INFO_REMINDER, customer=ticket.customer, ticket=ticket, variant="",
                            subject=subject, body=body, noun="reminder")


def csat_request_render(*, ticket: Ticket, good_url: str, bad_url: str, days: int) -> tuple[str, str]:
    """The survey's subject and body as the customer will read them."""
    subject = "[{}] {}".format(ticket.reference, _("How did we do?"))
    context = {"ticket": ticket, "support_name": settings.TACT_SUPPORT_NAME, "good_url": good_url,
               "bad_url": bad_url, "days": days}
    return subject, render_to_string(CSAT_REQUEST_TEMPLATE, context)


def notification_schedule_csat(*, ticket: Ticket, good_url: str, bad_url: str, days: int) -> Notification:
    """Record the survey email of a solved ticket. Its links are ours (a signed id, no one's text): the gate's
    check reads the text with placeholders for them, so a random run of characters in a signature can never be
    taken for the customer's details; everything else is checked and frozen as any notice."""
    with customer_locale(ticket.customer):
        subject, body = csat_request_render(ticket=ticket, good_url=good_url, bad_url=bad_url, days=days)
        _subject, checked = csat_request_render(ticket=ticket, good_url="[link]", bad_url="[link]", days=days)
    return _customer_notice(kind=CSAT_REQUEST, customer=ticket.customer, ticket=ticket, variant="",
                            subject=subject, body=body, noun="survey", checked_body=checked)


def _customer_notice(*, kind: str, customer: Customer, ticket: Ticket | None, variant: str, subject: str,
                     body: str, noun: str, checked_body: str | None = None) -> Notification:
    """A notice to a customer that is not a thread message: checked by the reply gate's scanner against the
    customer's private details (a deployment may change the templates), refused with a ValidationError if it
    would reveal any, and frozen on the row: what was checked is what is sent (`checked_body`: the body with
    machine-made links left out)."""
    if _text_check is None:
        raise ImproperlyConfigured(f"The reply gate's text check is not registered: a {noun} cannot be checked.")
    findings = _text_check(customer=customer, ticket=ticket, texts=[subject, body if checked_body is None
                                                                      else checked_body])
    if findings:
        kinds = ", ".join(sorted({f["kind"] for f in findings}))
        message = _("This %(noun)s would reveal private details (%(kinds)s), so it was not sent. An administrator "
                    "must correct its template.")
        raise ValidationError({"template": message % {"noun": noun, "kinds": kinds}})
    notification = Notification.objects.create(
        kind=kind, customer=customer, ticket=ticket, variant=variant, subject=subject, body=body
    )
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def staff_notice_register(
    kind: str, build: Callable[[Notification], EmailMultiAlternatives], *, urgent: bool = False
) -> None:
    """Let another app send staff notices of `kind` through the outbox; `build` makes the email from the row
    at send time (raising PermanentDeliveryError when it cannot be sent). `urgent` ones go out from the urgent
    worker and are retried for longer."""
    STAFF_NOTICES[kind] = build
    if urgent:
        URGENT_KINDS.add(kind)


def notifications_schedule_staff(*, kind: str, about_id: int, recipients, ticket: Ticket | None = None) -> int:
    """Record that each staff member in `recipients` must hear about row `about_id`, once each, and ring the
    worker after the caller commits. Safe to call again: a recipient already told is not told twice. Returns
    how many rows are new."""
    if kind not in STAFF_NOTICES:
        raise ValueError(f"no staff notice registered as {kind!r}")
    users = list(recipients)
    existing = set(
        Notification.objects.filter(kind=kind, about_id=about_id, recipient__in=users).values_list(
            "recipient_id", flat=True
        )
    )
    rows = [
        Notification(kind=kind, about_id=about_id, recipient=user, ticket=ticket)
        for user in users if user.pk not in existing
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        first = Notification.objects.filter(kind=kind, about_id=about_id, state=Notification.State.PENDING)
        first_id = first.order_by("pk").values_list("pk", flat=True).first()
        if first_id is not None:
            # One doorbell: the worker answering it sends the others due in the same batch.
            urgent = kind in URGENT_KINDS
            transaction.on_commit(lambda: _enqueue(first_id, urgent=urgent))
    return len(rows)


def _enqueue(notification_id: int, urgent: bool = False) -> bool:
    """Ring the sender without stalling the caller (a lead's override runs this in their request). The task is
    named, not imported: `tickets.tasks` runs this module's services."""
    return ring(URGENT_SEND_TASK if urgent else SEND_TASK, notification_id, what=f"notification {notification_id}")


def _lane(urgent: bool) -> Q:
    """The rows one kind of worker sends in its batches: urgent notices, or everything else."""
    return Q(kind__in=URGENT_KINDS) if urgent else ~Q(kind__in=URGENT_KINDS)


def notifications_resend_pending() -> int:
    """Re-ring the doorbell for rows that seem forgotten; returns how many were enqueued.

    Rows being retried are left to their retry chain until it should long be over; a row that failed inside
    another row's batch has no chain of its own and is rung once its backoff hold has ended. Running the task
    twice for one row is harmless (it claims the row first): an over-eager sweep costs work, never an email.
    Rows cut off mid-send are marked unconfirmed here, never sent again.
    """
    now = timezone.now()
    cut_off = Notification.objects.filter(state=Notification.State.SENDING, sending_since__lt=now - SENDING_GRACE)
    if interrupted := cut_off.update(state=Notification.State.UNCONFIRMED):
        logger.warning("notification sweep: %s interrupted while sending, marked unconfirmed", interrupted)
    rows = list(
        Notification.objects.filter(state=Notification.State.PENDING)
        .filter(
            Q(attempts=0, created_at__lt=now - PENDING_GRACE)
            | Q(attempts__gt=0, sending_since__lte=now)
            | Q(created_at__lt=now - RETRY_GRACE)
        )
        .order_by("created_at")
        .values_list("pk", "kind")[:SWEEP_BATCH]
    )
    ids = [pk for pk, _kind in rows]
    enqueued = sum(_enqueue(pk, urgent=kind in URGENT_KINDS) for pk, kind in rows)
    if ids:
        logger.info("notification sweep: %s pending, %s enqueued", len(ids), enqueued)
    return enqueued


def notification_send(*, notification_id: int, urgent: bool = False) -> bool:
    """Send one notification at most once, then whatever else is due over the same connection. Returns True
    if this call sent the named row.

    The named row is claimed (`sending`, committed) before its mail goes out and marked `sent` after, so a
    duplicate task finds it claimed or sent and stops, and no lock is held during the SMTP conversation. A
    send that raises did not deliver: the row goes back to pending for the task to count and retry (held
    meanwhile, so no batch takes it as a first attempt). A crash between send and `sent` leaves it `sending`,
    and the sweep marks it unconfirmed instead of sending a second copy. Once the named row is sent, the
    connection stays open for `_send_batch`, which takes only rows of the same lane (`urgent` or not).
    """
    now = timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, state=Notification.State.PENDING)
        .filter(_free(now))
        .update(state=Notification.State.SENDING, sending_since=now)
    )
    if claimed != 1:
        return False
    notification = Notification.objects.select_related(*_RELATED).get(pk=notification_id)
    _thread_record([notification])
    with _Connection() as connection:
        try:
            connection.send(notification_email(notification))
        except Exception:  # not BaseException: a worker shut down mid-send may have sent, so it stays `sending`
            Notification.objects.filter(pk=notification_id, state=Notification.State.SENDING).update(
                state=Notification.State.PENDING, sending_since=timezone.now() + BATCH_LEASE
            )
            raise
        _mark_sent(notification_id)
        _send_batch(connection, deadline=time.monotonic() + BATCH_SECONDS, urgent=urgent)
    return True


def _free(now) -> Q:
    """A pending row nobody holds: no batch's lease on it and no batch retry's backoff still running."""
    return Q(sending_since__isnull=True) | Q(sending_since__lte=now)


def _mark_sent(notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id, state=Notification.State.SENDING).update(
        state=Notification.State.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    logger.info("notification %s: sent", notification_id)


class _Connection:
    """One email connection for a whole batch: opened before the first send, and again after a failed one
    (a refused or dropped conversation is not reused)."""

    def __init__(self) -> None:
        self.backend = get_connection(fail_silently=False)
        self.is_open = False

    def open(self) -> None:
        if not self.is_open:
            self.backend.open()
            self.is_open = True

    def send(self, email: EmailMultiAlternatives) -> None:
        self.open()
        email.connection = self.backend
        email.send(fail_silently=False)

    def close(self) -> None:
        """Every message on it was already sent or failed; trouble saying goodbye changes nothing."""
        if self.is_open:
            self.is_open = False
            try:
                self.backend.close()
            except Exception as exc:
                logger.warning("notification batch: closing the connection failed (%s)", type(exc).__name__)

    def __enter__(self) -> "_Connection":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _send_batch(connection: _Connection, *, deadline: float, urgent: bool = False) -> None:
    """Send first attempts that are due, oldest first, BATCH_CHUNK at a time, until none is left or the
    deadline has passed (checked before each claim, so a task holds at most one chunk and never for long).

    Claimed rows stay `pending`, leased (`sending_since` = the lease's end, the batch's fencing token), and
    each is moved to `sending` by a conditional update just before its own send, as the named row is. So a
    crash mid-batch leaves only the in-flight row `sending` (unconfirmed later: at most once); the rows not
    yet tried are still pending, free again when the lease ends, and the sweep or the next batch sends them.
    Claiming them all as `sending` up front would instead turn a crash into a chunk of unconfirmed, never
    delivered rows. A row whose lease ended under a slow batch may be taken by another worker: the
    conditional update then moves nothing and this batch skips it.
    """
    while True:
        if time.monotonic() >= deadline:
            _ring_next_due(urgent)  # more may be waiting: whoever answers carries on
            return
        lease = timezone.now() + BATCH_LEASE
        rows = _claim_chunk(lease, urgent)
        if not rows:
            return
        done = False
        try:
            for row in rows:
                if not _send_leased(connection, row, lease):
                    return
            done = True
        finally:
            if not done:  # connection down, or an error or shutdown mid-chunk: the untried rows are free again
                Notification.objects.filter(
                    pk__in=[row.pk for row in rows], state=Notification.State.PENDING, sending_since=lease
                ).update(sending_since=None)


def _ring_next_due(urgent: bool) -> None:
    """Ring for the oldest first attempt still due in the lane, if any (publication rings once per batch)."""
    now = timezone.now()
    due = Notification.objects.filter(_free(now), _lane(urgent), state=Notification.State.PENDING, attempts=0)
    next_id = due.order_by("created_at", "pk").values_list("pk", flat=True).first()
    if next_id is not None:
        _enqueue(next_id, urgent=urgent)


def _claim_chunk(lease, urgent: bool) -> list[Notification]:
    """Lease up to BATCH_CHUNK pending rows never tried (a row waiting out a retry backoff is not due).

    SKIP LOCKED lets two notify workers claim side by side without taking the same row or waiting on each
    other (SQLite serializes writers and needs no such clause; Django leaves it out there).
    """
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(_free(now), _lane(urgent), state=Notification.State.PENDING, attempts=0)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:BATCH_CHUNK]
        )
        if not ids:
            return []
        Notification.objects.filter(pk__in=ids).update(sending_since=lease)
    rows = list(Notification.objects.select_related(*_RELATED).filter(pk__in=ids).order_by("created_at", "pk"))
    _thread_record(rows)
    return rows


def _thread_record(rows: list[Notification]) -> None:
    """Record the Message-IDs of the reply emails about to leave, so the customer's answer threads by its
    headers however fast it comes back, and load each ticket's thread for the References and each reply's
    files for the email's list (three queries for the lot). The id is the row's: a retried send records, and
    sends, the same one."""
    replies = [(row, row.message) for row in rows if row.message is not None and row.kind == REPLY_PUBLISHED]
    ThreadEmail.objects.bulk_create(
        [
            ThreadEmail(
                msgid=reply_message_id(
                    ticket=message.ticket, notification=row, domain=_queue_domain(message.ticket.queue.email)
                ),
                ticket=message.ticket, message=message, outbound=True,
            )
            for row, message in replies
        ],
        ignore_conflicts=True,
    )
    prefetch_related_objects([message for _, message in replies], "ticket__thread_emails", "attachments")


def _send_leased(connection: _Connection, row: Notification, lease) -> bool:
    """Send one leased row; False if the connection cannot be opened (the caller gives the rest back).

    Failures are classified as the task does for its own row: retryable ones count an attempt and hold the
    row for its backoff (the sweep rings it then), anything else fails the row. Either way the batch goes on.
    """
    started = Notification.objects.filter(pk=row.pk, state=Notification.State.PENDING, sending_since=lease).update(
        state=Notification.State.SENDING, sending_since=timezone.now()
    )
    if not started:
        return True
    try:
        email = notification_email(row)
        try:
            connection.open()
        except Exception as exc:  # nothing was sent: the row goes back untouched, uncounted
            Notification.objects.filter(pk=row.pk, state=Notification.State.SENDING).update(
                state=Notification.State.PENDING, sending_since=None
            )
            logger.warning("notification batch: cannot connect (%s), %s left pending", type(exc).__name__, row.pk)
            return False
        connection.send(email)
    except RETRYABLE as exc:
        connection.close()
        _batch_failure_record(row, exc, permanent=False)
    except Exception as exc:  # PermanentDeliveryError, or a bug or bad data: retrying will not help
        _batch_failure_record(row, exc, permanent=True)
    else:
        _mark_sent(row.pk)
    return True


def _batch_failure_record(row: Notification, error: Exception, permanent: bool) -> None:
    """`notification_failure_record` for a row this batch holds (`sending`): one conditional update, and a
    retryable failure is held (`sending_since` = the end of its backoff) so no batch or doorbell tries it early."""
    changes = _failure(row.attempts + 1, error, permanent, row.kind)
    if "state" not in changes:
        changes["state"] = Notification.State.PENDING
        delay = backoff_seconds(changes["attempts"], urgent=row.kind in URGENT_KINDS)
        changes["sending_since"] = timezone.now() + timedelta(seconds=delay)
    Notification.objects.filter(pk=row.pk, state=Notification.State.SENDING).update(**changes)
    _failure_log(row.pk, changes)


def notification_failure_record(*, notification_id: int, error: Exception, permanent: bool) -> int | None:
    """Count a failed attempt and return the row's attempts, or None if it is no longer pending."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, state=Notification.State.PENDING)
            .first()
        )
        if notification is None:
            return None
        changes = _failure(notification.attempts + 1, error, permanent, notification.kind)
        if "state" not in changes:  # the task's retry chain owns the backoff: release the hold taken on failure
            changes["sending_since"] = None
        Notification.objects.filter(pk=notification_id).update(**changes)
    _failure_log(notification_id, changes)
    return changes["attempts"]


def _failure(attempts: int, error: Exception, permanent: bool, kind: str) -> dict:
    """What a failed attempt changes on its row. A permanent failure or the last allowed attempt marks it
    failed, so nobody retries it again. Only the exception's class is kept: SMTP errors can echo addresses."""
    changes: dict = {"attempts": attempts, "last_error": type(error).__name__[:200]}
    if permanent or attempts >= max_attempts(kind):
        changes["state"] = Notification.State.FAILED
    return changes


def _failure_log(notification_id: int, changes: dict) -> None:
    gave_up = changes.get("state") == Notification.State.FAILED
    logger.warning(
        "notification %s: attempt %s failed (%s)%s",
        notification_id, changes["attempts"], changes["last_error"], ", giving up" if gave_up else "",
    )


def _queue_domain(address: str) -> str:
    return address.rpartition("@")[2] or "localhost"


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    """Build the email a row stands for. Whatever the kind, the queue's address is the only one the customer
    sees, and no agent's real name is in it."""
    if notification.recipient_id is not None:
        return STAFF_NOTICES[notification.kind](notification)
    if notification.kind in CUSTOMER_NOTICES:
        return _notice_email(notification)
    return _reply_email(notification)


def _notice_email(notification: Notification) -> EmailMultiAlternatives:
    """A notice to a customer (a lead's warning, a reminder), signed by the team: the support name as the
    sender, never a member of staff."""
    customer = notification.customer
    ticket = notification.ticket
    if customer is None or customer.deleted_at:
        raise PermanentDeliveryError("customer deleted")
    to = customer.primary_email
    if not to:
        raise PermanentDeliveryError("customer has no email address")
    queue_address = ticket.queue.email if ticket else settings.DEFAULT_FROM_EMAIL
    domain = _queue_domain(queue_address)
    return EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body,
        from_email=formataddr((settings.TACT_SUPPORT_NAME, queue_address)),
        to=[to],
        reply_to=[queue_address],
        headers={"Message-ID": make_msgid(idstring=f"{_NOTICE_IDS[notification.kind]}.n{notification.pk}",
                                          domain=domain),
                 **(AUTOMATIC_NOTICE_HEADERS if notification.kind in AUTOMATIC_NOTICES else {})},
    )


# How many earlier Message-IDs of the thread a reply's References names (after the thread's root).
REFERENCES_KEPT = 10


def thread_root_id(*, ticket: Ticket, domain: str) -> str:
    """The thread's own id, `<T-XXXX@queue domain>`: every reply names it, so a client threads them together
    even before the customer has written by email (a portal or phone ticket)."""
    return f"<{ticket.reference}@{domain}>"


def reply_message_id(*, ticket: Ticket, notification: Notification, domain: str) -> str:
    """A reply email's Message-ID: the ticket reference and the outbox row, at the queue's domain (no host name,
    no person). `bench/_harness.py` counts duplicate sends by the `.n<row>@` part."""
    return f"<{ticket.reference}.n{notification.pk}@{domain}>"


def _thread_headers(*, ticket: Ticket, domain: str, exclude: str) -> tuple[str, list[str]]:
    """(In-Reply-To, References) for a reply: it answers the customer's last email on the ticket (the root if
    they never wrote by email); References holds the root and the thread's latest ids, oldest first."""
    # `thread_emails` comes prefetched with the batch (`_thread_record`): no query per row.
    emails = sorted(ticket.thread_emails.all(), key=lambda e: (e.created_at, e.pk), reverse=True)
    latest = [(e.msgid, e.outbound) for e in emails if e.msgid != exclude][:REFERENCES_KEPT]
    root = thread_root_id(ticket=ticket, domain=domain)
    in_reply_to = next((msgid for msgid, outbound in latest if not outbound), root)
    references = [root] + [msgid for msgid, _ in reversed(latest) if msgid != in_reply_to] + (
        [in_reply_to] if in_reply_to != root else []
    )
    return in_reply_to, references


def _reply_email(notification: Notification) -> EmailMultiAlternatives:
    """A published reply: persona as the sender's name, the queue as the only address."""
    message = notification.message
    if message is None:  # the check constraint allows it only for notices addressed to a customer
        raise PermanentDeliveryError(f"{notification.kind} row without a message")
    ticket = message.ticket
    queue = ticket.queue
    customer = ticket.customer
    if ticket.deleted_at or customer.deleted_at:
        raise PermanentDeliveryError("ticket or customer deleted")
    to = customer.primary_email
    if not to:
        raise PermanentDeliveryError("customer has no email address")
    # Everything staff wrote here is the published snapshot the gate scanned, exactly as the portal shows it:
    # the alias, the body, the signature and the subject; never the live persona.
    # Header values on one line: a stray newline in a subject must not fail (or inject into) the headers.
    alias = " ".join((message.author_alias or TEAM_NAME_FALLBACK).split())
    subject = " ".join(ticket.customer_subject.split())
    domain = _queue_domain(queue.email)
    context = {
        "ticket": ticket,
        "alias": alias,
        "body": message.body,
        "signature": message.author_signature,
        # Files the gate checked with the reply: named here, downloaded from the portal (signed in), not attached.
        "files": sorted((a.pk, a.filename) for a in message.attachments.all()),  # prefetched with the batch
        "support_name": settings.TACT_SUPPORT_NAME,
        "portal_url": settings.TACT_SITE_URL.rstrip("/")
        + reverse("portal_ticket", kwargs={"reference": ticket.reference}),
    }
    message_id = reply_message_id(ticket=ticket, notification=notification, domain=domain)
    in_reply_to, references = _thread_headers(ticket=ticket, domain=domain, exclude=message_id)
    with customer_locale(customer):
        text = render_to_string("email/reply_published.txt", context)
        html = render_to_string("email/reply_published.html", context)
    email = EmailMultiAlternatives(
        subject=f"[{ticket.reference}] {subject}",
        body=text,
        from_email=formataddr((f"{alias} via {settings.TACT_SUPPORT_NAME}", queue.email)),
        to=[to],
        reply_to=[queue.email],
        headers={"Message-ID": message_id, "In-Reply-To": in_reply_to, "References": " ".join(references)},
    )
    email.attach_alternative(html, "text/html")
    return email
