"""Public channels' pages: the public page of a public thread (anyone, no sign-in) and the signed inbound
webhook that social networks and forums post to (machines)."""
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from agents.identity import TEAM_NAME_FALLBACK
from config.signatures import SignatureError, signature_check
from tickets.public.inbound import inbound_post_parse, public_post_ingest
from tickets.public.models import PublicSource
from tickets.public.thread import (
    public_handle,
    public_status_word,
    public_thread_messages,
    public_thread_ticket,
)

DEFAULTS = {"SIGNATURE_TOLERANCE_S": 300, "MAX_BYTES": 200_000, "PAGE_MAX_AGE_S": 60}


def public_setting(key: str) -> int:
    return {**DEFAULTS, **getattr(settings, "TACT_PUBLIC_CHANNELS", {})}[key]


@require_GET
def public_thread(request: HttpRequest, reference: str) -> HttpResponse:
    """The thread as the world may read it. The page is the same for every viewer, so shared caches may keep it
    for a minute; it sets no cookie and carries no form."""
    ticket = public_thread_ticket(reference)
    if ticket is None:
        raise Http404("No public thread with this reference")
    context = {
        "ticket": ticket,
        "handle": public_handle(ticket),
        "status_word": public_status_word(ticket),
        "thread": public_thread_messages(ticket),
        "team_name": TEAM_NAME_FALLBACK,
        "support_name": settings.TACT_SUPPORT_NAME,
    }
    response = render(request, "public/thread.html", context)
    patch_cache_control(response, public=True, max_age=public_setting("PAGE_MAX_AGE_S"))
    # A complaint is public where it was posted; this copy need not be found by search engines too.
    response["X-Robots-Tag"] = "noindex"
    return response


def _error(status: int, code: str, detail) -> JsonResponse:
    return JsonResponse({"error": code, "detail": detail}, status=status)


# No CSRF token: machines post here, and the signature (a secret only the sender holds, over the exact bytes)
# is the stronger check. No session is read.
@csrf_exempt
def inbound(request: HttpRequest, source: str) -> JsonResponse:
    """POST one post as JSON, signed with the source's secret (`docs/channels.md`). 201 with the ticket it
    opened or threaded onto; a post received before answers 200 with the same."""
    if request.method != "POST":
        return _error(405, "method_not_allowed", "POST the post as JSON.")
    found = PublicSource.objects.filter(slug=source, active=True).select_related("queue").first()
    if found is None:
        return _error(404, "unknown_source", "No active public source with this name.")
    limit = public_setting("MAX_BYTES")
    body = request.read(limit + 1)
    if len(body) > limit:
        return _error(413, "too_large", f"Posts are limited to {limit:,} bytes.")
    try:
        signature_check(
            secret=found.secret, timestamp=request.headers.get("X-Tact-Timestamp", ""),
            signature=request.headers.get("X-Tact-Signature", ""), body=body,
            tolerance_s=public_setting("SIGNATURE_TOLERANCE_S"),
        )
    except SignatureError as exc:
        return _error(401, "bad_signature", str(exc))
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        return _error(400, "bad_json", "The body must be JSON (UTF-8).")
    try:
        result = public_post_ingest(source=found, post=inbound_post_parse(data))
    except ValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"body": exc.messages}
        return _error(400, "invalid", detail)
    ticket = result.post.ticket
    return JsonResponse(
        {"ticket": ticket.reference, "post_id": result.post.post_id, "duplicate": not result.created,
         "outcome": "opened" if result.post.message_id == _first_message_id(ticket) else "threaded",
         "public_url": reverse("public_thread", args=[ticket.reference])},
        status=201 if result.created else 200,
    )


def _first_message_id(ticket) -> int | None:
    return ticket.messages.order_by("created_at", "pk").values_list("pk", flat=True).first()
