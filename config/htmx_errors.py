"""An htmx request that is refused (403), finds nothing (404) or lost a race (409) says so on the page.

htmx 2 swaps no 4xx answer by default: a lead's claim that another lead won, a form posted on a ticket that
moved out of the agent's queues, a triage list polled after the lead lost the role, all left the page as it
was, with no word. Every htmx action is handled here, once: the answer becomes one short message (the view's
own when it set one with `htmx_message`, e.g. "Already claimed by North Star."; else one per status), sent
into the page's alert region (`#htmx-alert` in base.html) with `HX-Retarget`/`HX-Reswap`. base.html's htmx
configuration (`responseHandling`) swaps these three statuses, taking only the message (`[data-htmx-error]`),
so the element's own `hx-select` or `hx-swap` does not apply. Any other failure (a 500, no network) is shown
by static/js/tact.js from htmx's `htmx:responseError` and `htmx:sendError` events.
"""
from collections.abc import Callable
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

HANDLED = (403, 404, 409)
TARGET = "#htmx-alert"


def htmx_message(response: HttpResponse, text: str) -> HttpResponse:
    """Say `text` to an htmx caller if this answer is refused, not found or a conflict (a plain request gets
    the page as the view rendered it)."""
    response.htmx_message = text  # type: ignore[attr-defined]
    return response


def _default(status: int) -> str:
    if status == 403:
        return _("You are not allowed to do this.")
    if status == 404:
        return _("This is no longer there, or no longer in your queues (it may have moved or been closed).")
    return _("Someone else changed this meanwhile.")


class HtmxErrorMiddleware:
    """Inside the sign-in redirect (config/htmx_signin.py), which handles an ended session first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code not in HANDLED
            or request.headers.get("HX-Request") != "true"
            # A history restore after a cache miss loads the whole page: it is not a part of one.
            or request.headers.get("HX-History-Restore-Request") == "true"
            or "HX-Retarget" in response
        ):
            return response
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        # The path alone, and never one that a browser would read as another host ("//evil.example/").
        path = current.path if current.path.startswith("/") and not current.path.startswith("//") else ""
        page = path + (f"?{current.query}" if current.query else "") if path else ""
        text = getattr(response, "htmx_message", "") or _default(response.status_code)
        body = render_to_string("partials/htmx_error.html", {"text": text, "page": page}, request=request)
        answer = HttpResponse(body, status=response.status_code)
        for header in ("Content-Security-Policy", "Permissions-Policy", "Cache-Control", "Vary"):
            if header in response:
                answer[header] = response[header]
        answer["HX-Retarget"] = TARGET
        answer["HX-Reswap"] = "innerHTML"
        return answer
