"""Inbound email becomes tickets here, whichever door it came through (`ingest_email`, IMAP, HTTP).

One function, `email_ingest`, records each message once (`InboundEmail.dedupe_key` is unique) and decides:
mail sent by a machine (auto-replies, bounces, lists) or coming back from ourselves is ignored with its
reason; a reply from the ticket's customer threads onto the ticket (by In-Reply-To / References, else the
`[T-XXXX]` in the subject); anything else opens a ticket. Both go through the portal's own services
(`tickets.intake.ticket_open`, `tickets.services.customer_message_add`), so urgency detection, suspended
customers and response targets apply as they do to the portal. A message that cannot be read, or whose
intake fails, is quarantined with its bytes and the error: never dropped.
"""
import logging
import sys
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from agents.audit import audit_record
from config.app_settings import tact_limit
from mailroom import reasons
from mailroom.conf import mail_setting, mailboxes
from mailroom.models import InboundEmail, Outcome
from mailroom.parsing import ParsedEmail, automatic_reason, dedupe_key, email_parse, reply_trim
from tickets.filetypes import CheckedFile, FileRefused, Sniffed, file_sniff
from tickets.intake import ticket_open
from tickets.models import Channel, Customer, MessageKind, Queue, Status, ThreadEmail, Ticket
from tickets.services import attachments_add, customer_message_add

logger = logging.getLogger(__name__)

NO_SUBJECT = "(no subject)"
NO_TEXT = "(This email had no text.)"
ORIGINAL_NAME = "original.eml"
# An email kept whole (the original, or one attached to it), stored as received.
EMAIL = Sniffed("email", "message/rfc822")


@dataclass(frozen=True)
class Ingested:
    inbound: InboundEmail
    created: bool  # False: this message had been received before, and nothing new was made


def email_ingest(*, raw: bytes, source: str, mailbox: str = "") -> Ingested:
    """Take one message (RFC 822 bytes) in, once. Returns its record; `created` is False for a message seen
    before (same Message-ID, or the same bytes when it has none). Never raises for the message's content."""
    key = dedupe_key(raw)
    existing = InboundEmail.objects.filter(dedupe_key=key).first()
    if existing is not None:
        return Ingested(existing, False)
    inbound = InboundEmail(dedupe_key=key, source=source, mailbox=mailbox[:100], size=len(raw))
    try:
        with transaction.atomic():
            # The row goes in first: a second process taking the same message waits on, then trips over, it.
            inbound.outcome = Outcome.QUARANTINED
            inbound.raw = raw
            inbound.save(force_insert=True)
            _intake(inbound, raw, mailbox=mailbox)
    except IntegrityError:
        existing = InboundEmail.objects.filter(dedupe_key=key).first()
        if existing is not None:
            return Ingested(existing, False)
        return _quarantine(key=key, raw=raw, source=source, mailbox=mailbox, error=_error_text())
    except Exception:  # whatever went wrong with this message, it is kept for an administrator
        return _quarantine(key=key, raw=raw, source=source, mailbox=mailbox, error=_error_text())
    logger.info("inbound email %s: %s", inbound.pk, inbound.outcome)
    return Ingested(inbound, True)


def _error_text() -> str:
    """The exception being handled, as an administrator needs it: its class and message, no traceback."""
    exc = sys.exc_info()[1]
    detail = getattr(exc, "messages", None) or [str(exc)]
    return f"{type(exc).__name__}: {'; '.join(str(d) for d in detail)}"[:2000]


def _quarantine(*, key: str, raw: bytes, source: str, mailbox: str, error: str) -> Ingested:
    try:
        with transaction.atomic():
            inbound = InboundEmail.objects.create(
                dedupe_key=key, source=source, mailbox=mailbox[:100], size=len(raw), outcome=Outcome.QUARANTINED,
                error=error, raw=raw, **_headline(raw),
            )
    except IntegrityError:  # another process recorded it meanwhile
        return Ingested(InboundEmail.objects.get(dedupe_key=key), False)
    logger.warning("inbound email %s: quarantined (%s)", inbound.pk, error.partition(":")[0])
    return Ingested(inbound, True)


def _headline(raw: bytes) -> dict:
    """Sender and subject for the quarantine list, as far as they can be read (best effort, never raising)."""
    try:
        parsed = email_parse(raw)
        return {"sender": parsed.sender[:254], "subject": parsed.subject[:200]}
    except Exception:
        return {}


def _intake(inbound: InboundEmail, raw: bytes, *, mailbox: str) -> None:
    """Decide and do, in the caller's transaction; raising leaves nothing behind but the quarantine record."""
    limit = mail_setting("MAX_BYTES")
    if len(raw) > limit:
        raise ValueError(f"the message is {len(raw):,} bytes; the limit is {limit:,} (TACT_MAIL_MAX_BYTES)")
    parsed = email_parse(raw)
    reason = automatic_reason(parsed.message, sender=parsed.sender) or _loop_reason(parsed)
    if reason:
        _finish(inbound, outcome=Outcome.IGNORED, reason=reason[:200], sender=parsed.sender[:254],
                subject=parsed.subject[:200])
        return
    customer = customer_for_address(address=parsed.sender, name=parsed.sender_name)
    ticket = thread_ticket(parsed=parsed, customer=customer)
    body, files = _body(parsed), _files(parsed, raw)
    if ticket is not None:
        message = customer_message_add(ticket=ticket, customer=customer, body=body)
        outcome = Outcome.REPLY
    else:
        ticket = ticket_open(
            subject=(parsed.subject or NO_SUBJECT)[:200], body=body, customer=customer, channel=Channel.EMAIL,
            queue=_queue_for(parsed, mailbox),
        )
        message = ticket.messages.get(kind=MessageKind.CUSTOMER)
        outcome = Outcome.OPENED
    attachments_add(message, files)
    if parsed.message_id:
        ThreadEmail.objects.bulk_create(
            [ThreadEmail(msgid=parsed.message_id, ticket=ticket, message=message, outbound=False)],
            ignore_conflicts=True,
        )
    _finish(inbound, outcome=outcome, ticket=ticket, message=message)


def _finish(inbound: InboundEmail, **fields) -> None:
    """Write the outcome; the bytes are dropped (a ticket's message keeps them as original.eml)."""
    fields.update(raw=None, error="")
    for name, value in fields.items():
        setattr(inbound, name, value)
    inbound.save(update_fields=[*fields])


def _loop_reason(parsed: ParsedEmail) -> str:
    """Our own mail coming back: one of our Message-IDs, or sent from one of our queues' addresses."""
    if parsed.message_id and ThreadEmail.objects.filter(msgid=parsed.message_id, outbound=True).exists():
        return reasons.OWN_MESSAGE
    if Queue.objects.filter(email__iexact=parsed.sender).exists():
        return reasons.OWN_QUEUE_ADDRESS
    return ""


def customer_for_address(*, address: str, name: str = "") -> Customer:
    """The customer with this address among any of theirs (case-insensitive), else a new customer.

    `Customer.emails` is a JSON list: the database narrows by text, Python checks each address exactly."""
    address = address.lower()
    candidates = Customer.objects.filter(deleted_at__isnull=True, emails__icontains=address).order_by("pk")
    for customer in candidates:
        if address in {str(e).lower() for e in customer.emails}:
            return customer
    local = address.partition("@")[0]
    return Customer.objects.create(name=(name or local)[:200], emails=[address])


def thread_ticket(*, parsed: ParsedEmail, customer: Customer) -> Ticket | None:
    """The ticket this message answers, if it is this customer's and not closed or deleted: found by the ids
    in In-Reply-To / References (ours or theirs), then by the thread root our replies carry, then by the
    reference in the subject. Someone else's ticket is never reached this way: a stranger who learnt an id
    or a reference opens a ticket of their own."""
    own = Ticket.objects.alive().filter(customer=customer).exclude(status=Status.CLOSED)
    ids = parsed.thread_ids
    if ids:
        by_id = {e.msgid: e.ticket_id for e in ThreadEmail.objects.filter(msgid__in=ids)}
        for msgid in ids:
            if msgid in by_id and (ticket := own.filter(pk=by_id[msgid]).first()) is not None:
                return ticket
        references = [msgid[1:].partition("@")[0] for msgid in ids if msgid.startswith("<T-")]
        for reference in references:
            if (ticket := own.filter(reference=reference).first()) is not None:
                return ticket
    if parsed.subject_reference:
        return own.filter(reference=parsed.subject_reference).first()
    return None


def _queue_for(parsed: ParsedEmail, mailbox: str) -> Queue | None:
    """The queue whose address the mail was sent to, else the mailbox's queue; None: intake decides."""
    if parsed.recipients:
        match = Q()
        for address in parsed.recipients:
            match |= Q(email__iexact=address)
        if (queue := Queue.objects.open().filter(match).order_by("pk").first()) is not None:
            return queue
    slug = next((m.queue for m in mailboxes() if m.name == mailbox and m.queue), "")
    return Queue.objects.open().filter(slug=slug).first() if slug else None


def _body(parsed: ParsedEmail) -> str:
    """The customer's new words (trimmed), within the message limit; the full email is attached anyway."""
    text = reply_trim(parsed.text.replace("\x00", ""), forwarded=parsed.forwarded) or NO_TEXT
    limit = tact_limit("MESSAGE_MAX_CHARS")
    if len(text) > limit:
        note = f"\n\n[Shortened: the full email is attached as {ORIGINAL_NAME}.]"
        text = text[: limit - len(note)].rstrip() + note
    return text


def _files(parsed: ParsedEmail, raw: bytes) -> list[CheckedFile]:
    """The email's files within the limits and the file-type policy, then the original message. Files over a
    limit or refused by the policy (`tickets.filetypes`) are not stored (the original still holds them), and a
    note on the list says which and why: never a silent loss, and the message is still taken in."""
    size_limit = tact_limit("ATTACHMENT_MAX_BYTES")
    kept = [f for f in parsed.files if len(f.content) <= size_limit][: mail_setting("MAX_FILES")]
    lines = [f"- {f.filename} ({len(f.content):,} bytes): over the limits" for f in parsed.files if f not in kept]
    files: list[CheckedFile] = []
    for f in kept:
        if f.content_type == "message/rfc822":  # an attached email, kept whole like the original
            files.append(CheckedFile(f.filename, f.content, EMAIL))
            continue
        try:
            files.append(CheckedFile(f.filename, f.content, file_sniff(f.filename, f.content)))
        except FileRefused as refused:
            lines.append(f"- {f.filename}: refused, {refused}")
    if lines:
        note = f"Not stored separately; they are inside {ORIGINAL_NAME}:\n" + "\n".join(lines) + "\n"
        files.append(CheckedFile("files-not-stored.txt", note.encode(), Sniffed("txt", "text/plain")))
    files.append(CheckedFile(ORIGINAL_NAME, raw, EMAIL))
    return files


def quarantine_retry(*, inbound: InboundEmail, actor) -> InboundEmail:
    """Try a quarantined message again (after a fix or a configuration change). Still unreadable: it stays
    quarantined with the new error. Audited; the caller checks the actor's permission."""
    with transaction.atomic():
        row = InboundEmail.objects.select_for_update().get(pk=inbound.pk)
        if row.outcome != Outcome.QUARANTINED:
            return row
        raw = bytes(row.raw or b"")
        try:
            with transaction.atomic():
                _intake(row, raw, mailbox=row.mailbox)
        except Exception:
            row.refresh_from_db()
            row.error = _error_text()
        row.retried_at = timezone.now()
        row.save(update_fields=["error", "retried_at"])
        audit_record(actor=actor, action="mail.quarantine_retry", target=row, ticket=row.ticket,
                     data={"outcome": row.outcome})
    return row


def quarantined() -> list[InboundEmail]:
    """The quarantine list, newest first, without the bytes."""
    return list(InboundEmail.objects.filter(outcome=Outcome.QUARANTINED).defer("raw"))
