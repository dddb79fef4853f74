"""Revealing an agent's real identity: an admin asks, with a reason; a second admin approves; the reveal is
recorded (an `IdentityReveal` row and an audit entry) when it is approved, and the asker then sees the name on
the reveal page for `SHOWN_FOR`. Leads are never shown it: harassment is handled through the persona.
"""
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.approval_summaries import Summary, summary_register
from agents.approvals import ApprovalKind, approval_kind_register, approval_request
from agents.audit import audit_record
from agents.identity import RealIdentity, public_identity
from agents.models import IdentityReveal, PendingAction, StaffProfile
from agents.permissions import Perm, can

SHOWN_FOR = timedelta(hours=24)


summary_register("identity_reveal", _("Show %(agent)s's real identity to %(viewer)s"))


def identity_reveal_request(*, viewer, agent_user: User, reason: str, request=None) -> PendingAction:
    if not can(viewer, Perm.IDENTITY_REVEAL):
        raise PermissionDenied("Only administrators may ask to see an agent's real identity.")
    if not StaffProfile.objects.filter(user=agent_user).exists():
        raise ValidationError({"agent": _("That person is not on the team.")})
    return approval_request(
        kind="identity_reveal", requested_by=viewer, target=agent_user, reason=reason, request=request,
        summary=Summary("identity_reveal", {"agent": public_identity(agent_user).name,
                                            "viewer": public_identity(viewer).name}),
        data={"agent_id": agent_user.pk},
    )


def _check(action: PendingAction) -> None:
    if not can(action.requested_by, Perm.IDENTITY_REVEAL):
        raise ValidationError(_("The person who asked may no longer see identities."))


def _reveal(action: PendingAction, approver) -> dict:
    agent = User.objects.get(pk=action.target_id)
    reveal = IdentityReveal.objects.create(viewer=action.requested_by, agent=agent, reason=action.reason)
    audit_record(actor=action.requested_by, action="identity.reveal", target=agent,
                 data={"reveal": reveal.pk, "reason": action.reason, "approved_by": approver.pk})
    return {"reveal": reveal.pk}


def identities_revealed_to(viewer) -> list[RealIdentity]:
    """The identities this admin may see now: those whose reveal was approved in the last SHOWN_FOR."""
    if not can(viewer, Perm.IDENTITY_REVEAL):
        return []
    reveals = IdentityReveal.objects.filter(viewer=viewer, created_at__gte=timezone.now() - SHOWN_FOR)
    return [
        RealIdentity(full_name=r.agent.get_full_name(), username=r.agent.get_username(), email=r.agent.email,
                     reveal_id=r.pk)
        for r in reveals.select_related("agent")
    ]


def register() -> None:
    approval_kind_register("identity_reveal", ApprovalKind(
        label=_("Reveal an agent's identity"), in_scope=lambda user, action: can(user, Perm.IDENTITY_REVEAL),
        check=_check, execute=_reveal, decider_perm=Perm.IDENTITY_REVEAL,
    ))
