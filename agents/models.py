"""Staff accounts, roles and personas.

An agent's real name, username and personal email live on the auth user and never leave this app: anything a
customer or the public sees of an agent comes from `agents.identity`.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone


class Role(models.TextChoices):
    AGENT = "agent", "Agent"
    CONTRACTOR = "contractor", "Contractor"
    LEAD = "lead", "Team lead"
    ADMIN = "admin", "Administrator"


class StaffProfile(models.Model):
    """Marks a user as staff and says what they may do. Customers have no StaffProfile."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    # Offboarding: access ends on its own; contractors should always have a date here.
    access_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"staff #{self.pk} ({self.role})"

    @property
    def is_lead(self) -> bool:
        return self.role in (Role.LEAD, Role.ADMIN)

    @property
    def is_expired(self) -> bool:
        return self.access_expires_at is not None and self.access_expires_at <= timezone.now()


class Persona(models.Model):
    """The identity customers see: an alias, a generated avatar, no gender unless the agent chooses pronouns."""

    staff = models.OneToOneField(StaffProfile, on_delete=models.PROTECT, related_name="persona")
    alias = models.CharField(max_length=60, unique=True)
    avatar_seed = models.CharField(max_length=32)
    pronouns = models.CharField(max_length=30, blank=True)
    signature = models.TextField(blank=True, max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.alias
