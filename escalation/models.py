"""The leads' escalation queue: urgent matters on a ticket, who raised them, and everything done about them.

An `Escalation` is raised by the urgency detector (with its triggers, spans and score) or by a person (with a
note), for one of seven categories. A harassment report filed by an agent is an escalation of category
`agent_harassment`. Its life is a state machine with one table of allowed transitions (`TRANSITIONS`); every
step, lead action and repeated raise is an `EscalationEntry` on its timeline, never edited or deleted.

Deadlines are stored when the item is raised, from the policy in force then (`policy` keeps a snapshot), so a
later change of policy never moves the goalposts of an item already in the queue. `due_at` is the next deadline
the item can breach (acknowledge-by while open, resolve-by once acknowledged); the triage page sorts on it.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models import CallLog, Customer, Message, Queue, Ticket


class Category(models.TextChoices):
    SELF_HARM = "self_harm", _("Self-harm")
    THREAT_VIOLENCE = "threat_violence", _("Threat of violence")
    LEGAL_REGULATORY = "legal_regulatory", _("Legal or regulatory")
    PRESS_MEDIA = "press_media", _("Press or media")
    PUBLIC_VIRAL = "public_viral", _("Public complaint spreading")
    STAFF_CONDUCT = "staff_conduct", _("Staff conduct")
    AGENT_HARASSMENT = "agent_harassment", _("Harassment of an agent")


class HarassmentKind(models.TextChoices):
    """What an agent says happened when reporting harassment (kept on `agent_harassment` escalations)."""

    CREEPY_OR_SEXUAL = "creepy_or_sexual", _("Creepy or sexual")
    THREATENING = "threatening", _("Threatening")
    ABUSIVE = "abusive", _("Abusive")


class Severity(models.IntegerChoices):
    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    CRITICAL = 4, _("Critical")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLAIMED = "claimed", _("Claimed")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


# The one table of allowed moves, asserted by every write (escalation.services) and by the state-machine test.
# Claiming acknowledges; a claim can be released (back to acknowledged); resolved and dismissed are final: a
# new raise on the same ticket and category opens a new escalation.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.OPEN: frozenset({Status.ACKNOWLEDGED, Status.CLAIMED, Status.RESOLVED, Status.DISMISSED}),
    Status.ACKNOWLEDGED: frozenset({Status.CLAIMED, Status.RESOLVED, Status.DISMISSED}),
    Status.CLAIMED: frozenset({Status.ACKNOWLEDGED, Status.RESOLVED, Status.DISMISSED}),
    Status.RESOLVED: frozenset(),
    Status.DISMISSED: frozenset(),
}
ACTIVE = (Status.OPEN, Status.ACKNOWLEDGED, Status.CLAIMED)


class Outcome(models.TextChoices):
    CUSTOMER_SAFE = "customer_safe", _("Reached the customer; they are safe or supported")
    REFERRED = "referred", _("Referred to emergency or support services")
    CUSTOMER_ACTIONED = "customer_actioned", _("Acted on the customer (warning, restriction, suspension)")
    HANDED_TO_LEGAL = "handed_to_legal", _("Handed to legal, compliance or communications")
    CORRECTED = "corrected", _("Corrected in public or apologised")
    ANSWERED = "answered", _("Answered; nothing more needed")
    OTHER = "other", _("Other (see note)")


class DismissalReason(models.TextChoices):
    """Why an item was not what it was raised as. Kept with its category, message and triggers as labelled data
    for the detector."""

    NOT_THIS_CATEGORY = "not_this_category", _("Not this category (detector or person was wrong)")
    HARMLESS_SENSE = "harmless_sense", _("Harmless sense of the words (joke, figure of speech, quotation)")
    DUPLICATE = "duplicate", _("Duplicate of another escalation")
    NOT_URGENT = "not_urgent", _("Real, but not urgent: the ticket can handle it")


class Escalation(models.Model):
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="escalations")
    # Always set (the ticket's customer): reports about a customer as a whole, made before tickets were required,
    # have no ticket.
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="escalations")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Or the logged phone call whose summary raised it (the caller's words as the agent wrote them down).
    call = models.ForeignKey(CallLog, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The owning queue, the one column scoping, alerts and the dashboard read: the ticket's queue, kept in step
    # when the ticket moves (`escalation.services.escalations_follow_ticket`), or for a call logged without a
    # ticket the queue a ticket of the caller would land in, chosen when it is raised. Empty only for a report
    # about a customer as a whole (made before tickets were required) whose customer had no ticket left.
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=20, choices=Category.choices)
    harassment_kind = models.CharField(max_length=20, choices=HarassmentKind.choices, blank=True)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.HIGH)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)

    # Who raised it: a person (never shown to the customer) or, with raised_by empty, the detector.
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True, max_length=2000)
    # The detector's explanation: {"category", "score", "spans": [[start, end], ...], "triggers": [...]}.
    detection = models.JSONField(null=True, blank=True)
    # The reporter gave the ticket back and is shielded from the customer (harassment reports).
    handed_back = models.BooleanField(default=False)
    # What caused it, for damage control: a staff reply of ours, or a public post (link and text as captured).
    caused_by_message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    caused_by_url = models.URLField(max_length=500, blank=True)
    caused_by_text = models.TextField(blank=True, max_length=5000)
    # The follow-up reply that corrects it (escalation.corrections): a reply through the gate like any other,
    # so its state (pending, held, published) is the reply's own.
    correction_reply = models.ForeignKey(
        "redaction.Reply", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # The policy in force when it was raised (deadlines in seconds, severity, levels when there are some).
    policy = models.JSONField(default=dict, blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    acknowledge_by = models.DateTimeField(null=True, blank=True)
    resolve_by = models.DateTimeField(null=True, blank=True)
    # The next deadline it can breach: acknowledge_by while open, resolve_by while acknowledged or claimed.
    due_at = models.DateTimeField(null=True, blank=True)
    # Escalation levels (escalation.levels): the level told last (1-based, into policy["levels"]), how many steps
    # were taken (the conditional update's guard: one advance per step), and when the next step is due.
    level = models.PositiveSmallIntegerField(default=1)
    steps = models.PositiveIntegerField(default=0)
    next_step_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    dismissal_reason = models.CharField(max_length=20, choices=DismissalReason.choices, blank=True)
    closing_note = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "-severity", "raised_at", "id"]
        constraints = [
            # One active escalation per ticket and category: a second raise joins the first (escalation_raise).
            models.UniqueConstraint(
                fields=["ticket", "category"],
                condition=Q(status__in=["open", "acknowledged", "claimed"]),
                name="one_active_escalation_per_ticket_category",
            ),
            # And per call and category for a call logged without a ticket.
            models.UniqueConstraint(
                fields=["call", "category"],
                condition=Q(status__in=["open", "acknowledged", "claimed"], ticket__isnull=True),
                name="one_active_escalation_per_call_category",
            ),
            models.CheckConstraint(
                condition=~Q(status="claimed") | Q(claimed_by__isnull=False),
                name="claimed_escalation_has_claimer",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | ~Q(outcome=""), name="resolved_escalation_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(status="dismissed") | ~Q(dismissal_reason=""),
                name="dismissed_escalation_has_reason",
            ),
        ]
        indexes = [
            # The triage page and the navigation count: the few active items among all the closed ones.
            models.Index(
                fields=["due_at", "id"],
                condition=Q(status__in=["open", "acknowledged", "claimed"]),
                name="escalation_active_due_idx",
            ),
            models.Index(fields=["category", "raised_at"], name="escalation_category_raised_idx"),
            # Scoping (`escalation.selectors.escalations_visible_to`): a lead's few active items by their owning
            # queue, however many closed ones those queues hold.
            models.Index(
                fields=["queue", "due_at"],
                condition=Q(status__in=["open", "acknowledged", "claimed"]),
                name="escalation_active_queue_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"escalation #{self.pk} ({self.category}, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def raised_by_detector(self) -> bool:
        return self.raised_by_id is None and self.detection is not None


class EntryKind(models.TextChoices):
    RAISED = "raised", _("Raised")
    RAISED_AGAIN = "raised_again", _("Raised again")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CLAIMED = "claimed", _("Claimed")
    RELEASED = "released", _("Claim released")
    # Its ticket moved to another queue (data: from and to queue); the new queue's level 1 was told when
    # "emails" is there.
    MOVED = "moved", _("Moved to another queue")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")
    NOTE = "note", _("Note")
    ALERTED = "alerted", _("Leads alerted")
    ESCALATED = "escalated", _("Escalated to the next level")
    RETRIGGERED = "retriggered", _("Re-triggered: acknowledged but not resolved in time")
    # A lead's action on the customer or the ticket (harassment): data says what changed.
    REASSIGN = "reassign", _("Reassigned the ticket")
    WARN = "warn", _("Sent a warning")
    RESTRICT = "restrict", _("Restricted the customer")
    SUSPEND = "suspend", _("Suspended the customer")
    LIFT = "lift", _("Lifted the restriction")
    # Damage control (escalation.corrections).
    CAUSE = "cause", _("Pointed at what caused it")
    CORRECTION = "correction", _("Sent a correction through the reply gate")


class EscalationEntry(models.Model):
    """One step on an escalation's timeline, appended and never changed (triggers refuse updates and deletes).

    A raise carries the evidence: a copy of the customer's message (or of a logged call's summary) with its hash
    and received time, so what they wrote stays on file exactly as received even if the message changes later.
    """

    escalation = models.ForeignKey(Escalation, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    # A person, or empty for the detector and the system.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True, max_length=2000)
    data = models.JSONField(default=dict, blank=True)
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    call = models.ForeignKey(CallLog, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    evidence_body = models.TextField(blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_received_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "escalation entries"

    def __str__(self) -> str:
        return f"{self.kind} on escalation #{self.escalation_id}"

    @property
    def over_claim_of(self):
        """The lead whose claim this resolve or dismissal closed over (`data.over_claim`), else None."""
        from django.contrib.auth import get_user_model

        pk = self.data.get("over_claim")
        return get_user_model().objects.select_related("staff__persona").filter(pk=pk).first() if pk else None

    @property
    def closing_label(self) -> str:
        """A resolve's outcome or a dismissal's reason in the reader's words: `data` keeps the code, as recorded."""
        if self.data.get("outcome"):
            return str(dict(Outcome.choices).get(self.data["outcome"], self.data["outcome"]))
        if self.data.get("reason"):
            return str(dict(DismissalReason.choices).get(self.data["reason"], self.data["reason"]))
        return ""


from escalation.claim_models import ClaimOverride  # noqa: E402,F401  (registered here)
from escalation.dashboard_models import WeeklyCount  # noqa: E402,F401  (registered here)
from escalation.duty_models import LeadDuty  # noqa: E402,F401  (registered here)
from escalation.response_models import (  # noqa: E402,F401  (registered here)
    ResponseTemplate,
    ResponseTemplateRevision,
    TemplateKind,
)
from escalation.urgency_models import (  # noqa: E402,F401  (registered here)
    CallClassification,
    MessageClassification,
    RuleKind,
    UrgencyRule,
)
