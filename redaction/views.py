"""The composer's live parts and the Held view. Thin: services decide, selectors read, templates show.

Every view is staff-only and scoped through `tickets_for`: someone else's ticket or reply is a 404.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import retarget, trigger_client_event

from agents.identity import public_identity
from agents.mfa_gate import reauth_required
from agents.permissions import Perm, can
from config.locale import label_in_sentence
from redaction import services
from redaction.models import ReplyFile, ReplyState, VersionStatus
from redaction.policy import gate_setting
from redaction.replyfiles import version_files
from redaction.selectors import (
    held_replies_for,
    held_review,
    held_version_of,
    open_reply_of,
    version_status_wait,
    versions_for,
)
from tickets.access import tickets_for
from tickets.downloads import file_download
from tickets.forms_portal import attachment_help
from tickets.views_staff import decorated_thread, staff_required


def _ticket(request: HttpRequest, reference: str):
    return get_object_or_404(tickets_for(request.user).select_related("customer"), reference=reference)


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def composer_context(
    request: HttpRequest, ticket, *, body: str | None = None, subject: str = "", errors=(), notice: str = ""
) -> dict:
    """Everything the composer shows for this agent on this ticket: their reply in the works, its state,
    and for a held reply the highlighted text, the explanations and (for leads) the override form."""
    reply = open_reply_of(ticket, request.user)
    version = reply.latest_version if reply else None
    in_flight = reply is not None and reply.state == ReplyState.PENDING
    held = held_version_of(reply) if reply is not None and reply.state == ReplyState.HELD else None
    current = body if body is not None else (version.body if version else None)
    return {
        "ticket": ticket,
        "reply": reply,
        "version": version,
        "in_flight": in_flight,
        "review": held_review(held, body=current) if held else None,
        "can_override": held is not None and can(request.user, Perm.REPLY_OVERRIDE),
        "body": body if body is not None else (version.body if version else ""),
        # A subject staff wrote goes out with the reply that first reaches the customer, scanned with it.
        "subject": None if ticket.subject_public else (subject or getattr(version, "subject", "") or ticket.subject),
        "files": version_files(version) if version else [],
        "file_help": reply_file_help(),
        "errors": list(errors),
        "notice": notice,
    }


def reply_file_help() -> str:
    checked = gettext(
        "Each file is checked with the reply before the customer can open it: its name, and the text of .txt, "
        ".csv, .pdf and .docx files (up to %(chars)s characters; a file with more, or whose text cannot be read, "
        "is refused). Images go out without their details (where a photo was taken, camera, author) and are checked "
        "by name, not picture: make sure it shows nothing private. Spreadsheets (.xlsx) cannot be checked yet."
    ) % {"chars": number_format(gate_setting("FILE_TEXT_MAX_CHARS"), force_grouping=True)}
    return f"{attachment_help()} {checked}"


def _composer(request: HttpRequest, ticket, **kwargs) -> HttpResponse:
    template = "redaction/partials/composer.html" if request.htmx else "redaction/composer_page.html"
    return render(request, template, composer_context(request, ticket, **kwargs))


@require_GET
@staff_required
def composer(request: HttpRequest, reference: str) -> HttpResponse:
    """The composer on its own page: where the forms land without JavaScript."""
    return _composer(request, _ticket(request, reference))


@require_POST
@staff_required
def draft(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _ticket(request, reference)
    try:
        services.draft_save(ticket=ticket, author=request.user, body=request.POST.get("body", ""))
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(_errors(exc)) if isinstance(exc, ValidationError) else gettext("Not saved.")
        return HttpResponse(f'<span class="errors">{escape(text)}</span>')
    saved = timezone.localtime().strftime("%H:%M:%S")
    return HttpResponse(gettext("Draft saved at %(time)s.") % {"time": saved})


@require_POST
@staff_required
def send(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _ticket(request, reference)
    body = request.POST.get("body", "")
    subject = request.POST.get("subject")
    try:
        version = services.reply_submit(
            ticket=ticket, author=request.user, body=body, subject=subject,
            then_status=request.POST.get("then_status", ""), files=request.FILES.getlist("attachments"),
            remove_files=[pk for pk in request.POST.getlist("remove_file") if pk.isdigit()],
        )
    except ValidationError as exc:
        return _composer(request, ticket, body=body, subject=subject or "", errors=_errors(exc))
    if not request.htmx:
        return redirect(reverse("gate:composer", args=[ticket.reference]))
    status = version_status_wait(
        version_id=version.pk, timeout=gate_setting("SEND_WAIT_S"), interval=gate_setting("STATUS_POLL_S")
    )
    if status == VersionStatus.PUBLISHED:  # decided while we waited: "published" in one round trip
        return _published(request, ticket, version)
    return _composer(request, ticket)


def _published(request: HttpRequest, ticket, version) -> HttpResponse:
    """The fresh composer with its notice and, in the same response, the thread with the reply in it (swapped
    out of band), so "published" never shows before the reply does. After "send and set status" the whole page
    reloads instead: its summary and its status form must not keep the old status (saving that form would put
    it back)."""
    notice = gettext("Your reply passed the check and was published.")
    if version.then_status:
        ticket.refresh_from_db()
        notice = gettext("Your reply passed the check and was published. The ticket is now %(status)s.") % {
            "status": label_in_sentence(ticket.get_status_display())
        }
        if request.htmx:
            messages.success(request, notice)
            response = HttpResponse(status=200)
            response["HX-Refresh"] = "true"
            return response
    context = composer_context(request, ticket, notice=notice)
    if request.htmx:
        context.update(decorated_thread(request, ticket))
        response = render(request, "redaction/partials/composer_published.html", context)
    else:
        response = render(request, "redaction/composer_page.html", context)
    trigger_client_event(response, "gate:published", {"reference": ticket.reference})
    return response


def _version(request: HttpRequest, version_id: int):
    versions = versions_for(request.user).select_related("reply__ticket", "reply__latest_version")
    return get_object_or_404(versions, pk=version_id)


@require_GET
@staff_required
def status(request: HttpRequest, version_id: int) -> HttpResponse:
    """A long poll while a version is in flight: with `wait`, answers as soon as the worker decides (or after
    STATUS_WAIT_S, and the page asks again). Once decided, the whole composer is redrawn."""
    version = _version(request, version_id)
    if version.is_in_flight and request.GET.get("wait"):
        version.status = version_status_wait(
            version_id=version.pk, timeout=gate_setting("STATUS_WAIT_S"), interval=gate_setting("STATUS_POLL_S")
        )
    if version.is_in_flight:
        return render(request, "redaction/partials/status.html", {"version": version, "polling": True})
    ticket = version.reply.ticket
    if version.status == VersionStatus.PUBLISHED:
        response = _published(request, ticket, version)
    else:
        response = _composer(request, ticket)
    return retarget(response, "#composer") if request.htmx else response


@require_POST
@staff_required
def redact(request: HttpRequest, version_id: int) -> HttpResponse:
    """Apply one finding's fix to the agent's current text, saved as a draft.

    The findings are those of the current text (see `held_review`), and the form names the span it showed: if
    the text moved under it (typed in another tab), nothing is replaced and the fresh highlights are shown."""
    version = _version(request, version_id)
    if version.reply.author_id != request.user.pk or version.status != VersionStatus.HELD:
        raise Http404
    ticket = version.reply.ticket
    current = request.POST.get("body", version.reply.latest_version.body)
    review = held_review(version, body=current)
    try:
        finding = review.findings[int(request.POST.get("finding", ""))]
    except (ValueError, IndexError):
        return _composer(request, ticket, body=current, errors=[gettext("Choose a highlighted span to replace.")])
    shown = request.POST.get("at")
    if finding["fix"] is None or (shown is not None and shown != f"{finding['start']}:{finding['end']}"):
        changed = gettext("The text changed since it was highlighted: check it again.")
        return _composer(request, ticket, body=current, errors=[changed])
    body = finding["fix"].apply(current)
    try:
        services.draft_save(ticket=ticket, author=request.user, body=body)
    except ValidationError as exc:
        return _composer(request, ticket, body=current, errors=_errors(exc))
    if not request.htmx:
        return redirect(reverse("gate:composer", args=[ticket.reference]))
    notice = gettext("Replaced “%(old)s” with “%(new)s”. Check the text, then send.") % {
        "old": finding["covers"], "new": finding["safe_phrase"],
    }
    return _composer(request, ticket, notice=notice)


@require_GET
@staff_required
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    """A held version as a lead reviews it from the Held view: the highlights and the override form."""
    version = _version(request, version_id)
    return render(request, "redaction/version.html", _version_context(request, version))


def _version_context(request, version, **extra) -> dict:
    return {
        "version": version,
        "ticket": version.reply.ticket,
        "author_name": public_identity(version.reply.author).name,
        "review": held_review(version) if version.status == VersionStatus.HELD else None,
        "can_override": version.status == VersionStatus.HELD and can(request.user, Perm.REPLY_OVERRIDE),
        **extra,
    }


@reauth_required
@require_POST
@staff_required
def override(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version(request, version_id)
    reason = request.POST.get("reason", "")
    own = version.reply.author_id == request.user.pk
    try:
        if own:  # a lead's own reply: another lead approves it on the approvals page
            action = services.reply_override_request(version=version, lead=request.user, reason=reason,
                                                     request=request)
        else:
            services.reply_override(version=version, lead=request.user, reason=reason)
    except (PermissionDenied, ValidationError, services.PublishRefused) as exc:
        errors = _errors(exc) if isinstance(exc, ValidationError) else [str(exc)]
        context = _version_context(request, version, errors=errors, reason=reason)
        code = 403 if isinstance(exc, PermissionDenied) else 400
        return render(request, "redaction/version.html", context, status=code)
    if own:
        messages.success(request, _("Asked: %(summary)s. Another lead must approve it on Approvals.")
            % {"summary": action.summary})
        return redirect(reverse("agents:approvals"))
    messages.success(request, _("The reply was published, and your reason recorded in the ticket history."))
    return redirect(reverse("ticket_detail", args=[version.reply.ticket.reference]))


@require_GET
@staff_required
def reply_file(request: HttpRequest, file_id: int) -> FileResponse:
    """A file on a reply version, for staff who may read its ticket (others: 404); always a download."""
    reply_file = get_object_or_404(ReplyFile.objects.filter(version__in=versions_for(request.user)), pk=file_id)
    return file_download(reply_file.file, filename=reply_file.filename, content_type=reply_file.content_type)


@require_GET
@staff_required
def held(request: HttpRequest) -> HttpResponse:
    page = Paginator(held_replies_for(request.user), 50).get_page(request.GET.get("page"))
    rows = [{"reply": r, "author_name": public_identity(r.author).name} for r in page]
    return render(request, "redaction/held.html", {"page": page, "rows": rows})
