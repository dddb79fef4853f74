"""The helpdesk's data: customers and their organizations, queues, tickets, messages, calls and history.

Staff are never hard-deleted (PROTECT / SET_NULL) and nothing cascades into history: a departed agent's
tickets and every event stay. Tickets and customers are soft-deleted (`deleted_at`).
"""
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """A customer company. Its contacts are the customer's own staff, whose names are private."""

    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Restriction(models.TextChoices):
    NONE = "none", _("None")
    RESTRICTED = "restricted", _("Restricted")
    SUSPENDED = "suspended", _("Suspended")


class Customer(models.Model):
    """A person who asks for help. Lists hold every known value so the leak scanner can match any of them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="customer"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="customers"
    )
    name = models.CharField(max_length=200)
    handle = models.CharField(max_length=100, blank=True, help_text=_("Public handle, e.g. on social media."))
    emails = models.JSONField(default=list, blank=True)
    phones = models.JSONField(default=list, blank=True)
    addresses = models.JSONField(default=list, blank=True)
    account_ids = models.JSONField(default=list, blank=True)
    card_last4 = models.JSONField(default=list, blank=True, help_text=_("Last four digits only; never full numbers."))
    ips = models.JSONField(default=list, blank=True)
    # Safety: a lead may restrict a harassing customer (queue only, never a named agent, never again the
    # agents in `shielded_agents`) or suspend them (their new messages wait in a suspended view, unnotified).
    restriction = models.CharField(max_length=12, choices=Restriction.choices, default=Restriction.NONE)
    shielded_agents = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Soft delete (after a second person approved it): hidden at once, restorable for a grace period, then
    # purged: private details erased, the row and its history kept.
    deleted_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)
    # A duplicate merged into another customer (after a second person approved it) stays as a tombstone: deleted,
    # never purged, pointing at the customer who now holds its tickets and details (`tickets.merges`).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    # The names of duplicates merged into this customer: private like the lists above (the reply gate reads them).
    merged_names = models.JSONField(default=list, blank=True, db_default=[])
    # Their own language code and IANA time zone: for their pages (config/locale.py) and the emails we send them,
    # which have no browser to ask. Blank: the site's (TACT_LANGUAGE, TACT_TIME_ZONE).
    language = models.CharField(max_length=8, blank=True, default="", db_default="")
    time_zone = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        ordering = ["name"]
        # The API's customer list pages by (name, id) from a cursor (`tickets.keyset`): a walk of this index, not a
        # sort of every customer.
        indexes = [models.Index(fields=["name", "id"], name="customer_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(deleted_at__isnull=False), name="merged_customer_is_deleted"
            ),
        ]

    def __str__(self) -> str:
        return self.handle or f"customer #{self.pk}"

    @property
    def primary_email(self) -> str:
        return self.emails[0] if self.emails else ""


class QueueQuerySet(models.QuerySet):
    def open(self) -> "QueueQuerySet":
        """Queues that take new tickets (an archived queue keeps its tickets but gets no new ones)."""
        return self.filter(archived_at__isnull=True)


class Queue(models.Model):
    """A team's inbox. Staff see tickets only in the queues they belong to (least privilege)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    email = models.EmailField(help_text=_("Replies are sent from this address; never an agent's own."))
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="queues", blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = QueueQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            # Inbound mail finds its queue by address and replies go out from it: two queues with one address
            # could not be told apart. The check (`tickets.queues.queue_validate`) says so first; this holds
            # when two saves pass it at the same moment.
            models.UniqueConstraint(Lower("email"), name="queue_email_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    PORTAL = "portal", _("Web portal")
    SOCIAL = "social", _("Social media")
    FORUM = "forum", _("Public forum")
    PHONE = "phone", _("Phone")


PUBLIC_CHANNELS = {Channel.SOCIAL, Channel.FORUM}


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    ON_HOLD = "on_hold", _("On hold")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


# What a customer reads of a status (the portal and the API alike): "on hold" is an internal reason; to the
# customer the ticket is still in progress, so it reads as open.
CUSTOMER_STATUSES = {status: status for status in Status if status != Status.ON_HOLD} | {Status.ON_HOLD: Status.OPEN}
CUSTOMER_STATUS_WORDS = {
    Status.NEW: _("Received"),
    Status.OPEN: _("In progress"),
    Status.PENDING: _("Waiting for your reply"),
    Status.SOLVED: _("Solved"),
    Status.CLOSED: _("Closed"),
}
CUSTOMER_STATUS_CHOICES = [(status.value, status.label) for status in Status if status in CUSTOMER_STATUS_WORDS]

OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)
_OPEN = [str(status) for status in OPEN_STATUSES]  # plain strings for index conditions in migrations
CLOSED_STATUSES = (Status.SOLVED, Status.CLOSED)


class ClosureReason(models.TextChoices):
    """Why a ticket was solved or closed: for staff and the leads' reports only. The customer sees the status
    (Solved, Closed), never the reason: nobody is told their ticket was filed as spam."""

    RESOLVED = "resolved", _("Resolved")
    NO_DETAILS = "no_details", _("No details provided")
    DUPLICATE = "duplicate", _("Duplicate")
    SPAM = "spam", _("Spam")
    NO_RESPONSE_NEEDED = "no_response_needed", _("No response needed")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


def _new_reference() -> str:
    return "T-" + secrets.token_hex(4).upper()


CUSTOMER_SUBJECT_PLACEHOLDER = _("Opened by our team")


class TicketQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Ticket(models.Model):
    reference = models.CharField(max_length=20, unique=True, default=_new_reference, editable=False)
    subject = models.CharField(max_length=200)
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="tickets")
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="tickets")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    # Whether replies on this ticket are read by the public (a forum thread, a tweet) or by the customer alone.
    replies_public = models.BooleanField(default=False)
    # A subject staff wrote (a ticket opened after a phone call) reaches the customer only once the reply gate
    # has published it with the opening reply; until then the customer sees CUSTOMER_SUBJECT_PLACEHOLDER.
    subject_public = models.BooleanField(default=True, db_default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    # SLA clocks (`tickets.sla.clocks`): each deadline, the pause while waiting on the customer, and the soonest
    # running deadline the inbox sorts and filters by (NULL while paused or when no clock runs).
    first_response_due = models.DateTimeField(null=True, blank=True)
    next_response_due = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField(null=True, blank=True)
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    sla_paused_minutes = models.PositiveIntegerField(default=0, db_default=0)
    sla_due_at = models.DateTimeField(null=True, blank=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    # Set while solved or closed (`tickets.closure`); a duplicate names the ticket it duplicates.
    closure_reason = models.CharField(
        max_length=20, choices=ClosureReason.choices, blank=True, db_default=""
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    # Waiting on the customer for details a published reply asked for: the countdown to one reminder, then to
    # closing as "no details provided". Cleared when the customer writes or the ticket leaves `pending`.
    awaiting_info_since = models.DateTimeField(null=True, blank=True)
    info_reminded_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        indexes = [
            # The inbox's "due soonest" sort and its breached / due-soon filters, per queue.
            models.Index(fields=["queue", "sla_due_at"], name="ticket_sla_due_idx"),
            # The inbox's pages walk these in their order from the cursor (`tickets.keyset`): one queue and status,
            # the open tickets of the viewer's queues, or their own open tickets, newest change first. The first
            # also answers the tabs' capped counts from the index alone (tickets.selectors.inbox_counts).
            models.Index(fields=["queue", "status", "-updated_at", "-id"], condition=Q(deleted_at__isnull=True),
                         name="ticket_queue_status_idx"),
            models.Index(fields=["-updated_at", "-id"], condition=Q(deleted_at__isnull=True, status__in=_OPEN),
                         name="ticket_open_updated_idx"),
            models.Index(fields=["assignee", "-updated_at", "-id"],
                         condition=Q(deleted_at__isnull=True, status__in=_OPEN), name="ticket_assignee_open_idx"),
            models.Index(fields=["queue", "-updated_at", "-id"],
                         condition=Q(deleted_at__isnull=True, status__in=_OPEN, assignee__isnull=True),
                         name="ticket_unassigned_idx"),
            # "Everything" sorted by priority or by due date: the page walks one of these in its order across
            # queues and keeps the viewer's tickets, stopping at a page's worth, instead of sorting every ticket
            # of the viewer's queues (1.4 and 1.7 s at a million tickets, now 0.3 ms). Due dates ascend with the
            # tickets that have none last, as the sort wants.
            models.Index(fields=["-priority", "-updated_at", "-id"], condition=Q(deleted_at__isnull=True),
                         name="ticket_priority_idx"),
            models.Index(fields=["sla_due_at", "id"], condition=Q(deleted_at__isnull=True), name="ticket_due_idx"),
            # The closure sweep: the few tickets waiting on details among all the others.
            models.Index(
                fields=["awaiting_info_since"], condition=Q(awaiting_info_since__isnull=False),
                name="ticket_awaiting_info_idx",
            ),
            # Closures per queue, reason and period (`tickets.closure.closure_counts`): a range of this index,
            # never a scan of every ticket.
            models.Index(
                fields=["solved_at", "queue", "closure_reason"], condition=~Q(closure_reason=""),
                name="ticket_closure_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closure_reason="duplicate", duplicate_of__isnull=False)
                | (~Q(closure_reason="duplicate") & Q(duplicate_of__isnull=True)),
                name="ticket_duplicate_names_original",
            ),
            models.CheckConstraint(
                condition=Q(closure_reason="") | Q(status__in=["solved", "closed"]),
                name="ticket_closure_reason_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_public_page(self) -> bool:
        """A thread on a public channel, its replies scanned under the public policy: anyone may read it at
        /p/<reference>/ (`tickets.public.thread`)."""
        return self.channel in PUBLIC_CHANNELS and self.replies_public and self.deleted_at is None

    @property
    def customer_subject(self) -> str:
        """The subject as the customer may see it: never staff-written text the gate has not passed."""
        return self.subject if self.subject_public else str(CUSTOMER_SUBJECT_PLACEHOLDER)

    @property
    def customer_status(self) -> str:
        """The status as the customer reads it (`CUSTOMER_STATUSES`): on hold is an internal reason, read as open."""
        return str(CUSTOMER_STATUSES[self.status])

    @property
    def customer_status_words(self) -> str:
        """That status in the portal's words, in the active language: the portal and the API read it here."""
        return str(CUSTOMER_STATUS_WORDS[self.customer_status])


class MessageKind(models.TextChoices):
    CUSTOMER = "customer", _("Customer message")
    PUBLIC_REPLY = "reply", _("Public reply")
    INTERNAL_NOTE = "note", _("Internal note")


class MessageQuerySet(models.QuerySet):
    def customer_visible(self):
        """What the customer may read: their own messages and published replies. Never notes."""
        return self.exclude(kind=MessageKind.INTERNAL_NOTE)


class Message(models.Model):
    """A message in a ticket's thread.

    Public replies exist here only once published by the reply gate (`redaction.publication`);
    drafts and held versions live in `redaction`. So every customer-facing query of this table is safe.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=10, choices=MessageKind.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Snapshot of the persona a reply was published under: renaming an alias later does not rewrite history.
    author_alias = models.CharField(max_length=60, blank=True)
    author_avatar_seed = models.CharField(max_length=32, blank=True)
    body = models.TextField()
    # The persona's signature as the gate scanned it with the reply: emails and the portal show this copy.
    author_signature = models.TextField(blank=True, db_default="")
    # A customer message posted where the public can read it (their tweet, forum post). Anything else the
    # customer wrote (emails, portal messages) is private context.
    is_public_post = models.BooleanField(default=False)
    # Received while the customer was suspended: kept, shown in the suspended view, nobody notified.
    suspended = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        # The leads' suspended view: a handful of rows among every message.
        indexes = [models.Index(fields=["-created_at", "-id"], condition=Q(suspended=True),
                                name="message_suspended_idx")]
        constraints = [
            models.CheckConstraint(
                name="message_author_matches_kind",
                condition=(Q(kind="customer", author_user__isnull=True) | ~Q(kind="customer")),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    return f"attachments/{instance.message.ticket.reference}/{secrets.token_hex(8)}/{filename}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    filename = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.filename


class CallLog(models.Model):
    """A phone call with the customer. Its date and time are private: the scanner matches any wording of them."""

    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="calls")
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="calls")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    duration_s = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    # When the agent wrote it down (`at` is when the call took place): the urgency sweep ages calls by this.
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"call #{self.pk}"


class TicketEvent(models.Model):
    """The ticket's history: one row per change, never edited or deleted."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.ticket_id}"


class Macro(models.Model):
    """A canned response. Placeholders are limited to values that are safe in public (see tickets.macros)."""

    name = models.CharField(max_length=100, unique=True)
    body = models.TextField()
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.SET_NULL, related_name="macros")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """Outbox for email. A reply's row is unique per (message, kind): a retried task never sends twice. A notice
    that is not a thread message (a lead's warning) has no message: it names its recipient (`customer`), the
    ticket it is about if any, and which text to send (`variant`), rendered per kind at send time by
    `tickets.notifications`. A staff notice (a lead's escalation alert) names a staff `recipient` instead, and
    `about_id`, the row it is about in the app that registered its kind; it is unique per kind, row and
    recipient, so each lead is told once.

    pending → sending (committed before the mail goes out) → sent | failed. A crash while sending leaves
    the row `sending`; nobody can tell whether the mail left, so the sweep marks it `unconfirmed` for a
    person rather than risk a second copy.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        UNCONFIRMED = "unconfirmed", _("Unconfirmed (interrupted while sending)")

    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="notifications"
    )
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=30, default="reply_published")
    variant = models.CharField(max_length=30, blank=True)
    # A notice's text, rendered and checked by the reply gate's scanner when it was scheduled: what is sent.
    subject = models.CharField(max_length=200, blank=True, db_default="")
    body = models.TextField(blank=True, db_default="")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "kind"], name="one_notification_per_message_kind"),
            # About a thread message (the customer is the ticket's), addressed to a customer, or to a staff member:
            # one of the three, so a row cannot name one recipient and thread into another customer's ticket.
            models.CheckConstraint(
                condition=Q(message__isnull=False, customer__isnull=True, ticket__isnull=True, recipient__isnull=True)
                | Q(message__isnull=True, customer__isnull=False, recipient__isnull=True)
                | Q(message__isnull=True, customer__isnull=True, recipient__isnull=False, about_id__isnull=False),
                name="notification_about_a_message_or_to_a_customer_or_staff",
            ),
            models.UniqueConstraint(
                fields=["kind", "about_id", "recipient"], condition=Q(recipient__isnull=False),
                name="one_staff_notice_per_kind_row_recipient",
            ),
        ]
        # What the notify worker's batches and the sweep look for, oldest first: a few pending rows among all
        # the sent ones the outbox keeps.
        indexes = [
            models.Index(fields=["created_at", "id"], condition=Q(state="pending"), name="notification_pending_idx"),
        ]

    def __str__(self) -> str:
        about = f"message {self.message_id}" if self.message_id else f"customer {self.customer_id}"
        return f"{self.kind} for {about} ({self.state})"


class ThreadEmail(models.Model):
    """One email of a ticket's thread, by its Message-ID: what a customer received from us (`outbound`) or sent
    us. Replies name these in In-Reply-To / References, so they thread onto their ticket by headers; our own
    ids coming back in are mail loops. Message-IDs are unique per sender, so a stored one is unique here."""

    msgid = models.CharField(max_length=255, unique=True, help_text=_("The Message-ID header, with its brackets."))
    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="thread_emails")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outbound = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "outbound", "-created_at"], name="thread_email_ticket_idx")]

    def __str__(self) -> str:
        return self.msgid


def _export_path(instance: "CustomerExport", filename: str) -> str:
    return f"exports/{secrets.token_hex(16)}/{filename}"


class CustomerExport(models.Model):
    """A bulk export of customer data, made by a worker after a second person approved it (`tickets.exports`).

    Only the person who asked may download it, once, before `expires_at`; then the file is deleted and the row
    stays as the record of what left the desk.
    """

    class Scope(models.TextChoices):
        CUSTOMER = "customer", _("One customer's data")
        QUEUE = "queue", _("Every customer of a queue")

    class Format(models.TextChoices):
        JSON = "json", _("JSON")
        CSV = "csv", _("CSV")

    class State(models.TextChoices):
        QUEUED = "queued", _("Being prepared")
        READY = "ready", _("Ready to download")
        DOWNLOADED = "downloaded", _("Downloaded")
        EXPIRED = "expired", _("Expired (not downloaded in time)")
        FAILED = "failed", _("Failed")

    action = models.OneToOneField("agents.PendingAction", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=10, choices=Scope.choices)
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=4, choices=Format.choices, default=Format.JSON)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    file = models.FileField(upload_to=_export_path, blank=True)
    customers = models.PositiveIntegerField(default=0, help_text=_("How many customers the file holds."))
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="customer", customer__isnull=False, queue__isnull=True)
                | Q(scope="queue", customer__isnull=True, queue__isnull=False),
                name="export_names_a_customer_or_a_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"export #{self.pk} ({self.state})"


from tickets.public.models import PublicHandle, PublicPost, PublicSource  # noqa: E402,F401  (registered here)
from tickets.satisfaction.models import SatisfactionSurvey  # noqa: E402,F401  (registered here)
from tickets.sla.models import BusinessCalendar, Holiday, SlaPolicy  # noqa: E402,F401  (registered here)
from tickets.webhooks.models import WebhookDelivery, WebhookSubscription  # noqa: E402,F401  (registered here)
