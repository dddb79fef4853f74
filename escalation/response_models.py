"""Response templates leads keep per escalation category: first replies that follow the formula.

Imported by `escalation.models`, so Django registers it with the app.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone

from escalation.models import Category  # escalation.models imports this module after defining Category


class ResponseTemplate(models.Model):
    """A reply a lead wrote for one category; `public`: for tickets whose replies the public reads."""

    category = models.CharField(max_length=20, choices=Category.choices)
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
