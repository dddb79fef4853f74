"""Signed-in sessions end by themselves: after a spell without activity and after a maximum age.

Staff sessions reach private customer data, so a laptop left open at a café should not stay signed in: by
default they end after `TACT_SESSIONS["STAFF_IDLE_MINUTES"]` (30) without a request and
`STAFF_MAX_AGE_HOURS` (12) after signing in, however busy. Customers keep Django's cookie age unless
`CUSTOMER_*` are set (0 = no limit). The times live in the session itself, so every web worker agrees.

To spare a session write on every request, the last-seen time is only moved when it is a minute old: the
idle limit is kept to within a minute.

"Sign out everywhere" and offboarding end every session of a person at once by moving their
`SessionCutoff` (one primary-key read per signed-in request): a session signed in before it is over.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agents.middleware import is_api_request
from agents.models import SessionCutoff
from agents.selectors import NOT_LOADED, staff_preloaded

SIGNED_IN_AT = "tact_signed_in_at"
LAST_SEEN = "tact_last_seen"
SEEN_GRANULARITY_S = 60
CUT_OFF_MESSAGE = gettext_lazy("You were signed out on every device. Please sign in again.")


def session_limits(user) -> tuple[int, int]:
    """(idle seconds, maximum age seconds) for this user's sessions; 0 means no limit."""
    conf = getattr(settings, "TACT_SESSIONS", {})
    prefix = "STAFF" if hasattr(user, "staff") else "CUSTOMER"
    return int(conf.get(f"{prefix}_IDLE_MINUTES", 0)) * 60, int(conf.get(f"{prefix}_MAX_AGE_HOURS", 0)) * 3600


def session_expired_reason(session, *, idle: int, max_age: int, now: float) -> str:
    """Why this session is over ("" while it is not)."""
    signed_in_at, last_seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN)
    if max_age and signed_in_at is not None and now - signed_in_at > max_age:
        return _("You were signed out %(hours)s hours after signing in. Please sign in again.") % {
            "hours": max_age // 3600
        }
    if idle and last_seen is not None and now - last_seen > idle:
        return _("You were signed out after %(minutes)s minutes without activity. Please sign in again.") % {
            "minutes": idle // 60
        }
    return ""


def session_cut_off(user, session) -> bool:
    """Whether this session signed in before the person's cut-off (one without a sign-in time predates it)."""
    cutoff = staff_preloaded(user, "session_not_before")
    if cutoff is NOT_LOADED:
        cutoff = SessionCutoff.objects.filter(user_id=user.pk).values_list("not_before", flat=True).first()
    return cutoff is not None and session.get(SIGNED_IN_AT, 0) < cutoff.timestamp()


def session_clock_start(session) -> None:
    """Start both clocks when someone signs in (called from the `user_logged_in` receiver)."""
    now = timezone.now().timestamp()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is not None and user.is_authenticated and session is not None:
            idle, max_age = session_limits(user)
            now = timezone.now().timestamp()
            reason = CUT_OFF_MESSAGE if session_cut_off(user, session) else ""
            if not reason and (idle or max_age):
                reason = session_expired_reason(session, idle=idle, max_age=max_age, now=now)
            if reason:
                logout(request)
                if not is_api_request(request):  # the API answers the now anonymous caller with its 401
                    messages.info(request, reason)
                    return redirect_to_login(request.get_full_path())
            elif idle or max_age:
                session.setdefault(SIGNED_IN_AT, now)  # a session from before these limits
                if now - session.get(LAST_SEEN, 0) >= SEEN_GRANULARITY_S:
                    session[LAST_SEEN] = now
        return self.get_response(request)
