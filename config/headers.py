"""Security headers on every response Django makes: a Content-Security-Policy without inline scripts, a
Permissions-Policy that turns off the browser features a help desk never uses, and `Cache-Control: no-store`
on every page and API answer, since nearly all of them carry a customer's or an agent's private details.

A view that knows better sets its own header first and keeps it (the public, cacheable avatars; the API docs,
whose Swagger UI needs inline styles). Static files are answered by WhiteNoise before this runs, with their own
long-lived caching. Templates must stay free of inline scripts, event-handler attributes and style attributes:
tests/ops/test_headers.py fails when one appears.
"""
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# The same, with inline styles allowed (never scripts): only for pages a library renders that need them.
CSP_INLINE_STYLES = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cache-Control", "no-store")
        return response


def csp_inline_styles(view: Callable) -> Callable:
    """For a library's page that cannot work without inline styles; scripts stay 'self' only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = CSP_INLINE_STYLES
        return response

    return wrapper
