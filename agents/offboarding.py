"""Ending someone's access: every session and API token at once, their waiting requests cancelled, their open
tickets back in the queue, and all their history kept.

`sign_out_everywhere` is a person's own button (the tokens page, the API); it is also the first step of
`staff_offboard`, the one call behind every way a staff member's access ends: deactivation (`is_active`
turned off anywhere: the admin's form or action, a shell; `agents.signals`), an access end date passing (the
beat task `agents.tasks.offboard_ended_access`, every minute), and the admin's "offboard" action. The apps
that own what a person holds react to `access_ended` in the same transaction (`tickets` returns their open
tickets to the queue).

Nothing is deleted: replies, notes, history and audit entries keep naming the person's persona as before.
Even before the beat task runs, every request of a person whose access ended is refused (inactive users are
anonymous to Django; `agents.middleware` and `agents.authentication` refuse expired staff).
"""
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from agents.approvals import approvals_cancel_for
from agents.audit import audit_record
from agents.models import SessionCutoff, StaffProfile
from agents.models_tokens import RevokeReason
from agents.tokens import api_tokens_revoke_all

# Sent inside staff_offboard's transaction with `user` (whose access ended) and `actor` (who ended it, or None
# for the beat task). Receivers return how many things they released (tickets returned to the queue).
access_ended = Signal()


def sessions_end(*, user) -> None:
    """End every session `user` has signed in so far (`agents.session_expiry` compares sign-in times with this)."""
    SessionCutoff.objects.update_or_create(user=user, defaults={"not_before": timezone.now()})


def sign_out_everywhere(*, user, actor=None, reason: str = RevokeReason.SIGN_OUT, request=None) -> int:
    """End all of `user`'s sessions and revoke all their API tokens. Returns how many tokens were revoked."""
    with transaction.atomic():
        sessions_end(user=user)
        revoked = api_tokens_revoke_all(user=user, reason=reason, actor=actor, request=request)
        audit_record(actor=actor, action="auth.sign_out_everywhere", target=user, request=request,
                     data={"tokens": revoked, "reason": reason})
    return revoked


def staff_offboard(*, user, actor=None, reason: str, request=None) -> dict[str, int]:
    """End a staff member's access for good: sessions and tokens, waiting requests, open tickets. Safe to call
    again (it finds nothing more to do); returns what it did."""
    with transaction.atomic():
        profile = StaffProfile.objects.select_for_update().filter(user=user).first()
        tokens = sign_out_everywhere(user=user, actor=actor, reason=RevokeReason.ACCESS_ENDED, request=request)
        approvals = approvals_cancel_for(user)
        replies = access_ended.send(sender=StaffProfile, user=user, actor=actor)
        tickets = sum(int(result or 0) for _receiver, result in replies)
        if profile is not None:
            profile.offboarded_at = timezone.now()
            profile.save(update_fields=["offboarded_at"])
        done = {"tokens": tokens, "approvals": approvals, "tickets": tickets}
        audit_record(actor=actor, action="staff.offboard", target=user, request=request,
                     data={"reason": reason, **done})
    return done


def account_deactivate(*, user, actor, request=None) -> None:
    """Turn an account off and end its access now (the admin's action): staff are offboarded, customers
    signed out everywhere. Turning `is_active` off any other way does the same (`agents.signals`)."""
    with transaction.atomic():
        if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
            return
        user.is_active = False
        account_access_end(user=user, actor=actor, request=request)


def account_access_end(*, user, actor, request=None) -> None:
    """After deactivation: staff are offboarded, anyone else (a customer) signed out everywhere."""
    if StaffProfile.objects.filter(user=user).exists():
        staff_offboard(user=user, actor=actor, reason="deactivated", request=request)
    else:
        sign_out_everywhere(user=user, actor=actor, reason=RevokeReason.ACCESS_ENDED, request=request)


def staff_offboard_due() -> int:
    """Offboard everyone whose access has ended (deactivated, or their end date passed) and who has not been
    offboarded since (the beat task). Returns how many."""
    now = timezone.now()
    due = StaffProfile.objects.filter(offboarded_at__isnull=True).filter(
        Q(access_expires_at__lte=now) | Q(user__is_active=False)
    )
    count = 0
    for profile in due.select_related("user").order_by("pk"):
        reason = "deactivated" if not profile.user.is_active else "access end date passed"
        staff_offboard(user=profile.user, reason=reason)
        count += 1
    return count


def staff_access_restored(*, profile: StaffProfile) -> None:
    """Access given back (reactivated, end date moved on): the next end is offboarded again."""
    StaffProfile.objects.filter(pk=profile.pk).update(offboarded_at=None)
