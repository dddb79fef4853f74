"""The retro-audit page for team leads: start a run, watch its progress (htmx poll), read what it found.

Leads and admins only; anyone else gets the same 404 as a missing page. A lead's run covers the queues they
work, and the results are filtered through `tickets_for` again when shown.
"""
from datetime import datetime, time

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from agents.permissions import Perm, can
from redaction import audit
from redaction.models import AuditRun
from tickets.access import tickets_for
from tickets.views_staff import staff_required


class AuditForm(forms.Form):
    since = forms.DateField(
        required=False, label=_("Published on or after"), widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty to audit every published reply."),
    )


def _lead_only(request: HttpRequest) -> None:
    if not can(request.user, Perm.GATE_AUDIT):
        raise Http404


def _run_of(request: HttpRequest) -> AuditRun | None:
    runs = AuditRun.objects.filter(started_by=request.user)
    run_id = request.GET.get("run")
    if run_id is None:
        return runs.first()
    try:
        return runs.get(pk=int(run_id))
    except (ValueError, AuditRun.DoesNotExist):
        raise Http404 from None


def _run_context(request: HttpRequest, run: AuditRun | None) -> dict:
    if run is None:
        return {"run": None}
    hits = run.hits.filter(ticket__in=tickets_for(request.user)).select_related("ticket").order_by("message_id")
    page = Paginator(hits, 50).get_page(request.GET.get("page"))
    return {"run": run, "page": page, "kinds": audit.kind_counts(hits) if not run.is_active else {}}


@require_GET
@staff_required
def audit_page(request: HttpRequest) -> HttpResponse:
    """The page, or (for the htmx poll) just the run's progress and results."""
    _lead_only(request)
    context = _run_context(request, _run_of(request))
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "redaction/audit/partials/run.html", context)
    return render(request, "redaction/audit/page.html", {"form": AuditForm(), **context})


@require_POST
@staff_required
def audit_run(request: HttpRequest) -> HttpResponse:
    _lead_only(request)
    form = AuditForm(request.POST)
    if not form.is_valid():
        context = {"form": form, **_run_context(request, _run_of(request))}
        return render(request, "redaction/audit/page.html", context, status=400)
    since = form.cleaned_data["since"]
    start = timezone.make_aware(datetime.combine(since, time.min)) if since else None
    run = audit.audit_run_start(started_by=request.user, since=start)
    return redirect(f"{reverse('gate:audit')}?run={run.pk}")
