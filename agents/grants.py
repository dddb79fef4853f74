"""Granting a role: an admin asks, another admin approves, and only then does the role change.

The Django admin shows a staff member's role read-only; this is the one way to change it. A contractor's
access needs an end date (the database refuses one without), so a change to contractor carries it.
"""
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.approval_summaries import Summary, summary_register
from agents.approvals import ApprovalKind, approval_kind_register, approval_request
from agents.identity import public_identity
from agents.models import PendingAction, Role, StaffProfile
from agents.permissions import Perm


def _role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


summary_register("role_grant", _("Make %(name)s %(role)s (now %(was)s)"), role=_role_label, was=_role_label)


def role_grant_request(
    *, staff: StaffProfile, role: str, requested_by, reason: str, access_expires_at: datetime | None = None,
    request=None,
) -> PendingAction:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if role == staff.role:
        raise ValidationError({"role": _("That is already their role.")})
    if role == Role.CONTRACTOR and (access_expires_at is None or access_expires_at <= timezone.now()):
        raise ValidationError({"access_expires_at": _("A contractor's access needs an end date in the future.")})
    return approval_request(
        kind="role_grant", requested_by=requested_by, target=staff, reason=reason, request=request,
        summary=Summary("role_grant", {"name": public_identity(staff.user).name, "role": role, "was": staff.role}),
        data={"role": role, "access_expires_at": access_expires_at.isoformat() if access_expires_at else None},
    )


def _check(action: PendingAction) -> None:
    if not StaffProfile.objects.filter(pk=action.target_id).exists():
        raise ValidationError(_("That person is no longer staff."))


def _execute(action: PendingAction, approver) -> dict:
    staff = StaffProfile.objects.select_for_update().get(pk=action.target_id)
    previous = staff.role
    staff.role = action.data["role"]
    fields = ["role"]
    if action.data.get("access_expires_at"):
        staff.access_expires_at = datetime.fromisoformat(action.data["access_expires_at"])
        fields.append("access_expires_at")
    staff.save(update_fields=fields)  # the role.change audit entry comes from agents.signals
    return {"previous": previous, "new": staff.role}


def register() -> None:
    approval_kind_register("role_grant", ApprovalKind(
        label=_("Change a role"), in_scope=lambda user, action: True, check=_check, execute=_execute,
        decider_perm=Perm.ADMIN_SITE, requester_perm=Perm.ADMIN_SITE,
    ))
