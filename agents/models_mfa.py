"""Recovery codes: the second factor a person falls back on when their authenticator is lost.

They are a django-otp device (so a session verified with one is verified like one with a TOTP code) but, unlike
django-otp's own static tokens, which keep the codes in clear, only a SHA-256 digest of each code is stored: a
database dump gives nobody a way in. The codes are 80 random bits, so an unsalted fast hash is enough.
"""
import hashlib

from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin


def recovery_digest(code: str) -> str:
    """Codes compare without case, spaces or dashes: "abcd-efgh" is "ABCDEFGH"."""
    normal = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normal.encode()).hexdigest()


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """One per person: the set of recovery codes made at enrolment (or last regenerated)."""

    def verify_token(self, token) -> bool:
        """Each code works once: the conditional update lets only one of two racing requests use it."""
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        used = RecoveryCode.objects.filter(
            device=self, digest=recovery_digest(str(token)), used_at__isnull=True
        ).update(used_at=timezone.now())
        if used == 1:
            self.throttle_reset(commit=True)
            return True
        self.throttle_increment(commit=True)
        return False

    def get_throttle_factor(self) -> int:
        return 1

    def remaining(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "digest"], name="recovery_code_once_per_set")]

    def __str__(self) -> str:
        return f"recovery code #{self.pk}"
