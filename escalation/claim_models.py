"""A lead told, in Tact, that another lead closed an escalation they had claimed.

Closing over a claim is allowed (the claimant may be off shift, asleep, or the item cannot wait), as on-call
tools let anyone resolve an incident someone else acknowledged; but the claimant planned to act on it, so
they must learn it was taken out of their hands, and from whom. One row per such close, shown on the
claimant's triage page until they mark it read."""
from django.conf import settings
from django.db import models
from django.utils import timezone


class ClaimOverride(models.Model):
    escalation = models.ForeignKey("escalation.Escalation", on_delete=models.PROTECT, related_name="+")
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["claimant", "created_at"], condition=models.Q(seen_at__isnull=True),
                         name="claim_override_unseen_idx"),
        ]

    def __str__(self) -> str:
        return f"escalation #{self.escalation_id} closed over {self.claimant_id}'s claim"
