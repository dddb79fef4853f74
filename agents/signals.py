"""Receivers: a persona for new staff, and the audit trail's record of sign-ins and of role changes made
anywhere (a service, the admin, a shell)."""
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from agents.audit import audit_record, request_actor
from agents.models import Persona, StaffProfile
from agents.session_expiry import session_clock_start

# What a role change records; the values are kept as text so the entry reads the same however they change.
WATCHED_FIELDS = ("role", "access_expires_at")
USERNAME_MAX = 150


@receiver(post_save, sender=StaffProfile, dispatch_uid="agents.persona_for_new_staff")
def persona_for_new_staff(sender, instance: StaffProfile, created: bool, raw: bool = False, **kwargs) -> None:
    from agents.services import persona_assign, personas_required

    if not created or raw or not personas_required():
        return
    # After commit, so a caller that creates the profile and then its own persona in one transaction wins.
    def assign() -> None:
        if not Persona.objects.filter(staff_id=instance.pk).exists():
            persona_assign(staff=instance)

    transaction.on_commit(assign)


@receiver(user_logged_in, dispatch_uid="agents.session_clock_start")
def start_session_clock(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        session_clock_start(request.session)


@receiver(user_logged_in, dispatch_uid="agents.audit_login")
def audit_login(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action="auth.login", target=user, request=request)


@receiver(user_logged_out, dispatch_uid="agents.audit_logout")
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", target=user, request=request)


@receiver(user_login_failed, dispatch_uid="agents.audit_login_failed")
def audit_login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    """The name tried, never the password (Django has already masked it in `credentials`)."""
    username = str(credentials.get("username", ""))[:USERNAME_MAX]
    audit_record(actor=None, action="auth.login_failed", request=request, data={"username": username})


@receiver(pre_save, sender=StaffProfile, dispatch_uid="agents.audit_role_before")
def remember_role(sender, instance: StaffProfile, raw: bool = False, **kwargs) -> None:
    instance._audit_before = (
        None
        if raw or instance.pk is None
        else StaffProfile.objects.filter(pk=instance.pk).values(*WATCHED_FIELDS).first()
    )


@receiver(post_save, sender=StaffProfile, dispatch_uid="agents.audit_role_after")
def audit_role_change(sender, instance: StaffProfile, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_audit_before", None) or {}
    changes = {
        field: {"old": _text(before.get(field)), "new": _text(getattr(instance, field))}
        for field in WATCHED_FIELDS
        if (getattr(instance, field) is not None if created else before.get(field) != getattr(instance, field))
    }
    if changes:
        audit_record(actor=request_actor(), action="role.change", target=instance.user, data=changes)


def _text(value) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value
