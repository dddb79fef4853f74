"""Safety reports: an agent flags harassment, leads act, and every action is recorded.

A small model of its own for now; the escalation queue will absorb it later. The evidence is a copy taken at
report time, so what the customer wrote stays on file exactly as received even if the message changes later.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from tickets.models import Customer, Message, Ticket


class Category(models.TextChoices):
    CREEPY_OR_SEXUAL = "creepy_or_sexual", "Creepy or sexual"
    THREATENING = "threatening", "Threatening"
    ABUSIVE = "abusive", "Abusive"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACTIONED = "actioned", "Actioned"
    CLOSED = "closed", "Closed"


class SafetyReport(models.Model):
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="safety_reports")
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Never shown to the customer in any form: not in emails, pages, the API or the ticket's public history.
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=20, choices=Category.choices)
    note = models.TextField(blank=True, max_length=2000)
    evidence_body = models.TextField(blank=True)
    evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_received_at = models.DateTimeField(null=True, blank=True)
    handed_back = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"safety report #{self.pk}"


class ActionKind(models.TextChoices):
    REASSIGN = "reassign", "Reassigned the ticket"
    WARN = "warn", "Sent a warning"
    RESTRICT = "restrict", "Restricted the customer"
    SUSPEND = "suspend", "Suspended the customer"
    LIFT = "lift", "Lifted the restriction"
    CLOSE = "close", "Closed the report"


class SafetyAction(models.Model):
    """One row per lead action on a report, never edited or deleted."""

    report = models.ForeignKey(SafetyReport, on_delete=models.PROTECT, related_name="actions")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=ActionKind.choices)
    note = models.TextField(blank=True, max_length=2000)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on report #{self.report_id}"
