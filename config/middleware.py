"""Refuse addresses that carry a null character, before any view passes one to the database.

PostgreSQL cannot store or compare text containing NUL, so a path value or query parameter with one (`/inbox/t/%00/`)
reached the database as a 500. No address Tact serves can contain one; bodies are checked where they are read
(forms, serializers, `tickets.services.text_check`).
"""
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

MESSAGE = "The address contains a null character."


class NullCharacterGuard:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in _query(request)):
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "invalid", "message": MESSAGE, "fields": {}}}, status=400)
            return HttpResponse(MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _query(request: HttpRequest):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value
