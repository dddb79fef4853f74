"""The queues' weekly duty schedules (`escalation.schedule`), kept by each queue's own leads and the admins;
any other queue is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agents.identity import public_name
from config.forms import errors_onto
from escalation.duty_models import DutyShift
from escalation.forms import DutyShiftForm
from escalation.schedule import duty_shift_remove, duty_shifts_add, queues_scheduled_by
from tickets.access import leads_of_queue


@login_required
@require_GET
def schedules(request: HttpRequest) -> HttpResponse:
    """The queues whose schedule the viewer keeps."""
    queues = list(queues_scheduled_by(request.user).filter(archived_at__isnull=True).order_by("name"))
    if not queues:
        raise Http404
    return render(request, "escalation/schedules.html", {"queues": queues})


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """One queue's shifts, and the form to add some (one per weekday ticked)."""
    queue = get_object_or_404(queues_scheduled_by(request.user), slug=slug)
    leads = leads_of_queue(queue).order_by("staff__persona__alias", "pk")
    form = DutyShiftForm(request.POST or None, leads=leads)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                rows = duty_shifts_add(actor=request.user, queue=queue, **form.cleaned_data)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                text = ngettext("%(count)d shift added.", "%(count)d shifts added.", len(rows))
                messages.success(request, text % {"count": len(rows)})
                return redirect("leads:schedule", slug=queue.slug)
        status = 400
    shifts = DutyShift.objects.filter(queue=queue).annotate(alias=F("lead__staff__persona__alias"))
    # A lead who left the queue or was offboarded keeps their rows, shown as not counting, until removed. The
    # form read the active leads already.
    rows = [(shift, public_name(shift.alias), shift.lead_id in form.lead_names) for shift in shifts]
    context = {"queue": queue, "form": form, "rows": rows,
               "zone": timezone.get_default_timezone_name()}
    return render(request, "escalation/schedule.html", context, status=status)


@login_required
@require_POST
def shift_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    queue = get_object_or_404(queues_scheduled_by(request.user), slug=slug)
    shift = DutyShift.objects.select_related("queue").filter(pk=pk, queue=queue).first()
    if shift is None:  # removed already (a second click, another keeper): the schedule says what is left
        messages.info(request, _("That shift is no longer on the schedule."))
        return redirect("leads:schedule", slug=queue.slug)
    try:
        duty_shift_remove(actor=request.user, shift=shift)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Shift removed."))
    return redirect("leads:schedule", slug=queue.slug)
