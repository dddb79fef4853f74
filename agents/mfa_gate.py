"""Where the second factor is enforced: a middleware that keeps a half-signed-in person on the second step (or
on enrolment, when they must enrol), and `reauth_required`, the one decorator for sensitive actions.

`reauth_required` asks for the password (and a code, for the enrolled) when the last strong sign-in is older
than `TACT_MFA["REAUTH_MINUTES"]`, then carries on with the original request: the prompt carries the form's
fields back as hidden inputs and posts to the same address, so the action completes with what was typed. A
GET (the audit export) is answered with a redirect to the same address once confirmed.
"""
from collections.abc import Callable
from functools import wraps

from django.contrib.auth import authenticate, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from agents.audit import audit_record
from agents.lockout import lockout_response
from agents.mfa import (
    auth_is_recent,
    has_second_factor,
    second_factor_pending,
    second_factor_verify,
    strong_auth_mark,
)
from agents.middleware import is_api_request

REAUTH_PASSWORD, REAUTH_CODE, REAUTH_METHOD = "reauth_password", "reauth_code", "reauth_method"
REAUTH_FIELDS = (REAUTH_PASSWORD, REAUTH_CODE, REAUTH_METHOD, "csrfmiddlewaretoken")


class SecondFactorMiddleware:
    """Staff who gave their password but not yet their code reach only the second step; staff who must enrol
    and have not reach only enrolment (and, in both cases, signing out). The API answers them in
    `agents.authentication`."""

    ALLOWED_PREFIXES = ("/static/", "/team/avatar/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_request(request) or request.path.startswith(self.ALLOWED_PREFIXES):
            return self.get_response(request)
        state = second_factor_pending(request)
        if state:
            allowed = (reverse("logout"),) + (
                (reverse("login_verify"),) if state == "verify"
                else (reverse("agents:security"), reverse("agents:security_qr"))
            )
            if request.path not in allowed:
                target = "login_verify" if state == "verify" else "agents:security"
                url = reverse(target)
                if request.method == "GET" and not request.headers.get("HX-Request"):
                    url += "?" + QueryDict.fromkeys(["next"], request.get_full_path()).urlencode()
                return redirect(url)
        return self.get_response(request)


def safe_next(request: HttpRequest, fallback: str = "home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return reverse(fallback)


def reauthenticate(*, request: HttpRequest, password: str, code: str) -> str:
    """Check the password (and the code, for the enrolled) again; "" when right, else what to say. Failures count
    toward the lockout like any sign-in (django-axes counts the password through `authenticate`)."""
    user = request.user
    if authenticate(request, username=user.get_username(), password=password) is None:
        return "That password is not right."
    if has_second_factor(user):
        try:
            second_factor_verify(request=request, user=user, code=code)
        except ValidationError as exc:
            return " ".join(exc.messages)
    strong_auth_mark(request.session)
    audit_record(actor=user, action="auth.reauth", target=user, request=request)
    return ""


def reauth_required(view: Callable | None = None, *, methods: tuple[str, ...] = ("POST",)):
    """For views doing something sensitive: `@reauth_required` (POSTs) or `@reauth_required(methods=("GET",))`.
    Goes outside `require_GET`/`require_POST`, since the prompt always posts back to the same address."""

    def decorator(view_func: Callable) -> Callable:
        @wraps(view_func)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return view_func(request, *args, **kwargs)
            if request.method == "POST" and REAUTH_PASSWORD in request.POST:
                error = reauthenticate(request=request, password=request.POST.get(REAUTH_PASSWORD, ""),
                                       code=request.POST.get(REAUTH_CODE, ""))
                if getattr(request, "axes_locked_out", False):
                    logout(request)
                    return lockout_response(request)
                if error:
                    return _prompt(request, error=error)
                if request.POST.get(REAUTH_METHOD) == "GET":
                    return redirect(request.get_full_path())
                original = request.POST.copy()
                for name in REAUTH_FIELDS:
                    original.pop(name, None)
                original._mutable = False
                request.POST = original
                return view_func(request, *args, **kwargs)
            if request.method in methods and not auth_is_recent(request):
                return _prompt(request)
            return view_func(request, *args, **kwargs)

        wrapped.reauth_required = True  # type: ignore[attr-defined]
        return wrapped

    return decorator(view) if view is not None else decorator


def _prompt(request: HttpRequest, *, error: str = "") -> HttpResponse:
    """The "confirm it's you" page, carrying the original form's fields (never the old password or token)."""
    carried = [] if request.method == "GET" else [
        (name, value) for name, values in request.POST.lists() if name not in REAUTH_FIELDS for value in values
    ]
    context = {"action": request.get_full_path(), "carried": carried, "error": error,
               "method": request.method, "needs_code": has_second_factor(request.user)}
    response = render(request, "registration/reauth.html", context, status=400 if error else 200)
    response["Cache-Control"] = "no-store"
    return response
