"""The retro-audit's record: one run over already-published replies, and what it found would now be held.

Kept apart from the gate's models (imported at the bottom of `redaction.models` so Django registers them).
A run keeps its place (`cursor`, the last message id done) so a worker killed mid-run resumes, not restarts.
Hits store kinds and span positions only, never the private values themselves.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The command line audits every ticket; a lead's run covers the queues they work (tickets_for).
    all_tickets = models.BooleanField(default=False)
    since = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    scanner_version = models.CharField(max_length=20)
    # Messages with ids up to `until_id` existed when the run started: `total` counts them.
    until_id = models.BigIntegerField(default=0)
    cursor = models.BigIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    would_hold = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"audit run #{self.pk} ({self.state}, {self.done}/{self.total})"

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)


class AuditHit(models.Model):
    """A published reply the current scanner would hold: which kinds, where in the text (never the values)."""

    run = models.ForeignKey(AuditRun, on_delete=models.PROTECT, related_name="hits")
    message = models.ForeignKey("tickets.Message", on_delete=models.PROTECT, related_name="+")
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="+")
    kinds = models.JSONField(default=list)
    # [{"start": 10, "end": 25, "kind": "phone"}, ...]
    spans = models.JSONField(default=list)
    # A scanner failure on this reply: counted as "would hold", as the gate would.
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["message_id"]
        constraints = [models.UniqueConstraint(fields=["run", "message"], name="one_audit_hit_per_run_message")]

    def __str__(self) -> str:
        return f"audit hit: message {self.message_id} ({', '.join(self.kinds) or 'error'})"
