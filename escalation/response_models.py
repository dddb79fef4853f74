"""Response templates leads keep per escalation category: first replies that follow the formula.

Imported by `escalation.models`, so Django registers it with the app.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from escalation.models import Category  # escalation.models imports this module after defining Category


class TemplateKind(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("First response")
    APOLOGY = "apology", _("Apology (a correction after a bad staff reply)")


class ResponseTemplate(models.Model):
    """A reply a lead wrote for one category; `public`: for tickets whose replies the public reads. An apology
    pre-fills the correction a lead sends when resolving a complaint about a staff reply.

    Edited in place, every saved text kept as a `ResponseTemplateRevision`; retired (`active=False`), never
    deleted."""

    category = models.CharField(max_length=20, choices=Category.choices)
    kind = models.CharField(
        max_length=20, choices=TemplateKind.choices, default=TemplateKind.FIRST_RESPONSE,
        db_default=TemplateKind.FIRST_RESPONSE,
    )
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=4000)
    public = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["category", "title"]
        constraints = [
            models.UniqueConstraint(fields=["category", "title"], name="one_response_template_title_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.title}"


class ResponseTemplateRevision(models.Model):
    """One saved text of a template, as it was when saved (the first, then one per edit); never changed."""

    template = models.ForeignKey(ResponseTemplate, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    category = models.CharField(max_length=20, choices=Category.choices)
    kind = models.CharField(max_length=20, choices=TemplateKind.choices)
    title = models.CharField(max_length=120)
    body = models.TextField(max_length=4000)
    public = models.BooleanField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="one_response_template_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.template_id} v{self.number}"
