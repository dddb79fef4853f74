"""Project-level pages: the landing redirect, health, and error pages that reveal nothing about anyone."""
import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from agents.permissions import Perm, can

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    if can(request.user, Perm.TICKETS_WORK):
        return redirect("inbox")
    if can(request.user, Perm.AUDIT_READ):
        return redirect("agents:persona")
    return redirect("portal")


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and compose: the database answers and replies are not stuck at the gate."""
    from redaction.health import gate_health

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:
        database = "unavailable"
    body, healthy = {"database": database}, database == "ok"
    if healthy:
        gate, healthy = gate_health()
        body.update(gate)
    return JsonResponse(body, status=200 if healthy else 503)


_API_CODES = {
    400: "bad_request", 403: "permission_denied", 404: "not_found", 500: "server_error", 503: "timeout",
}


def error_page(request: HttpRequest, *, status: int, title: str, text: str) -> HttpResponse:
    """The one error answer: JSON under /api/, the themed page elsewhere."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        body = {"error": {"code": _API_CODES[status], "message": title, "fields": {}}}
        response = JsonResponse(body, status=status)
    else:
        response = render(request, "error.html", {"status": status, "title": title, "text": text}, status=status)
    response.tact_error_page = True  # type: ignore[attr-defined]  # config.errors leaves it as it is
    return response


def bad_request(request, exception=None):
    return error_page(request, status=400, title=_("Bad request"), text=_("We could not read that request."))


def permission_denied(request, exception=None):
    return error_page(request, status=403, title=_("Not allowed"), text=_("You do not have access to this page."))


def method_not_allowed(request, allowed: str = "") -> HttpResponse:
    response = error_page(
        request, status=405, title=_("This address takes a form"),
        text=_("Forms are sent here; it is not a page to open. Go back to the page you came from and reload it."),
    )
    if allowed:
        response["Allow"] = allowed
    return response


def page_not_found(request, exception=None):
    return error_page(
        request, status=404, title=_("Not found"), text=_("There is nothing here, or you do not have access to it.")
    )


def database_timeout(request):
    """The database cancelled a statement that ran past the web's statement timeout."""
    response = error_page(
        request, status=503, title=_("That took too long"),
        text=_("The desk is busy or the request asked for a lot. Nothing you typed was lost: try again in a moment, "
               "or narrow a search with more words, a queue or a status."),
    )
    response["Retry-After"] = "5"
    return response


def server_error(request):
    title, text = _("Something went wrong"), _("Nothing you typed was lost. Please try again shortly.")
    try:
        return error_page(request, status=500, title=title, text=text)
    except Exception:
        # The crash may be in what every page needs (the database, a context processor): answer without them.
        logger.exception("The error page itself failed")
        response = HttpResponse(f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{text}</p>", status=500)
        response.tact_error_page = True  # type: ignore[attr-defined]
        return response

