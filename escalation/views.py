"""Safety pages: filing a report from the ticket page; the leads' dashboard, report and suspended views."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from agents.permissions import Perm, can
from escalation import safety as services
from escalation import selectors
from escalation.forms import LeadActionForm, ReportForm
from escalation.models import ActionKind, ReportStatus
from tickets.access import customers_for, tickets_for
from tickets.models import Message, MessageKind

ACTIONS = {
    ActionKind.RESTRICT: services.safety_restrict,
    ActionKind.SUSPEND: services.safety_suspend,
    ActionKind.LIFT: services.safety_lift,
    ActionKind.CLOSE: services.safety_close,
}


def _lead_or_404(request: HttpRequest) -> None:
    if not can(request.user, Perm.SAFETY_ACT):
        raise Http404


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def report_file(request: HttpRequest) -> HttpResponse:
    """Any staff member who can see the customer may report them; customers and strangers get a 404."""
    if not can(request.user, Perm.SAFETY_REPORT):
        raise Http404
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _report_form_again(request, form)
    data = form.cleaned_data
    customer = get_object_or_404(customers_for(request.user), pk=data["customer"])
    ticket = get_object_or_404(tickets_for(request.user), pk=data["ticket"]) if data["ticket"] else None
    message = None
    if data["message"]:
        visible = Message.objects.filter(ticket__in=tickets_for(request.user), kind=MessageKind.CUSTOMER)
        message = get_object_or_404(visible.select_related("ticket"), pk=data["message"])
        ticket = ticket or message.ticket
    try:
        report = services.safety_report_file(
            reporter=request.user, customer=customer, message=message, ticket=ticket,
            category=data["category"], note=data["note"], hand_back=data["hand_back"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return _report_form_again(request, form)
    text = "Reported to the team leads. The customer will never learn who reported them."
    if report.handed_back:
        text += " The ticket is back in the queue and you will not be assigned this customer again."
    if request.htmx:
        response = render(request, "escalation/partials/report_filed.html", {"text": text})
        if report.handed_back:
            response["HX-Refresh"] = "true"
        return response
    messages.success(request, text)
    fallback = reverse("ticket_detail", args=[ticket.reference]) if ticket else reverse("inbox")
    return redirect(_back(request, fallback))


def _report_form_again(request: HttpRequest, form: ReportForm) -> HttpResponse:
    """A refused report keeps what was typed: htmx gets the form back, a plain post a page with it."""
    template = "escalation/partials/report_form.html" if request.htmx else "escalation/report_new.html"
    context = {"form": form, "next": request.POST.get("next", ""), "uid": "again"}
    return render(request, template, context, status=400)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _lead_or_404(request)
    status = request.GET.get("status", ReportStatus.OPEN)
    if status not in (*ReportStatus.values, "all"):
        status = ReportStatus.OPEN
    reports = selectors.reports_for_dashboard(request.user, status="" if status == "all" else status)[:100]
    counts = selectors.report_counts(request.user)
    tabs = [(value, label, counts[value]) for value, label in ReportStatus.choices]
    context = {"reports": reports, "status": status, "tabs": [*tabs, ("all", "All", None)]}
    return render(request, "escalation/dashboard.html", context)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One report: the evidence, what was done, and the lead's next action."""
    _lead_or_404(request)
    report = get_object_or_404(selectors.reports_for_dashboard(request.user), pk=pk)
    form = LeadActionForm(request.POST or None, report=report)
    if request.method == "POST":
        if form.is_valid():
            try:
                _act(request, report, form.cleaned_data)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, "Done, and recorded on the report.")
                return redirect("leads:report", pk=report.pk)
    elif request.method != "GET":
        return HttpResponse(status=405)
    status = 400 if form.errors else 200
    return render(request, "escalation/report.html", {"report": report, "form": form}, status=status)


def _act(request: HttpRequest, report, data: dict) -> None:
    kind, lead, note = data["kind"], request.user, data["note"]
    if kind == ActionKind.REASSIGN:
        services.safety_reassign(report=report, lead=lead, assignee=data["assignee"], note=note)
    elif kind == ActionKind.WARN:
        services.safety_warn(report=report, lead=lead, template=data["template"], note=note)
    else:
        ACTIONS[kind](report=report, lead=lead, note=note)


@login_required
@require_GET
def suspended(request: HttpRequest) -> HttpResponse:
    """Messages from suspended customers: kept, shown only here, and nobody was notified of them."""
    _lead_or_404(request)
    items = selectors.suspended_messages(request.user)[:200]
    return render(request, "escalation/suspended.html", {"items": items})
