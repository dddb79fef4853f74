"""Pending actions: what one person asked for and a second must approve before it runs.

A row says what will happen (`summary`, in the reader's language), to what (`target_type`/`target_id`), why
(`reason`) and who asked.
`agents.approvals` is the only writer; the database refuses a row decided by the person who asked for it.
"""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a second person")
    EXECUTED = "executed", _("Approved and done")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired (nobody acted)")
    CANCELLED = "cancelled", _("Cancelled")


class PendingAction(models.Model):
    kind = models.CharField(max_length=40)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    # What will happen, to what: a sentence's key and its parameters, put into words in the reader's language
    # (`agents.approval_summaries`); `summary_asked` is that sentence in English as it read when asked.
    summary_key = models.CharField(max_length=60, blank=True)
    summary_params = models.JSONField(default=dict, blank=True)
    summary_asked = models.CharField(max_length=300, help_text=_("What will happen, to what, as asked (English)."))
    reason = models.TextField(max_length=1000)
    data = models.JSONField(default=dict, blank=True, help_text=_("The action's parameters: ids and short values."))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=1000, blank=True, help_text=_("The decider's note (why rejected)."))
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(decided_by=F("requested_by")), name="approval_not_by_requester"),
            # One open request per action and target: a second click joins the first instead of doubling it.
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id"], condition=Q(status="pending"),
                name="one_pending_action_per_target",
            ),
        ]

    def __str__(self) -> str:
        return f"approval #{self.pk} ({self.kind})"

    @property
    def summary(self) -> str:
        """What will happen, to what, in the reader's (the active) language."""
        from agents.approval_summaries import summary_render

        return summary_render(self.summary_key, self.summary_params, fallback=self.summary_asked)

    @property
    def is_pending(self) -> bool:
        return self.status == ApprovalStatus.PENDING and self.expires_at > timezone.now()
