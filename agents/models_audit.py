"""The audit trail's one table: append-only, hash-chained.

An entry is written unchained inside the action's own transaction, so it is durable exactly when the action
commits and no request waits on a global lock. The chainer (`agents.audit.audit_chain`) later gives each entry,
in id order under one lock, its place in the chain (`seq`), the previous entry's hash and its own. Triggers on
PostgreSQL and SQLite refuse every DELETE and every UPDATE except that one-time setting of the three chain
columns from NULL (migration 0004).

Customers and tickets are kept as plain ids, not foreign keys: `agents/` imports no other app, and a trail
that must outlive what it describes should not be tied to rows that may be purged.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AuditEntry(models.Model):
    created_at = models.DateTimeField(default=timezone.now)
    # Null for what nobody signed in did (a failed sign-in, a system sweep).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=64)
    # What the action was done to, as "app_label.model" and its primary key.
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    customer_id = models.BigIntegerField(null=True, blank=True)
    ticket_id = models.BigIntegerField(null=True, blank=True)
    # The client address by config.client_ip; text, so what was hashed is exactly what is read back.
    ip = models.CharField(max_length=45, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # The chain, set once by the chainer: position, the previous entry's hash, this entry's hash.
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, null=True, blank=True)
    hash = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["id"], condition=Q(seq__isnull=True), name="auditentry_unchained_idx"),
            models.Index(fields=["actor", "created_at"], name="auditentry_actor_time_idx"),
            models.Index(fields=["customer_id", "created_at"], name="auditentry_customer_time_idx"),
            models.Index(fields=["action", "created_at"], name="auditentry_action_time_idx"),
            models.Index(fields=["created_at"], name="auditentry_time_idx"),
        ]

    def __str__(self) -> str:
        return f"audit #{self.pk} {self.action}"
