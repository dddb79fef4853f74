"""Two-person approvals: what cannot be undone runs only when a second authorized person approves it.

Each kind of action is registered once (`approval_kind_register`) by the app that owns what it changes, with
three functions: `in_scope(user, action)` (may this person see and decide it: their queues), `check(action)`
(is it still possible on the current data; raises ValidationError) and `execute(action, approver)` (does it,
returns a small JSON result). `approval_approve` re-checks and executes in the same transaction as the approval,
under a row lock and a conditional update, so the action runs at most once and nothing else can run it: pages,
the API, admin screens and commands all come here. Every request, approval, rejection, expiry, cancellation and
execution is in the audit trail.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from agents.approval_summaries import Summary, summary_in_english
from agents.audit import audit_record
from agents.identity import public_identity
from agents.models_approvals import ApprovalStatus, PendingAction
from agents.permissions import Perm, can

DEFAULT_TTL = timedelta(hours=48)
REASON_MIN, REASON_MAX = 10, 1000


@dataclass(frozen=True)
class ApprovalKind:
    label: str | Promise  # shown to people: translated when read
    in_scope: Callable[[Any, PendingAction], bool]
    check: Callable[[PendingAction], None]
    execute: Callable[[PendingAction, Any], dict]
    # Who may decide besides needing approval_decide (e.g. only admins for an identity reveal).
    decider_perm: Perm = Perm.APPROVAL_DECIDE
    # Who may ask besides needing approval_request (e.g. only admins ask to change a role).
    requester_perm: Perm = Perm.APPROVAL_REQUEST


KINDS: dict[str, ApprovalKind] = {}


def approval_kind_register(kind: str, spec: ApprovalKind) -> None:
    """Called once per kind from its app's `ready()`."""
    KINDS[kind] = spec


def approval_ttl() -> timedelta:
    hours = getattr(settings, "TACT_APPROVALS", {}).get("TTL_HOURS")
    return timedelta(hours=hours) if hours else DEFAULT_TTL


def _audit(actor, verb: str, action: PendingAction, request=None, **data) -> None:
    audit_record(
        actor=actor, action=f"approval.{verb}", target=action, request=request,
        customer=action.data.get("customer_id"), ticket=action.data.get("ticket_id"),
        data={"kind": action.kind, "target": f"{action.target_type}:{action.target_id}", **data},
    )


def approval_request(
    *, kind: str, requested_by, target: models.Model, summary: Summary, reason: str, data: dict | None = None,
    request=None,
) -> PendingAction:
    """Ask for an action a second person must approve. Asking again for the same action and target while one
    is waiting returns the waiting one."""
    if kind not in KINDS:
        raise ValidationError({"kind": _("Unknown action.")})
    if not can(requested_by, Perm.APPROVAL_REQUEST) or not can(requested_by, KINDS[kind].requester_perm):
        raise PermissionDenied("You may not ask for this.")
    reason = " ".join((reason or "").split())
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        raise ValidationError({"reason": _("Say why, in %(REASON_MIN)s to %(REASON_MAX)s characters.")
            % {"REASON_MIN": REASON_MIN, "REASON_MAX": REASON_MAX}})
    action = PendingAction(
        kind=kind, target_type=target._meta.label_lower, target_id=str(target.pk),
        summary_key=summary.key, summary_params=summary.params, summary_asked=summary_in_english(summary)[:300],
        reason=reason, data=data or {}, requested_by=requested_by, expires_at=timezone.now() + approval_ttl(),
    )
    if not KINDS[kind].in_scope(requested_by, action):
        raise PermissionDenied("That is outside your queues.")
    KINDS[kind].check(action)
    try:
        with transaction.atomic():
            action.save()
            _audit(requested_by, "request", action, request, reason=reason)
    except IntegrityError:  # one is already waiting for this action and target
        return PendingAction.objects.get(
            kind=kind, target_type=action.target_type, target_id=action.target_id, status=ApprovalStatus.PENDING
        )
    return action


def approval_refuse_if_waiting(*, kind: str, target: models.Model, what: str) -> None:
    """For kinds whose requests carry parameters (new values, a format): a second, different request for the same
    target would silently join the first and do what the first asked, so it is refused in words instead."""
    waiting = PendingAction.objects.filter(
        kind=kind, target_type=target._meta.label_lower, target_id=str(target.pk), status=ApprovalStatus.PENDING,
        expires_at__gt=timezone.now(),
    )
    if waiting.exists():
        raise ValidationError(_("%(what)s is already waiting for a second person: decide or withdraw it first.")
            % {"what": what})


def _locked_pending(action: PendingAction) -> PendingAction:
    locked = PendingAction.objects.select_for_update().get(pk=action.pk)
    if locked.status != ApprovalStatus.PENDING:
        status = locked.get_status_display().lower()
        if locked.decided_by_id:  # another lead got there first: say who, by persona
            raise ValidationError(_("This request is already %(status)s, by %(who)s.")
                % {"status": status, "who": public_identity(locked.decided_by).name})
        raise ValidationError(_("This request is already %(status)s.") % {"status": status})
    return locked


def _may_decide(user, action: PendingAction) -> None:
    spec = KINDS[action.kind]
    if not can(user, Perm.APPROVAL_DECIDE) or not can(user, spec.decider_perm) or not spec.in_scope(user, action):
        raise PermissionDenied("You may not decide on this request.")
    if user.pk == action.requested_by_id:
        raise PermissionDenied("Someone else must approve what you asked for.")


def approval_approve(*, action: PendingAction, approver, request=None) -> PendingAction:
    """Approve and execute, in one transaction: re-check the current data, run the action, record both.

    The row lock and the conditional update make a second approval (a double click, two leads at once) find
    the action already executed; an expired request is marked expired and refused.
    """
    with transaction.atomic():
        locked = _locked_pending(action)
        _may_decide(approver, locked)
        if locked.expires_at <= timezone.now():
            _finish(locked, ApprovalStatus.EXPIRED, None)
            _audit(None, "expire", locked)
            expired = True
        else:
            expired = False
            KINDS[locked.kind].check(locked)
            result = KINDS[locked.kind].execute(locked, approver)
            _finish(locked, ApprovalStatus.EXECUTED, approver, result=result)
            _audit(approver, "approve", locked, request)
            _audit(approver, "execute", locked, request, result=result)
    if expired:  # outside the block, so the expiry is committed before the refusal
        raise ValidationError(_("This request expired before anyone approved it. Ask again if it is still needed."))
    return locked


def approval_reject(*, action: PendingAction, approver, note: str = "", request=None) -> PendingAction:
    with transaction.atomic():
        locked = _locked_pending(action)
        _may_decide(approver, locked)
        _finish(locked, ApprovalStatus.REJECTED, approver, note=(note or "").strip()[:1000])
        _audit(approver, "reject", locked, request)
    return locked


def approval_cancel(*, action: PendingAction, actor, request=None) -> PendingAction:
    """The requester withdraws their own request."""
    if actor.pk != action.requested_by_id:
        raise PermissionDenied("Only the person who asked can cancel a request.")
    with transaction.atomic():
        locked = _locked_pending(action)
        _finish(locked, ApprovalStatus.CANCELLED, None)
        _audit(actor, "cancel", locked, request)
    return locked


def approvals_cancel_for(user) -> int:
    """Cancel everything `user` asked for that still waits (deactivation, access ended). Returns how many."""
    cancelled = 0
    for action in PendingAction.objects.filter(requested_by=user, status=ApprovalStatus.PENDING):
        with transaction.atomic():
            locked = PendingAction.objects.select_for_update().get(pk=action.pk)
            if locked.status == ApprovalStatus.PENDING:
                _finish(locked, ApprovalStatus.CANCELLED, None, note="The requester's access ended.")
                _audit(None, "cancel", locked, reason="access ended")
                cancelled += 1
    return cancelled


def approvals_expire() -> int:
    """Mark waiting requests past their time as expired (the beat task); nothing runs without a person."""
    expired = 0
    for action in PendingAction.objects.filter(status=ApprovalStatus.PENDING, expires_at__lte=timezone.now()):
        with transaction.atomic():
            locked = PendingAction.objects.select_for_update().get(pk=action.pk)
            if locked.status == ApprovalStatus.PENDING:
                _finish(locked, ApprovalStatus.EXPIRED, None)
                _audit(None, "expire", locked)
                expired += 1
    return expired


def _finish(action: PendingAction, status: str, decider, *, note: str = "", result: dict | None = None) -> None:
    action.status, action.decided_by, action.decided_at = status, decider, timezone.now()
    action.note, action.result = note, result or {}
    action.save(update_fields=["status", "decided_by", "decided_at", "note", "result"])


def approval_decidable_by(user, action: PendingAction) -> bool:
    """Whether `user` may decide `action` whatever its state (so a late approval hears "expired", not "not found")."""
    spec = KINDS.get(action.kind)
    return (spec is not None and user.pk != action.requested_by_id and can(user, Perm.APPROVAL_DECIDE)
            and can(user, spec.decider_perm) and spec.in_scope(user, action))


def approval_for_decider(user, pk: int) -> PendingAction | None:
    """A request this person may decide on, in whatever status it is now (another lead may have decided it
    since their page was drawn: the decision then says so), or None: never their own, never outside scope."""
    if not can(user, Perm.APPROVAL_DECIDE):
        return None
    action = PendingAction.objects.filter(pk=pk).first()
    return action if action is not None and approval_decidable_by(user, action) else None


def approvals_visible_to(user) -> list[PendingAction]:
    """Waiting requests this person may decide, newest first (their own are listed apart)."""
    if not can(user, Perm.APPROVAL_DECIDE):
        return []
    waiting = PendingAction.objects.filter(status=ApprovalStatus.PENDING, expires_at__gt=timezone.now())
    waiting = waiting.exclude(requested_by=user).select_related("requested_by__staff__persona")
    return [a for a in waiting if a.kind in KINDS and can(user, KINDS[a.kind].decider_perm)
            and KINDS[a.kind].in_scope(user, a)]
