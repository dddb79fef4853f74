"""The approvals page: requests waiting for a second person (leads and admins decide), and one's own requests.

Requests are made where the action lives (the ticket page, the elevation page); this page only decides.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from agents.approvals import (
    approval_approve,
    approval_cancel,
    approval_for_decider,
    approval_reject,
    approvals_visible_to,
)
from agents.mfa_gate import reauth_required
from agents.models import PendingAction
from agents.permissions import Perm, can


def _askers_or_404(request: HttpRequest) -> None:
    if not (can(request.user, Perm.APPROVAL_REQUEST) or can(request.user, Perm.APPROVAL_DECIDE)):
        raise Http404


@login_required
@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    _askers_or_404(request)
    mine = PendingAction.objects.filter(requested_by=request.user).select_related("decided_by__staff__persona")
    context = {"waiting": approvals_visible_to(request.user), "mine": mine[:30],
               "can_decide": can(request.user, Perm.APPROVAL_DECIDE)}
    response = render(request, "agents/approvals.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauth_required
@require_POST
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve (and so execute) or reject one request this person may decide; anything else is a 404."""
    # Any status: a request another lead decided since this page was drawn is answered in words, not a 404.
    action = approval_for_decider(request.user, pk)
    if action is None:
        raise Http404
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        return HttpResponse("Choose approve or reject.", status=400, content_type="text/plain; charset=utf-8")
    try:
        if decision == "approve":
            approval_approve(action=action, approver=request.user, request=request)
            messages.success(request, _("Approved and done: %(summary)s.") % {"summary": action.summary})
        else:
            approval_reject(action=action, approver=request.user, note=request.POST.get("note", ""), request=request)
            messages.success(request, _("Rejected: %(summary)s.") % {"summary": action.summary})
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("agents:approvals")


@login_required
@require_POST
def approval_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(PendingAction, pk=pk, requested_by=request.user)
    try:
        approval_cancel(action=action, actor=request.user, request=request)
        messages.success(request, _("Your request is withdrawn."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("agents:approvals")
