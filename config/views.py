"""Project-level pages: the landing redirect, health, and error pages that reveal nothing about anyone."""
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from agents.permissions import Perm, can


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


_API_CODES = {400: "bad_request", 403: "permission_denied", 404: "not_found", 500: "server_error"}


def _error(request, status: int, title: str, text: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        body = {"error": {"code": _API_CODES[status], "message": title, "fields": {}}}
        return JsonResponse(body, status=status)
    return render(request, "error.html", {"status": status, "title": title, "text": text}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, "Bad request", "We could not read that request.")


def permission_denied(request, exception=None):
    return _error(request, 403, "Not allowed", "You do not have access to this page.")


def page_not_found(request, exception=None):
    return _error(request, 404, "Not found", "There is nothing here, or you do not have access to it.")


def server_error(request):
    return _error(request, 500, "Something went wrong", "Nothing you typed was lost. Please try again shortly.")
