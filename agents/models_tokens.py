"""API tokens, stored hashed, and the per-person cut-off that ends every signed-in session at once.

A token's secret is shown once, when it is made; the database keeps its SHA-256 digest (the secret is 240
random bits, so a fast hash is enough: nobody can guess their way back from the digest) and a short prefix so
its owner can tell their tokens apart. `agents.tokens` is the only writer.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RevokeReason(models.TextChoices):
    OWNER = "owner", _("Revoked by its owner")
    ADMIN = "admin", _("Revoked by an administrator")
    PASSWORD = "password", _("Password changed")
    SIGN_OUT = "sign_out", _("Signed out everywhere")
    ACCESS_ENDED = "access_ended", _("Access ended")


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, help_text=_("The first characters of the token, to recognise it."))
    digest = models.CharField(max_length=64, unique=True, help_text=_("SHA-256 of the token; the token is not kept."))
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    # Moved at most once a minute (agents.tokens.LAST_USED_EVERY_S): a busy client costs no write per call.
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=16, choices=RevokeReason.choices, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_user_live")]
        constraints = [
            models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("created_at")), name="api_token_ends"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class SessionCutoff(models.Model):
    """Sessions signed in before `not_before` are over. One row per person, moved forward by "sign out
    everywhere" and by offboarding; `agents.session_expiry` compares it with the time each session signed in.

    Django's database sessions cannot be found by user without decoding every one, so instead of deleting
    them this kills them all at once, whichever worker or session backend holds them, at the cost of one
    primary-key read per signed-in request."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.PROTECT, related_name="session_cutoff"
    )
    not_before = models.DateTimeField()

    def __str__(self) -> str:
        return f"sessions of #{self.user_id} before {self.not_before:%Y-%m-%d %H:%M}"
