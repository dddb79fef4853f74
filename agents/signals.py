"""Receivers: a persona for new staff, the audit trail's record of sign-ins and of role changes made anywhere
(a service, the admin, a shell), and access ending wherever it is changed: a new password revokes API tokens,
deactivation offboards (`agents.offboarding`)."""
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from agents.audit import audit_record, request_actor
from agents.models import Persona, StaffProfile
from agents.models_tokens import RevokeReason
from agents.session_expiry import session_clock_start
from agents.signin_audit import signin_failed_record

# What a role change records; the values are kept as text so the entry reads the same however they change.
WATCHED_FIELDS = ("role", "access_expires_at")


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
    """Whose account was tried, never the text typed nor the password (`agents.signin_audit`)."""
    signin_failed_record(tried=str(credentials.get("username", "")), request=request)


@receiver(pre_save, sender=StaffProfile, dispatch_uid="agents.audit_role_before")
def remember_role(sender, instance: StaffProfile, raw: bool = False, **kwargs) -> None:
    instance._audit_before = (
        None
        if raw or instance.pk is None
        else StaffProfile.objects.filter(pk=instance.pk).values(*WATCHED_FIELDS).first()
    )


@receiver(pre_save, sender=User, dispatch_uid="agents.account_before")
def remember_account(sender, instance: User, raw: bool = False, update_fields=None, **kwargs) -> None:
    """The stored password and active flag, to tell after saving whether either changed (skipped for saves
    that write neither, such as the `last_login` stamp on every sign-in)."""
    watched = {"password", "is_active"}
    if raw or instance.pk is None or (update_fields is not None and not watched & set(update_fields)):
        instance._account_before = None
        return
    instance._account_before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()


@receiver(post_save, sender=User, dispatch_uid="agents.account_after")
def end_access_on_account_change(sender, instance: User, created: bool, raw: bool = False, **kwargs) -> None:
    """A new password revokes every API token (Django itself ends the other sessions: their hash no longer
    matches). Deactivation ends everything: staff are offboarded, others signed out everywhere."""
    from agents.offboarding import account_access_end, staff_access_restored
    from agents.tokens import api_tokens_revoke_all

    before = getattr(instance, "_account_before", None)
    if raw or created or not before:
        return
    if before["password"] != instance.password:
        api_tokens_revoke_all(user=instance, reason=RevokeReason.PASSWORD, actor=request_actor())
    staff = StaffProfile.objects.filter(user=instance).first()
    if before["is_active"] and not instance.is_active:
        account_access_end(user=instance, actor=request_actor())
    elif instance.is_active and not before["is_active"] and staff is not None and not staff.is_expired:
        staff_access_restored(profile=staff)


@receiver(post_save, sender=StaffProfile, dispatch_uid="agents.access_end_date")
def restore_access_on_end_date(sender, instance: StaffProfile, created: bool, raw: bool = False, **kwargs) -> None:
    """An end date moved into the future (or removed) gives access back, so the next end is offboarded again.
    A date that has passed is the beat task's (`agents.offboarding.staff_offboard_due`, every minute); until
    then every request of that person is already refused."""
    from agents.offboarding import staff_access_restored

    before = getattr(instance, "_audit_before", None) or {}
    if raw or created or before.get("access_expires_at") == instance.access_expires_at:
        return
    if not instance.is_expired and instance.offboarded_at is not None and instance.user.is_active:
        staff_access_restored(profile=instance)


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
