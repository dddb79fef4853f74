"""Opening tickets: one service routes every new ticket, from the portal, the API and the staff New ticket page.

Who opens decides what their words become. A customer's subject and body are their own first message. Staff
never write as the customer: their first public text is a reply submitted to the reply gate under their
persona, carrying the subject, so the customer sees neither until the gate has passed them (the ticket shows
`CUSTOMER_SUBJECT_PLACEHOLDER` meanwhile); anything else they write is an internal note, and their files go
with the note. A message that arrives from the customer by itself (an inbound email or post) has no opener.

`tickets` cannot import the reply gate, so `redaction` registers its Send here when the apps load
(`public_reply_gate_register`); without it a staff opening fails rather than store unscanned text.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from agents.permissions import Perm, can
from tickets.access import customer_of, customers_for, queues_for
from tickets.models import (
    PUBLIC_CHANNELS,
    Channel,
    Customer,
    Message,
    MessageKind,
    Priority,
    Queue,
    Restriction,
    Ticket,
)
from tickets.names import public_name_check
from tickets.services import (
    attachments_add,
    attachments_validate,
    body_validate,
    customer_message_received,
    event_record,
    note_add,
)
from tickets.sla.clocks import clocks_open
from tickets.webhooks.events import ticket_created_emit

PORTAL_QUEUE_SLUG = "portal"
CUSTOMER_CHANNELS = (Channel.PORTAL, Channel.EMAIL)
STAFF_DEFAULT_CHANNEL = Channel.PHONE

_public_reply_submit: Callable[..., object] | None = None


def public_reply_gate_register(submit: Callable[..., object]) -> None:
    """Called by the reply gate's app at start-up: `submit(*, ticket, author, body)` sends a public reply."""
    global _public_reply_submit
    _public_reply_submit = submit


@dataclass(frozen=True)
class NewCustomer:
    """A customer staff add while opening a ticket (a first phone call): no portal account, no tickets yet."""

    name: str
    email: str = ""
    phone: str = ""


def intake_queue(customer: Customer | None) -> Queue | None:
    """Where a ticket lands when its opener cannot choose: the queue of the customer's latest ticket, else the
    `portal` queue, else the first queue. Triage moves it if the guess is wrong."""
    if customer is not None and customer.pk:
        latest = Ticket.objects.filter(customer=customer).order_by("-created_at", "-pk").select_related("queue")
        if (ticket := latest.first()) is not None and ticket.queue.archived_at is None:
            return ticket.queue
    open_queues = Queue.objects.open()
    return open_queues.filter(slug=PORTAL_QUEUE_SLUG).first() or open_queues.order_by("pk").first()


def subject_validate(subject: str) -> str:
    """A subject on one line, not empty, within the column; the gate checks a corrected subject the same way."""
    subject = " ".join((subject or "").split())
    if not subject:
        raise ValidationError({"subject": _("Give the ticket a subject.")})
    if len(subject) > 200:
        raise ValidationError({"subject": _("Subjects are limited to 200 characters.")})
    return subject


def _new_customer_validate(new: NewCustomer) -> NewCustomer:
    """A customer staff add: the name is staff-written, and the customer reads it once the record has a login
    (a merge or a login change), so it passes `public_name_check` too; their own email and phone are refused in
    it in any form."""
    name = " ".join((new.name or "").split())
    errors = {}
    email, phone = (new.email or "").strip(), (new.phone or "").strip()
    if not name:
        errors["customer_name"] = gettext("Give the new customer's name.")
    elif len(name) > 200:
        errors["customer_name"] = gettext("Names are limited to 200 characters.")
    else:
        try:
            public_name_check(value=name, field="customer_name", person=True, emails=[email] if email else [],
                              phones=[phone] if phone else [])
        except ValidationError as exc:
            errors["customer_name"] = exc.message_dict["customer_name"][0]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["customer_email"] = gettext("Enter a valid email address, or leave it empty.")
    if len(phone) > 40:
        errors["customer_phone"] = gettext("Phone numbers are limited to 40 characters.")
    if errors:
        raise ValidationError(errors)
    return NewCustomer(name=name, email=email, phone=phone)


def ticket_open(
    *,
    subject: str,
    body: str = "",
    opened_by=None,
    customer: Customer | None = None,
    new_customer: NewCustomer | None = None,
    note: str = "",
    queue: Queue | None = None,
    channel: str | None = None,
    priority: int | None = None,
    files: Iterable[UploadedFile] = (),
) -> Ticket:
    """Open a ticket and return it.

    `opened_by` a customer: their own ticket, `body` their first message, portal or email, the intake queue.
    `opened_by` staff: for `customer` (one of their queues') or a `new_customer`, in one of their queues;
    `body` is the first public reply (through the gate), `note` an internal note; at least one of them.
    No `opened_by`: a message the customer sent arrived by itself (inbound email or post), on any channel.
    On a public channel the customer's first message is their public post: values in it are no longer private.
    """
    staff = opened_by is not None and can(opened_by, Perm.TICKETS_WORK)
    subject = subject_validate(subject)
    checked = attachments_validate(files)
    if staff:
        if new_customer is not None:
            new_customer = _new_customer_validate(new_customer)
        channel, priority = _staff_opening(opened_by, customer, new_customer, queue, channel, priority)
        if not (body or "").strip() and not (note or "").strip():
            raise ValidationError({"body": _("Write the first reply to the customer, an internal note, or both.")})
        body = body_validate(body, noun="reply") if (body or "").strip() else ""
        note = body_validate(note, noun="note") if (note or "").strip() else ""
        if checked and not note:
            raise ValidationError({"attachments": _("Files go with the internal note: write one, or remove them.")})
        if _public_reply_submit is None and body:
            raise ImproperlyConfigured("The reply gate is not registered: staff-written text cannot be sent.")
    else:
        customer, queue, channel = _customer_opening(opened_by, customer, queue, channel, priority)
        priority = int(priority or Priority.NORMAL)
        body = body_validate(body)
    if queue is None:
        raise ValidationError(_("We are not accepting new tickets right now: the desk has no queue to take them."))
    now = timezone.now()
    with transaction.atomic():
        if new_customer is not None:
            customer = Customer.objects.create(
                name=new_customer.name,
                emails=[new_customer.email] if new_customer.email else [],
                phones=[new_customer.phone] if new_customer.phone else [],
            )
        if customer is None:
            raise ValidationError({"customer": _("Say whose ticket this is.")})
        ticket = Ticket(
            subject=subject,
            subject_public=not staff,
            customer=customer,
            queue=queue,
            channel=channel,
            replies_public=channel in PUBLIC_CHANNELS,
            priority=priority,
            created_at=now,
            updated_at=now,
        )
        clocks_open(ticket, now=now)
        ticket.save(force_insert=True)
        event_record(
            ticket=ticket, actor=opened_by, kind="created", channel=channel, queue=queue.slug,
            opened_by="staff" if staff else "customer", new_customer=new_customer is not None,
        )
        if staff:
            if note:
                attachments_add(note_add(ticket=ticket, author=opened_by, body=note), checked)
            if body and _public_reply_submit is not None:
                _public_reply_submit(ticket=ticket, author=opened_by, body=body)
        else:
            message = Message.objects.create(
                ticket=ticket,
                kind=MessageKind.CUSTOMER,
                author_customer=customer,
                body=body,
                is_public_post=channel in PUBLIC_CHANNELS,
                suspended=customer.restriction == Restriction.SUSPENDED,
                created_at=now,
            )
            attachments_add(message, checked)
            transaction.on_commit(lambda: customer_message_received.send(sender=Message, message=message))
        ticket_created_emit(ticket=ticket)
    return ticket


def _staff_opening(user, customer, new_customer, queue, channel, priority) -> tuple[str, int]:
    """Check a staff opening's choices; returns (channel, priority). One message for a customer missing or
    outside the opener's scope, so ids cannot be probed."""
    errors: dict[str, str] = {}
    if new_customer is not None:
        if customer is not None:
            errors["customer"] = gettext("Choose a customer or add a new one, not both.")
    elif customer is None or not customers_for(user).filter(pk=customer.pk).exists():
        errors["customer"] = gettext("No customer with this id among your queues' customers.")
    if queue is None or not queues_for(user).filter(pk=queue.pk).exists():
        errors["queue"] = gettext("You can only open tickets in queues you belong to.")
    elif queue.archived_at is not None:
        errors["queue"] = gettext("This queue is archived: open the ticket in another one.")
    channel = channel or STAFF_DEFAULT_CHANNEL
    if channel not in Channel.values:
        errors["channel"] = gettext("Unknown channel %(channel)s.") % {"channel": repr(channel)}
    priority = int(priority or Priority.NORMAL)
    if priority not in Priority.values:
        errors["priority"] = gettext("Unknown priority %(priority)s.") % {"priority": repr(priority)}
    if errors:
        raise ValidationError(errors)
    return channel, priority


def _customer_opening(user, customer, queue, channel, priority) -> tuple:
    """A customer's own opening (or an inbound message): returns (customer, queue, channel). An inbound door's
    queue (a mailbox's, a public source's) that has been archived since it was set gives way to the usual
    routing: the message is never refused for it."""
    if user is not None:
        own = customer_of(user)
        if own is None or (customer is not None and customer.pk != own.pk):
            raise PermissionDenied("Only customers and staff can open tickets.")
        staff_only = gettext("Only staff can set this.")
        errors = {name: staff_only for name, value in (("queue", queue), ("priority", priority)) if value is not None}
        channel = channel or Channel.PORTAL
        if channel not in CUSTOMER_CHANNELS:
            errors["channel"] = gettext("Open tickets through the portal or by email.")
        if errors:
            raise ValidationError(errors)
        return own, intake_queue(own), channel
    if customer is None:
        raise ValidationError({"customer": _("Say whose message this is.")})
    channel = channel or Channel.PORTAL
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel %(value)s.") % {"value": repr(channel)}})
    if queue is None or queue.archived_at is not None:
        queue = intake_queue(customer)
    return customer, queue, channel
