"""Going on and off duty from the triage page (`escalation.duty`): level 1 alerts go to the leads on duty."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agents.permissions import Perm, can
from escalation.duty import DUTY_HOURS, duty_end, duty_roster, duty_start
from escalation.forms import DutyForm
from tickets.models import Queue


@login_required
@require_POST
def duty(request: HttpRequest) -> HttpResponse:
    """Go on duty for one of your queues for some hours, or off duty. A queue you do not lead is a 404."""
    if not can(request.user, Perm.SAFETY_ACT):
        raise Http404
    form = DutyForm(request.POST)
    if not form.is_valid():
        return _refused(request, form)
    queue = Queue.objects.filter(pk=form.cleaned_data["queue"], members=request.user).first()
    if queue is None:
        raise Http404
    try:
        if form.cleaned_data["action"] == "on":
            shift = duty_start(lead=request.user, queue=queue, hours=form.cleaned_data["hours"] or DUTY_HOURS)
            until = timezone.localtime(shift.until)
            values = {"queue": queue.name, "time": date_format(until, "H:i"), "day": date_format(until, "D")}
            messages.success(request, _("You are on duty for %(queue)s until %(time)s on %(day)s.") % values)
        elif duty_end(lead=request.user, queue=queue):
            messages.success(request, _("You are off duty for %(queue)s.") % {"queue": queue.name})
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        form.add_error("hours", exc.messages[0])
        return _refused(request, form)
    return redirect("leads:dashboard")


def roster_context(request: HttpRequest) -> dict:
    return {"roster": duty_roster(request.user), "duty_hours": DUTY_HOURS}


def _refused(request: HttpRequest, form: DutyForm) -> HttpResponse:
    """The triage page again, with the form's errors and what was typed (400)."""
    from escalation.views import triage_page_context  # the triage page's own context; views imports this module

    context = {**triage_page_context(request), "duty_form": form}
    return render(request, "escalation/triage.html", context, status=400)
