"""Staff accounts, roles and personas.

An agent's real name, username and personal email live on the auth user and never leave this app: anything a
customer or the public sees of an agent comes from `agents.identity`.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    CONTRACTOR = "contractor", _("Contractor")
    LEAD = "lead", _("Team lead")
    ADMIN = "admin", _("Administrator")
    AUDITOR = "auditor", _("Auditor")


class StaffProfile(models.Model):
    """Marks a user as staff and says what they may do. Customers have no StaffProfile."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    # Offboarding: access ends on its own; contractors should always have a date here.
    access_expires_at = models.DateTimeField(null=True, blank=True)
    # When `agents.offboarding.staff_offboard` last ended this person's access (sessions, tokens, approvals,
    # tickets); cleared when access is given back, so the next end is handled again.
    offboarded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Their own language code and IANA time zone for pages (config/locale.py); blank: the browser's / the site's.
    language = models.CharField(max_length=8, blank=True, default="", db_default="")
    time_zone = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            # A contractor's access always ends: the database refuses one without an end date.
            models.CheckConstraint(
                condition=~models.Q(role="contractor") | models.Q(access_expires_at__isnull=False),
                name="contractor_access_ends",
                violation_error_message="A contractor's access needs an end date.",
            ),
        ]

    def __str__(self) -> str:
        return f"staff #{self.pk} ({self.role})"

    @property
    def is_expired(self) -> bool:
        return self.access_expires_at is not None and self.access_expires_at <= timezone.now()


class Persona(models.Model):
    """The identity customers see: an alias, a generated avatar, no gender unless the agent chooses them."""

    staff = models.OneToOneField(StaffProfile, on_delete=models.PROTECT, related_name="persona")
    alias = models.CharField(max_length=60, unique=True)
    avatar_seed = models.CharField(max_length=32)
    pronouns = models.CharField(max_length=30, blank=True)
    signature = models.TextField(blank=True, max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.alias


def alias_key(alias: str) -> str:
    """Aliases compare without case or extra spaces: "Harbor  wren" is the same name as "Harbor Wren"."""
    return " ".join(alias.split()).casefold()


class AliasRecord(models.Model):
    """Every alias any staff member ever held. Never deleted, so a retired alias never goes to someone else:
    a customer who knew "Harbor Wren" must never meet a different person under that name."""

    key = models.CharField(max_length=60, unique=True)
    alias = models.CharField(max_length=60)
    staff = models.ForeignKey(StaffProfile, on_delete=models.PROTECT, related_name="alias_records")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.alias


class IdentityReveal(models.Model):
    """One row each time an admin saw an agent's real identity: who looked, at whom, when and why."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"reveal #{self.pk}"


class Elevation(models.Model):
    """Access for a while: one permission (`agents.permissions.Perm`) or one queue, asked for with a reason,
    approved by a lead, and over by itself at `ends_at`. Never deleted: an ended elevation is history.

    The queue is kept as its id: `agents` imports nothing from `tickets`, which reads the ids in
    `tickets.access`.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="elevations")
    permission = models.CharField(max_length=40, blank=True)
    queue_id = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(max_length=1000)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True, help_text=_("Set when ended early."))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(permission="") & models.Q(queue_id__isnull=False))
                | (~models.Q(permission="") & models.Q(queue_id__isnull=True)),
                name="elevation_is_one_permission_or_one_queue",
            ),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="elevation_ends"),
        ]

    def __str__(self) -> str:
        return f"elevation #{self.pk}"


from agents.models_approvals import PendingAction  # noqa: E402,F401  (two-person approvals)
from agents.models_audit import AuditEntry  # noqa: E402,F401  (the audit trail's model)
from agents.models_mfa import RecoveryCode, RecoveryCodeDevice  # noqa: E402,F401  (second-factor recovery codes)
from agents.models_tokens import ApiToken, SessionCutoff  # noqa: E402,F401  (API tokens, session cut-offs)
