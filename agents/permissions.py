"""Who may do what: the one place that decides actions, for pages, the API, the admin, commands and templates.

Which objects a person may touch is decided elsewhere, in `tickets.access` (their queues, their own tickets);
this module answers the other question: whether their role (or a running elevation) allows the action at all.
The role × action matrix below is documented in docs/permissions.md; a test keeps the two the same.
"""
from datetime import timedelta
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from agents.models import Elevation, Role
from agents.selectors import staff_profile


class Perm(StrEnum):
    TICKETS_WORK = "tickets_work"  # read and answer tickets of one's queues: inbox, ticket page, gate, API
    CUSTOMER_PRIVATE = "customer_private"  # card digits, account ids and IP addresses of a customer
    SAFETY_REPORT = "safety_report"  # report a harassing customer
    SAFETY_ACT = "safety_act"  # the escalation queue: triage, claim, resolve; restrict, suspend, warn, reassign
    DASHBOARD_READ = "dashboard_read"  # the leads' dashboard: figures of one's queues
    REPLY_OVERRIDE = "reply_override"  # publish a held reply anyway
    GATE_AUDIT = "gate_audit"  # re-scan published replies (the gate's retro-audit)
    AUDIT_READ = "audit_read"  # read the audit trail
    APPROVAL_REQUEST = "approval_request"  # ask for something a second person must approve
    APPROVAL_DECIDE = "approval_decide"  # approve or reject someone else's request
    IDENTITY_REVEAL = "identity_reveal"  # see an agent's real identity (after approval)
    PERSONA_OWN = "persona_own"  # keep one's own persona
    ALL_QUEUES = "all_queues"  # act in every queue, member or not
    ADMIN_SITE = "admin_site"  # Django admin (configuration)
    TOKENS_MANAGE = "tokens_manage"  # list and revoke anyone's API tokens (everyone manages their own)
    MAIL_QUARANTINE = "mail_quarantine"  # inbound mail that could not be taken in: read it, try it again
    WEBHOOKS_MANAGE = "webhooks_manage"  # webhook subscriptions, their delivery log and replays
    SLA_READ = "sla_read"  # read the SLA calendars and policies
    SLA_MANAGE = "sla_manage"  # change the SLA calendars and policies
    QUEUES_MANAGE = "queues_manage"  # a queue's name and address, its members leaving (scoped to queues led)
    MACROS_MANAGE = "macros_manage"  # write and edit macros (scoped to queues led; shared ones: all queues)
    CHANNELS_MANAGE = "channels_manage"  # the public sources posting through the signed inbound webhook


_AGENT = frozenset({
    Perm.TICKETS_WORK, Perm.CUSTOMER_PRIVATE, Perm.SAFETY_REPORT, Perm.APPROVAL_REQUEST, Perm.PERSONA_OWN,
})
_LEAD = _AGENT | {
    Perm.SAFETY_ACT, Perm.DASHBOARD_READ, Perm.REPLY_OVERRIDE, Perm.GATE_AUDIT, Perm.AUDIT_READ, Perm.APPROVAL_DECIDE,
    Perm.SLA_READ, Perm.QUEUES_MANAGE, Perm.MACROS_MANAGE,
}

MATRIX: dict[str, frozenset[Perm]] = {
    Role.AGENT: _AGENT,
    Role.CONTRACTOR: _AGENT - {Perm.CUSTOMER_PRIVATE},
    Role.LEAD: _LEAD,
    Role.ADMIN: _LEAD | {
        Perm.IDENTITY_REVEAL, Perm.ALL_QUEUES, Perm.ADMIN_SITE, Perm.TOKENS_MANAGE, Perm.MAIL_QUARANTINE,
        Perm.WEBHOOKS_MANAGE, Perm.SLA_MANAGE, Perm.CHANNELS_MANAGE,
    },
    Role.AUDITOR: frozenset({Perm.AUDIT_READ, Perm.PERSONA_OWN}),
}

# What a lead may lend for a while, to those who may ask (not auditors). Never the power to approve, to reveal
# identities or to run the site.
ELEVATABLE = (Perm.CUSTOMER_PRIVATE, Perm.SAFETY_ACT, Perm.REPLY_OVERRIDE, Perm.GATE_AUDIT, Perm.AUDIT_READ)

_CACHE = "_tact_permissions"
CACHE_FOR = timedelta(minutes=1)


def active_elevations(user):
    """Elevations running now (started, not yet over, not ended early)."""
    now = timezone.now()
    return Elevation.objects.filter(user=user, starts_at__lte=now, ends_at__gt=now, ended_at__isnull=True)


def _granted(user: User | AnonymousUser | None) -> tuple[frozenset[Perm], frozenset[int]]:
    """(permissions, elevated queue ids), worked out once per user object (one request, one command run)."""
    profile = staff_profile(user)
    if profile is None:
        return frozenset(), frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is not None and cached[0] > timezone.now():
        return cached[1], cached[2]
    perms = set(MATRIX.get(profile.role, frozenset()))
    queues: set[int] = set()
    # Kept until the first elevation ends, at most a minute, so one that ends stops at once in a long run.
    until = timezone.now() + CACHE_FOR
    running = active_elevations(user) if Perm.APPROVAL_REQUEST in perms else Elevation.objects.none()
    for permission, queue_id, ends_at in running.values_list("permission", "queue_id", "ends_at"):
        if queue_id is not None:
            queues.add(queue_id)
        elif permission in ELEVATABLE:
            perms.add(Perm(permission))
        until = min(until, ends_at)
    setattr(user, _CACHE, (until, frozenset(perms), frozenset(queues)))
    return frozenset(perms), frozenset(queues)


def forget(user) -> None:
    """Drop what `can` worked out for this user object (after a grant or an end changed it)."""
    if user is not None and hasattr(user, _CACHE):
        delattr(user, _CACHE)


def can(user: User | AnonymousUser | None, perm: Perm | str) -> bool:
    """True if the user's role, or an elevation running now, allows the action."""
    return Perm(perm) in _granted(user)[0]


def perms_of(user: User | AnonymousUser | None) -> frozenset[Perm]:
    """Everything `can` allows the user now, from the same cache: templates read a page's answers from it."""
    return _granted(user)[0]


def require(user, perm: Perm | str, message: str = "") -> None:
    """Raise PermissionDenied unless `can`; views turn it into a 404 so nothing is learnt by probing."""
    if not can(user, perm):
        raise PermissionDenied(message or "You may not do that.")


def elevated_queue_ids(user) -> frozenset[int]:
    """Queues the user works in for a while through an elevation (membership is `tickets.Queue.members`)."""
    return _granted(user)[1]


def role_of(user) -> str:
    """The role name for display and for the matrix: a staff role, "customer" or "" (nobody)."""
    profile = staff_profile(user)
    if profile is not None:
        return profile.role
    return "customer" if user is not None and user.is_authenticated and hasattr(user, "customer") else ""
