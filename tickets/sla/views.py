"""The SLA pages at /sla/: leads and administrators read the calendars and policies, administrators change
them. Anyone else gets the same 404 as a missing page; a lead posting a change gets 403."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from agents.permissions import Perm, can
from config.forms import form_status, form_submit
from tickets.sla import services
from tickets.sla.businesstime import format_day_hours
from tickets.sla.display import priority_label
from tickets.sla.forms import WEEKDAYS, CalendarForm, PolicyForm
from tickets.sla.models import BusinessCalendar, SlaPolicy


def _reader(request: HttpRequest) -> bool:
    """Whether the viewer may change what they read here (404 for those who may not read it)."""
    if not can(request.user, Perm.SLA_READ):
        raise Http404
    return can(request.user, Perm.SLA_MANAGE)


def _editor(request: HttpRequest) -> None:
    if not _reader(request):
        raise PermissionDenied("Only administrators change SLA calendars and policies.")


@login_required
@require_http_methods(["GET"])
def sla_index(request: HttpRequest) -> HttpResponse:
    can_edit = _reader(request)
    calendars = list(BusinessCalendar.objects.prefetch_related("holidays"))
    for calendar in calendars:
        calendar.week = [(day.capitalize(), format_day_hours(calendar.hours[i]) or "closed")
                         for i, day in enumerate(WEEKDAYS)]
    policies = list(SlaPolicy.objects.select_related("queue", "calendar"))
    for policy in policies:
        policy.priority_name = priority_label(policy)
    return render(request, "tickets/sla/index.html",
                  {"calendars": calendars, "policies": policies, "can_edit": can_edit})


def _calendar_page(request: HttpRequest, calendar: BusinessCalendar | None) -> HttpResponse:
    _editor(request)
    form = CalendarForm(request.POST or None, calendar=calendar)

    def save(data: dict) -> HttpResponse:
        saved = services.calendar_save(
            actor=request.user, calendar=calendar, name=data["name"], time_zone=data["time_zone"],
            hours=data["hours"], holidays=data["holidays"], request=request,
        )
        messages.success(request, _("Calendar “%(name)s” saved. Deadlines already running keep theirs.")
            % {"name": saved.name})
        return redirect("sla:index")

    return form_submit(request, form, save) or render(
        request, "tickets/sla/calendar_form.html", {"form": form, "calendar": calendar, "weekdays": WEEKDAYS},
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_new(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    return _calendar_page(request, get_object_or_404(BusinessCalendar, pk=pk))


def _policy_page(request: HttpRequest, policy: SlaPolicy | None) -> HttpResponse:
    _editor(request)
    form = PolicyForm(request.POST or None, policy=policy)

    def save(data: dict) -> HttpResponse:
        services.policy_save(
            actor=request.user, policy=policy, queue=data["queue"], priority=data["priority"],
            channel=data["channel"] or "", calendar=data["calendar"],
            first_response_minutes=data["first_response_minutes"],
            next_response_minutes=data["next_response_minutes"],
            resolution_minutes=data["resolution_minutes"], request=request,
        )
        messages.success(request, _("Policy saved. It applies to clocks that start from now on."))
        return redirect("sla:index")

    return form_submit(request, form, save) or render(
        request, "tickets/sla/policy_form.html", {"form": form, "policy": policy}, status=form_status(form)
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_new(request: HttpRequest) -> HttpResponse:
    return _policy_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    return _policy_page(request, get_object_or_404(SlaPolicy, pk=pk))


@login_required
@require_POST
def policy_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _editor(request)
    policy = get_object_or_404(SlaPolicy, pk=pk)
    try:
        services.policy_delete(actor=request.user, policy=policy, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Policy deleted; its tickets fall back to the next most specific policy."))
    return redirect("sla:index")
