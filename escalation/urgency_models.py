"""Urgency detection's rows: the rules leads add or disable, and each customer message's (and logged call's)
classification.

Imported by `escalation.models`, so Django registers them with the app.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from escalation.detection import STRENGTHS
from tickets.models import CallLog, Message


class RuleKind(models.TextChoices):
    TRIGGER = "trigger", _("Trigger")
    HARMLESS = "harmless", _("Harmless sense")


class UrgencyRule(models.Model):
    """A rule a lead added, or a shipped default a lead turned off.

    Enabled, a row is a rule (one with a default's category, kind and phrase replaces that default, e.g. to
    change its strength). Disabled, it is off, and so is the default it names, if any.
    """

    category = models.CharField(max_length=20)  # escalation.detection.CATEGORIES, checked by the service
    kind = models.CharField(max_length=10, choices=RuleKind.choices)
    pattern = models.CharField(max_length=1000)  # normalized: lower case, single spaces
    strength = models.CharField(
        max_length=10, choices=[(name, name) for name in STRENGTHS], default="medium", blank=True
    )
    enabled = models.BooleanField(default=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category", "kind", "pattern"]
        constraints = [
            models.UniqueConstraint(fields=["category", "kind", "pattern"], name="one_urgency_rule_per_phrase"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.kind}: {self.pattern}"


class Classification(models.Model):
    """The marker that a text was classified (the sweep rings for those without one), and what was found:
    [{category, score, spans, triggers}], with the digest of the rules that found it."""

    categories = models.JSONField(default=list, blank=True)
    rules_digest = models.CharField(max_length=16)
    classified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class MessageClassification(Classification):
    """A customer message's classification."""

    message = models.OneToOneField(Message, on_delete=models.PROTECT, primary_key=True, related_name="+")

    def __str__(self) -> str:
        return f"classification of message #{self.message_id}"


class CallClassification(Classification):
    """A logged phone call's summary's classification: what the caller said, as the agent wrote it down, on a
    ticket or not."""

    call = models.OneToOneField(CallLog, on_delete=models.PROTECT, primary_key=True, related_name="+")
    # The summary classified (its SHA-256): an edited summary differs and is classified again.
    text_sha256 = models.CharField(max_length=64, blank=True)
    # Set when the summary was edited after it was classified, until it is classified again: the sweep rings
    # for these as for calls never classified, so an edit whose doorbell was lost is not dropped.
    stale_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["stale_since"], condition=models.Q(stale_since__isnull=False),
                                name="call_classification_stale_idx")]

    def __str__(self) -> str:
        return f"classification of call #{self.call_id}"
