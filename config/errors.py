"""Tact's own error pages, even with DEBUG on.

`./tact run` is the documented demo and runs with `TACT_DEBUG=1`; Django's debug pages would then list every
URL of the site on each "not found" and show settings and request data on a crash. Unless a developer opts in
with `TACT_DEBUG_ERROR_PAGES=1`, this middleware answers those cases with the same pages production shows
(`config.views`): JSON under `/api/`, Tact's themed page elsewhere. The traceback of a crash still goes to the
console log, which is the part of DEBUG's error page a developer needs. With DEBUG off it does nothing: Django
already calls `config.urls`' handlers.
"""
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as django_csrf_failure
from psycopg2.errors import QueryCanceled

from config import views

logger = logging.getLogger("django.request")


def debug_error_pages() -> bool:
    """True when Django's technical error pages are wanted: DEBUG on and the developer asked for them."""
    return bool(settings.DEBUG and settings.TACT_ERROR_PAGES.get("DEBUG_PAGES", False))


def _replacing() -> bool:
    return bool(settings.DEBUG) and not debug_error_pages()


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a stale or missing security token: say how to recover, not Django's diagnostics."""
    if debug_error_pages():
        return django_csrf_failure(request, reason=reason)
    return views.error_page(
        request, status=403, title=_("This form has expired"),
        text=_("The page was open too long, or you signed in or out in another tab. Go back, reload the page and "
               "send it again (copy anything long you typed first)."),
    )


class TactErrorPagesMiddleware:
    """First in MIDDLEWARE, so it also sees what Django made of an address no route matched."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _replacing() or getattr(response, "tact_error_page", False):
            return response
        # Only Django's own debug answers are replaced: one no route matched (its URL list), or a crash outside
        # a view (middleware, template rendering). A view's deliberate 400 or 404 keeps its content.
        if response.status_code >= 500:
            return views.server_error(request)
        if request.resolver_match is None and response.status_code == 404:
            return views.page_not_found(request)
        if request.resolver_match is None and response.status_code == 400 and _is_html(response):
            return views.bad_request(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not _replacing():
            return None
        if isinstance(exception, Http404):
            return views.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return views.permission_denied(request, exception)
        if isinstance(exception, BadRequest | SuspiciousOperation):
            logger.warning("Bad request: %s", request.path, exc_info=exception)
            return views.bad_request(request, exception)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return views.server_error(request)


class MethodNotAllowedPageMiddleware:
    """Opening an address only forms are sent to (a refused form's page reloaded from the address bar, its
    address copied to a colleague) got Django's empty 405, which browsers show as their own error screen. This
    answers it with Tact's page saying what to do; the status and the Allow header stay. API answers and views'
    own 405 bodies (JSON) are left as they are. Inside the locale and security-header middleware, so the page
    is in the viewer's language and carries the same headers as any other."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not request.path.startswith("/api/"):
            return views.method_not_allowed(request, allowed=response.get("Allow", ""))
        return response


class DatabaseTimeoutMiddleware:
    """A statement PostgreSQL cancelled (the web's statement timeout, or an operator's cancel) answers 503 with
    a page or JSON body that says so, in production and with DEBUG alike, instead of a 500 and a traceback. The
    request's transaction was rolled back on the way out of its atomic block, so the connection serves the
    next request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not (isinstance(exception, OperationalError) and isinstance(exception.__cause__, QueryCanceled)):
            return None
        logger.warning("Statement timeout: %s", request.path)
        return views.database_timeout(request)


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")
