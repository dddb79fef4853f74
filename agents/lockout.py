"""What a person or an API client is told when too many failed sign-ins locked them out (django-axes).

The count lives in the database (axes' AccessAttempt), so it holds across web workers; the client address is
`config.client_ip`'s. Every failure during a lockout starts the cool-off again, so "now + cool-off" is when
the next attempt may succeed. Admins unlock with `manage.py axes_reset_username <name>` or
`manage.py axes_reset_ip <address>` (or delete the attempt in the admin).
"""
import math
from datetime import datetime, timedelta

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

LOCKED_OUT_STATUS = 429


def lockout_until(request: HttpRequest) -> tuple[datetime, int]:
    """When the lockout ends and how many seconds that is from now."""
    cool_off = get_cool_off(request) or timedelta(0)
    return timezone.localtime(timezone.now() + cool_off), math.ceil(cool_off.total_seconds())


def lockout_message(request: HttpRequest) -> str:
    until, seconds = lockout_until(request)
    minutes = max(1, math.ceil(seconds / 60))
    return _(
        "Too many failed sign-ins. Try again after %(time)s %(zone)s (in about %(minutes)s minutes), or ask an "
        "administrator to unlock the account."
    ) % {"time": f"{until:%H:%M}", "zone": until.tzname(), "minutes": minutes}


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """axes' AXES_LOCKOUT_CALLABLE: a page for people, the API's one error format for API clients."""
    from agents.middleware import is_api_request

    until, seconds = lockout_until(request)
    message = lockout_message(request)
    if is_api_request(request):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "locked_out", "message": message, "fields": {}}}, status=LOCKED_OUT_STATUS
        )
    else:
        response = render(
            request, "registration/locked_out.html", {"message": message, "until": until}, status=LOCKED_OUT_STATUS
        )
    response["Retry-After"] = str(seconds)
    return response
