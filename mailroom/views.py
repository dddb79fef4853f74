"""The mailroom's pages: the HTTP inbound door (machines, signed) and the quarantine list (administrators)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from agents.permissions import Perm, can
from config.signatures import SignatureError, signature_check
from mailroom.conf import mail_setting
from mailroom.models import InboundEmail, Outcome, Source
from mailroom.services import email_ingest, quarantine_retry, quarantined


def _error(status: int, code: str, detail: str) -> JsonResponse:
    """`code` is for machines and stays English; `detail` is for the person reading, in their language."""
    return JsonResponse({"error": code, "detail": detail}, status=status)


# No CSRF token: this door is for machines, and the signature (a secret only the sender holds, over the exact
# bytes) is a stronger check than a cookie a browser would send. No session is read.
@csrf_exempt
def inbound(request: HttpRequest) -> JsonResponse:
    """POST the raw RFC 822 message as the body, signed (`config.signatures`). 202 with what became of it;
    a message received before answers 200 with the same record."""
    secret = mail_setting("INBOUND_SECRET")
    if not secret:
        return _error(404, "not_enabled", _("The inbound email endpoint is not enabled (TACT_MAIL_INBOUND_SECRET)."))
    if request.method != "POST":
        return _error(405, "method_not_allowed", _("POST the raw message."))
    limit = mail_setting("MAX_BYTES")
    # Read from the stream, not request.body: mail may exceed the form upload limit (TACT_MAX_REQUEST_BYTES).
    body = request.read(limit + 1)
    if len(body) > limit:
        detail = _("Messages are limited to %(limit)s bytes (TACT_MAIL_MAX_BYTES).") % {"limit": f"{limit:,}"}
        return _error(413, "too_large", detail)
    try:
        signature_check(
            secret=secret, timestamp=request.headers.get("X-Tact-Timestamp", ""),
            signature=request.headers.get("X-Tact-Signature", ""), body=body,
            tolerance_s=mail_setting("SIGNATURE_TOLERANCE_S"),
        )
    except SignatureError as exc:
        return _error(401, "bad_signature", str(exc))
    if not body.strip():
        return _error(400, "empty", _("The body must be the raw message."))
    result = email_ingest(raw=body, source=Source.HTTP, mailbox=request.headers.get("X-Tact-Mailbox", ""))
    inbound_email = result.inbound
    return JsonResponse(
        {"id": inbound_email.pk, "outcome": inbound_email.outcome, "duplicate": not result.created,
         "reason": inbound_email.reason},
        status=202 if result.created else 200,
    )


def _admin_or_404(request: HttpRequest) -> None:
    if not can(request.user, Perm.MAIL_QUARANTINE):
        raise Http404


@login_required
@require_GET
def quarantine(request: HttpRequest) -> HttpResponse:
    """Mail that could not be read or taken in, with the error, newest first; and the latest ignored mail."""
    _admin_or_404(request)
    ignored = InboundEmail.objects.filter(outcome=Outcome.IGNORED).defer("raw")[:50]
    return render(request, "mailroom/quarantine.html", {"items": quarantined(), "ignored": ignored})


@login_required
@require_POST
def quarantine_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_or_404(request)
    inbound_email = get_object_or_404(InboundEmail, pk=pk, outcome=Outcome.QUARANTINED)
    result = quarantine_retry(inbound=inbound_email, actor=request.user)
    if result.outcome == Outcome.QUARANTINED:
        messages.error(request, _("Message #%(pk)s still cannot be taken in: %(error)s")
            % {"pk": result.pk, "error": result.error})
    else:
        messages.success(request, _("Message #%(pk)s: %(outcome)s.")
            % {"pk": result.pk, "outcome": result.get_outcome_display().lower()})
    return redirect("mailroom:quarantine")
