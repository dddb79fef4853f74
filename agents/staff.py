"""Staff accounts from Tact's own pages: an admin adds someone, ends someone's access, or asks for a new role.

The Django admin could already do the first two; an admin should not need it. A new member starts as an agent
or a contractor (with the end of their access), as in the admin: any other role is granted with a second
admin's approval (`agents.grants.role_grant_request`). Ending access turns the account off and offboards them
(`agents.offboarding.staff_offboard`: sessions, tokens, waiting requests, open tickets), keeping the account and
its history.
Real names and emails are not asked for here; the member writes their persona on their first sign-in.
"""
from datetime import datetime

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.audit import audit_record
from agents.models import Role, StaffProfile
from agents.offboarding import staff_offboard
from agents.permissions import Perm, require

STARTING_ROLES = (Role.AGENT, Role.CONTRACTOR)


def staff_create(
    *, actor, username: str, password: str, role: str, access_expires_at: datetime | None = None, request=None
) -> StaffProfile:
    """Add a staff member who signs in with `username` and the password the admin hands them."""
    require(actor, Perm.ADMIN_SITE)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Choose a username.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("That username is taken.")})
    if role not in STARTING_ROLES:
        raise ValidationError({"role": _("A new member starts as an agent or a contractor; ask for any other role.")})
    if role == Role.CONTRACTOR and (access_expires_at is None or access_expires_at <= timezone.now()):
        raise ValidationError({"access_expires_at": _("A contractor's access needs an end date in the future.")})
    user = User(username=username)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    with transaction.atomic():
        user.save()
        staff = StaffProfile.objects.create(user=user, role=role, access_expires_at=access_expires_at)
        audit_record(actor=actor, action="staff.create", target=staff, request=request, data={"role": role})
    return staff


def staff_deactivate(*, actor, staff: StaffProfile, reason: str, request=None) -> StaffProfile:
    """End someone's access now, keeping the account and everything they did."""
    require(actor, Perm.ADMIN_SITE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why their access ends (kept on the audit trail).")})
    if staff.user_id == actor.pk:
        raise ValidationError({"reason": _("Another admin must end your own access.")})
    with transaction.atomic():
        if not User.objects.filter(pk=staff.user_id, is_active=True).update(is_active=False):
            raise ValidationError({"reason": _("Their access has already ended.")})
        staff.user.is_active = False
        staff_offboard(user=staff.user, actor=actor, reason=reason[:300], request=request)
    return staff


def first_admin_make(*, username: str) -> StaffProfile:
    """Make the desk's first administrator, from a shell (`manage.py first_admin`): an account made by
    `createsuperuser` has no staff role, and the admin and every staff page answer to roles alone. Once an
    administrator can sign in, roles are granted with a second admin's approval, so this refuses. Its words are
    the operator's, in English, as the other commands'."""
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError("No active account with that username: create it first (createsuperuser).")
        admins = StaffProfile.objects.filter(role=Role.ADMIN, user__is_active=True).filter(
            Q(access_expires_at__isnull=True) | Q(access_expires_at__gt=now)
        )
        if admins.exists():
            raise ValidationError("The desk has an administrator: they grant roles (/inbox/grants/).")
        staff, _created = StaffProfile.objects.update_or_create(
            user=user, defaults={"role": Role.ADMIN, "access_expires_at": None}
        )
        audit_record(actor=None, action="staff.first_admin", target=staff, data={"role": Role.ADMIN})
    return staff
