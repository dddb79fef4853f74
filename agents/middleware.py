"""Request gates for staff: expired access signs out; a team that requires personas sends staff without one to
the persona page before anything else.

These gates answer pages, with a redirect and a message. The REST API is not a page: a client cannot follow a
redirect to a login form, and a token-authenticated caller is not even known until DRF authenticates it. So
API paths pass through here, and `agents.authentication` applies the same gates to session and token callers
alike, answering in the API's one JSON error format.
"""
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agents.models import StaffProfile
from agents.selectors import staff_load

EXPIRED_MESSAGE = _("Your access has expired. Ask a team lead to extend it.")
API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    """Under /api/ but not the API's docs, which is a page people open in a browser."""
    return request.path_info.startswith(API_PREFIX) and request.path != reverse("api-docs")


def lacks_persona(user) -> bool:
    """Staff without a persona (customers and strangers never lack one: the rule is for staff). Reads the
    relation, which `agents.selectors.staff_load` has already loaded on staff pages."""
    try:
        staff = user.staff
    except StaffProfile.DoesNotExist:
        return False
    return not hasattr(staff, "persona")


class StaffAccessExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not is_api_request(request) and user is not None and user.is_authenticated:
            staff_load(user)
            try:
                expired = user.staff.is_expired
            except StaffProfile.DoesNotExist:
                expired = False
            if expired:
                logout(request)
                messages.info(request, EXPIRED_MESSAGE)
                return redirect("login")
        return self.get_response(request)


class PersonaRequiredMiddleware:
    """When `TACT_PERSONAS["REQUIRED"]`, staff without a persona reach only the persona page (and sign out),
    so nobody ever answers a customer under the team fallback or, worse, by accident under their own name."""

    ALLOWED_PREFIXES = ("/static/", "/team/avatar/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from agents.services import personas_required

        user = getattr(request, "user", None)
        if (
            not is_api_request(request)
            and user is not None
            and user.is_authenticated
            and personas_required()
            and lacks_persona(user)
        ):
            allowed = (reverse("agents:persona"), reverse("logout"))
            if request.path not in allowed and not request.path.startswith(self.ALLOWED_PREFIXES):
                if request.method == "GET" and not request.headers.get("HX-Request"):
                    messages.info(request, _("Choose the persona customers will see before you start."))
                return redirect("agents:persona")
        return self.get_response(request)


class AuditRequestMiddleware:
    """Lets `agents.audit.audit_record` know the request it runs under (for the client address, and the actor
    of changes caught by model signals) without every service having to carry the request down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from agents.audit import current_request

        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
