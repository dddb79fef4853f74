"""An htmx request whose session has ended goes to the sign-in page as a whole page, not into the polled part.

The triage list, the navigation's count and every htmx form ask in the background. Once the session ends
(signed out in another tab, idle too long, the day's cap), the answer is a redirect to sign in, which htmx
follows and swaps in: a sign-in page inside the triage list, its field taking the focus, and no new escalation
showing until someone notices. Here that redirect becomes htmx's own (`HX-Redirect`), so the browser opens the
sign-in page and returns to the page the person was on, not to the fragment it polled.
"""
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


class HtmxSignInRedirectMiddleware:
    """Outside the session and second-factor gates, so it sees their redirects as well as `login_required`'s."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The header, not request.htmx: a gate answering before django_htmx's middleware leaves it unset.
        if request.headers.get("HX-Request") != "true" or response.status_code != 302:
            return response
        if not urlsplit(response["Location"]).path.startswith(resolve_url(settings.LOGIN_URL)):
            return response
        # Back to the page on screen (HX-Current-URL), only its path: never another host.
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        page = current.path + (f"?{current.query}" if current.query else "") if current.path else "/"
        return HttpResponseClientRedirect(redirect_to_login(page)["Location"])
