"""The staff gates of `agents.middleware`, for the REST API: Tact's hashed API tokens (`agents.tokens`) and
DRF's session authentication, plus the expiry and persona checks, so an API client is told in JSON what the
pages tell a person with a redirect.

They run where DRF learns who is calling, the only place a token's user is known, and raise DRF errors, so the
answer is the API's one error format (`config.api.exception_handler`): 401 `access_expired` for staff whose
access expired, 401 `token_expired` / `token_revoked` for a token past its end or revoked, 403
`persona_required` (with the persona page's address) for staff without a persona when the team requires one;
403 `second_factor_required` for a session that has not given its second factor (or must enrol one first).
"""
from django.contrib.auth import logout
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from agents.middleware import EXPIRED_MESSAGE, lacks_persona
from agents.models import StaffProfile
from agents.tokens import api_token_find, api_token_touch


def access_expired_check(user) -> None:
    """Raise the API's `access_expired` for a staff member whose access has ended: no API call (401), and no new
    token for their password either (`tickets.api.views.TokenObtainView`: a 403 there, as that view has no
    authentication scheme for DRF to name in a 401's `WWW-Authenticate`)."""
    try:
        expired = user.staff.is_expired
    except StaffProfile.DoesNotExist:
        return
    if expired:
        raise exceptions.AuthenticationFailed(EXPIRED_MESSAGE, code="access_expired")


def staff_gate_check(user, request) -> None:
    """Raise the API error for a staff member who may not work now; anyone else passes untouched."""
    from agents.services import personas_required

    if not hasattr(user, "staff"):
        return
    access_expired_check(user)
    if personas_required() and lacks_persona(user):
        url = request.build_absolute_uri(reverse("agents:persona"))
        raise exceptions.PermissionDenied(
            f"Set up the persona customers will see before you use the API: {url}", code="persona_required"
        )


def second_factor_gate_check(request) -> None:
    """A session that gave the password but not the code (or must enrol first) reaches no API either."""
    from agents.mfa import second_factor_pending

    state = second_factor_pending(request._request)
    if state:
        page = reverse("login_verify" if state == "verify" else "agents:security")
        raise exceptions.PermissionDenied(
            f"Finish signing in with your second factor first: {request.build_absolute_uri(page)}",
            code="second_factor_required",
        )


class StaffTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <secret>`, looked up by the secret's digest; a token past its end or revoked says so
    (the client should ask for a new one), an unknown one is simply invalid."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            staff_gate_check(result[0], request)
        return result

    def authenticate_credentials(self, key):
        token = api_token_find(key)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                f"This token no longer works: {token.get_revoked_reason_display().lower()}. Ask for a new one.",
                code="token_revoked",
            )
        if token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(
                f"This token expired on {token.expires_at:%Y-%m-%d %H:%M} UTC. Ask for a new one.",
                code="token_expired",
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        api_token_touch(token)
        return token.user, token


class StaffSessionAuthentication(SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            try:
                staff_gate_check(result[0], request)
            except exceptions.AuthenticationFailed:
                logout(request._request)  # expired access signs out, as it does on a page
                raise
            second_factor_gate_check(request)
        return result


class StaffSessionScheme(SessionScheme):
    """The schema documents the gated session as the cookie login it is (the token one matches subclasses)."""

    target_class = StaffSessionAuthentication
