"""The second factor: TOTP authenticators (django-otp) with hashed recovery codes, who must have one, the
sign-in's second step, and the "last strong sign-in" clock that re-authentication reads.

Settings (`TACT_MFA`, read at call time so `override_settings` works): `REQUIRED_ROLES` (staff roles that must
enrol; leads and admins by default), `REQUIRED_FOR_ALL` (every staff member), `REAUTH_MINUTES` (how old the last
password-and-code may be before a sensitive action asks again; 0 never asks) and `RECOVERY_CODES` (how many).

Wrong codes cost twice: django-otp's own throttle on the device (after n failures the next try waits
2^(n-1) seconds, kept on the device so signing in again does not reset it), and a failure counted by
django-axes for the account and the client like a wrong password, so `TACT_LOGIN_FAILURE_LIMIT` wrong codes
lock the account out. Every failure, enrolment, removal and recovery-code use is on the audit trail.
"""
import secrets
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from agents.approval_summaries import Summary, summary_register
from agents.approvals import ApprovalKind, approval_kind_register, approval_request
from agents.audit import audit_record
from agents.identity import public_identity
from agents.models import PendingAction, StaffProfile
from agents.models_mfa import RecoveryCode, RecoveryCodeDevice, recovery_digest
from agents.permissions import Perm
from agents.selectors import NOT_LOADED, staff_preloaded, staff_profile

DEFAULTS: dict[str, Any] = {
    "REQUIRED_ROLES": ("lead", "admin"),
    "REQUIRED_FOR_ALL": False,
    "REAUTH_MINUTES": 15,
    "RECOVERY_CODES": 10,
}
STRONG_AUTH_AT = "tact_strong_auth_at"
TOTP_NAME, RECOVERY_NAME = "Authenticator app", "Recovery codes"
# Recovery codes: 16 characters of an alphabet without look-alikes (80 bits), shown as four groups of four.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16
WRONG_CODE = _("That code is not right. Check the time on your phone, or use a recovery code.")
WAIT_CODE = _("Too many wrong codes in a row: wait a few seconds before trying again.")


def mfa_setting(key: str) -> Any:
    """`TACT_MFA[key]`, falling back to DEFAULTS."""
    return {**DEFAULTS, **getattr(settings, "TACT_MFA", {})}[key]


def mfa_required(user) -> bool:
    """Must this person have a second factor? Staff only; customers never."""
    profile = staff_profile(user)
    if profile is None:
        return False
    return bool(mfa_setting("REQUIRED_FOR_ALL")) or profile.role in mfa_setting("REQUIRED_ROLES")


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_device(user) -> RecoveryCodeDevice | None:
    return RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user) -> bool:
    """Did this session pass the second step? (django-otp's middleware sets `is_verified` on the user.)"""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def second_factor_pending(request) -> str:
    """What stands between this signed-in person and their work: "verify" (enrolled, code not given yet),
    "enrol" (must enrol and has not) or "" (nothing). Worked out once per request."""
    cached = getattr(request, "_tact_second_factor", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    state = ""
    if user is not None and staff_profile(user) is not None and not is_verified(user):
        enrolled = staff_preloaded(user, "has_totp")  # read with the profile at the start of a staff page
        if enrolled is NOT_LOADED:
            enrolled = has_second_factor(user)
        if enrolled:
            state = "verify"
        elif mfa_required(user):
            state = "enrol"
    request._tact_second_factor = state
    return state


# --- The clock of the last strong sign-in -----------------------------------------------------------------------


def strong_auth_mark(session) -> None:
    session[STRONG_AUTH_AT] = timezone.now().timestamp()


def auth_is_recent(request) -> bool:
    """Was the password (and code, for the enrolled) given within `REAUTH_MINUTES`?"""
    minutes = int(mfa_setting("REAUTH_MINUTES"))
    if not minutes:
        return True
    at = request.session.get(STRONG_AUTH_AT)
    return at is not None and timezone.now().timestamp() - at <= minutes * 60


@receiver(user_logged_in, dispatch_uid="agents.mfa_strong_auth")
def _password_given(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        strong_auth_mark(request.session)


# --- Enrolment and recovery codes ------------------------------------------------------------------------------


def totp_enrol_start(*, user) -> TOTPDevice:
    """The authenticator being set up: an unconfirmed device (the same one until confirmed, so the QR code does
    not change under the person scanning it). Refused while a confirmed one exists: remove it first."""
    if has_second_factor(user):
        raise ValidationError(_("You already have an authenticator. Remove it first to set up another."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def totp_enrol_confirm(*, request, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the authenticator with a code from it; returns the new recovery codes (shown once). The session
    counts as verified from here on."""
    user = request.user
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(_("Start the set-up again."))
    throttled = not device.verify_is_allowed()[0]
    if not device.verify_token(_digits(code)):
        _failed(request=request, user=user, kind="enrol")
        raise ValidationError(WAIT_CODE if throttled else WRONG_CODE)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = _recovery_codes_replace(user)
        audit_record(actor=user, action="mfa.enrol", target=user, request=request)
    otp_login(request, device)
    strong_auth_mark(request.session)
    return codes


def recovery_codes_regenerate(*, user, request=None) -> list[str]:
    """A fresh set; every earlier code stops working."""
    if not has_second_factor(user):
        raise ValidationError(_("Set up an authenticator first."))
    with transaction.atomic():
        codes = _recovery_codes_replace(user)
        audit_record(actor=user, action="mfa.recovery_regenerate", target=user, request=request)
    return codes


def _recovery_codes_replace(user) -> list[str]:
    device, _created = RecoveryCodeDevice.objects.get_or_create(user=user, defaults={"name": RECOVERY_NAME})
    device.codes.all().delete()
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
             for _ in range(int(mfa_setting("RECOVERY_CODES")))]
    RecoveryCode.objects.bulk_create([RecoveryCode(device=device, digest=recovery_digest(c)) for c in codes])
    return ["-".join(code[i:i + 4] for i in range(0, CODE_LENGTH, 4)) for code in codes]


def second_factor_remove(*, user, actor, request=None, reason: str = "") -> int:
    """Remove a person's authenticator and recovery codes (their own choice, or an approved reset). Someone
    who must have one is sent to enrol again at their next request. Returns how many devices went."""
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, RecoveryCodeDevice):
            removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
        audit_record(actor=actor, action="mfa.remove", target=user, request=request,
                     data={"devices": removed, "by": "self" if actor.pk == user.pk else "reset",
                           **({"reason": reason[:200]} if reason else {})})
    return removed


# --- The second step and re-authentication ----------------------------------------------------------------------


def second_factor_verify(*, request, user, code: str) -> Device:
    """`second_factor_check`, then the session is verified and the strong sign-in clock starts again."""
    device = second_factor_check(request=request, user=user, code=code)
    otp_login(request, device)
    strong_auth_mark(request.session)
    return device


def second_factor_check(*, request, user, code: str) -> Device:
    """Check a code from the authenticator (6 digits) or a recovery code (anything else). Wrong: counted
    (throttle, lockout, audit) and refused with a ValidationError saying whether it was wrong or came too soon
    after the last wrong one."""
    code = (code or "").strip()
    digits = _digits(code)
    use_totp = len(digits) == len(code.replace(" ", "")) and len(digits) == 6
    device: Device | None = totp_device(user) if use_totp else recovery_device(user)
    throttled = device is not None and not device.verify_is_allowed()[0]
    if device is None or not device.verify_token(digits if use_totp else code):
        _failed(request=request, user=user, kind="totp" if use_totp else "recovery")
        raise ValidationError(WAIT_CODE if throttled else WRONG_CODE)
    if isinstance(device, RecoveryCodeDevice):
        audit_record(actor=user, action="mfa.recovery_used", target=user, request=request,
                     data={"remaining": device.remaining()})
    return device


def token_second_factor(*, request, user, code: str) -> str:
    """An API token is a sign-in too, so whoever has (or must have) a second factor gives a code with the
    password. Returns "" when they may have a token, "code" when a code must be sent, "enrol" when they must
    enrol first; a wrong code raises ValidationError as `second_factor_check` does."""
    if has_second_factor(user):
        if not (code or "").strip():
            return "code"
        second_factor_check(request=request, user=user, code=code)
        return ""
    return "enrol" if mfa_required(user) else ""


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch.isdigit())


def _failed(*, request, user, kind: str) -> None:
    """A wrong second factor counts like a wrong password: the audit trail, and django-axes's count for the
    account and the client (which sets `request.axes_locked_out` when the limit is reached)."""
    audit_record(actor=user, action="mfa.failed", target=user, request=request, data={"kind": kind})
    AxesProxyHandler.user_login_failed(sender=second_factor_verify, credentials={"username": user.get_username()},
                                       request=request)


def is_locked_out(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()})


# --- An administrator resets someone's second factor (a second administrator approves) ---------------------------


summary_register("mfa_reset", _("Reset %(name)s's second factor (they enrol again at their next sign-in)"))


def second_factor_reset_request(*, user, requested_by, reason: str, request=None) -> PendingAction:
    """For a lost phone and spent recovery codes: once approved, the person enrols again at their next sign-in."""
    if not StaffProfile.objects.filter(user=user).exists():
        raise ValidationError({"person": _("That person is not on the team.")})
    if not TOTPDevice.objects.filter(user=user).exists() and not RecoveryCodeDevice.objects.filter(user=user).exists():
        raise ValidationError({"person": _("That person has no second factor to reset.")})
    return approval_request(
        kind="mfa_reset", requested_by=requested_by, target=user, reason=reason, request=request,
        summary=Summary("mfa_reset", {"name": public_identity(user).name}),
        data={"user_id": user.pk},
    )


def _reset_check(action: PendingAction) -> None:
    if not StaffProfile.objects.filter(user_id=action.target_id).exists():
        raise ValidationError(_("That person is no longer staff."))


def _reset_execute(action: PendingAction, approver) -> dict:
    user = StaffProfile.objects.select_related("user").get(user_id=action.target_id).user
    return {"devices": second_factor_remove(user=user, actor=approver, reason=action.reason)}


def register() -> None:
    approval_kind_register("mfa_reset", ApprovalKind(
        label=_("Reset a second factor"), in_scope=lambda user, action: True, check=_reset_check,
        execute=_reset_execute, decider_perm=Perm.ADMIN_SITE, requester_perm=Perm.ADMIN_SITE,
    ))
