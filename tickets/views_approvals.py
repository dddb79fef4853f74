"""Asking for what needs a second person, from where the action lives, and undoing a deletion in time.

Deciding happens on the approvals page (`agents.views_approvals`); these views only ask, and restore.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agents.grants import role_grant_request
from agents.identity import public_identity
from agents.mfa_gate import reauth_required
from agents.models import Role, StaffProfile
from agents.permissions import ELEVATABLE, Perm, can
from tickets.access import queues_for
from tickets.approvals import (
    ELEVATION_MAX_HOURS,
    customer_delete_request,
    customer_restore,
    deleted_customers_for,
    elevation_request,
    queue_grant_request,
    ticket_delete_request,
)
from tickets.models import Queue
from tickets.views_staff import _ticket_or_404, staff_required


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=1000, min_length=10, widget=forms.Textarea(attrs={"rows": 2}))


class ElevationForm(forms.Form):
    permission = forms.ChoiceField(required=False, choices=[("", "—")] + [(p.value, p.value) for p in ELEVATABLE])
    queue = forms.ModelChoiceField(required=False, queryset=Queue.objects.all(), empty_label=_("—"))
    hours = forms.IntegerField(min_value=1, max_value=ELEVATION_MAX_HOURS, initial=4)
    reason = forms.CharField(max_length=1000, min_length=10, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Queues one does not belong to: those are the ones worth asking for.
        self.fields["queue"].queryset = Queue.objects.exclude(pk__in=queues_for(user)).order_by("name")


class GrantForm(forms.Form):
    """A role (admins) or a queue (leads of it, admins) for one staff member, chosen by persona."""

    person = forms.ChoiceField()
    role = forms.ChoiceField(required=False, choices=[("", "—"), *Role.choices])
    access_expires_at = forms.DateTimeField(required=False, label=_("Access ends (contractors)"))
    queue = forms.ModelChoiceField(required=False, queryset=Queue.objects.none(), empty_label=_("—"))
    reason = forms.CharField(max_length=1000, min_length=10, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = StaffProfile.objects.select_related("user", "persona").order_by("persona__alias")
        self.profiles = {str(p.pk): p for p in staff}
        self.fields["person"].choices = [(pk, public_identity(p.user).name) for pk, p in self.profiles.items()]
        self.fields["queue"].queryset = queues_for(user).order_by("name")
        if not can(user, Perm.ADMIN_SITE):
            del self.fields["role"], self.fields["access_expires_at"]

    def clean(self):
        data = super().clean()
        if bool(data.get("role")) == bool(data.get("queue")):
            raise forms.ValidationError(_("Choose a role or a queue."))
        return data


@reauth_required
@require_http_methods(["GET", "POST"])
@staff_required
def grants(request: HttpRequest) -> HttpResponse:
    """Ask for a role or a queue for someone; another admin (role) or lead (queue) approves it."""
    if not can(request.user, Perm.APPROVAL_DECIDE):
        raise Http404
    asked = request.GET.get("queue", "")  # from a queue's page: that queue chosen already
    form = GrantForm(request.POST or None, user=request.user, initial={"queue": asked} if asked.isdigit() else None)
    if request.method == "POST" and form.is_valid():
        data, profile = form.cleaned_data, form.profiles[form.cleaned_data["person"]]
        try:
            if data.get("role"):
                action = role_grant_request(staff=profile, role=data["role"], requested_by=request.user,
                                            reason=data["reason"], access_expires_at=data.get("access_expires_at"),
                                            request=request)
            else:
                action = queue_grant_request(queue=data["queue"], user=profile.user, requested_by=request.user,
                                             reason=data["reason"], request=request)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Asked: %(summary)s. A second person must approve it.")
                % {"summary": action.summary})
            return redirect("agents:approvals")
    return render(request, "tickets/grants.html", {"form": form}, status=400 if form.errors else 200)


def _ask(request: HttpRequest, reference: str, make) -> HttpResponse:
    ticket = _ticket_or_404(request, reference)
    if not can(request.user, Perm.APPROVAL_REQUEST):
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why, in at least 10 characters: the request was not sent."))
        return redirect("ticket_detail", reference=ticket.reference)
    try:
        action = make(ticket, form.cleaned_data["reason"])
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("ticket_detail", reference=ticket.reference)
    messages.success(request, _("Asked: %(summary)s. A lead must approve it; follow it on Approvals.")
        % {"summary": action.summary})
    return redirect("agents:approvals")


@reauth_required
@require_POST
@staff_required
def customer_delete(request: HttpRequest, reference: str) -> HttpResponse:
    return _ask(request, reference, lambda ticket, reason: customer_delete_request(
        customer=ticket.customer, requested_by=request.user, reason=reason, request=request))


@reauth_required
@require_POST
@staff_required
def ticket_delete(request: HttpRequest, reference: str) -> HttpResponse:
    return _ask(request, reference, lambda ticket, reason: ticket_delete_request(
        ticket=ticket, requested_by=request.user, reason=reason, request=request))


@reauth_required
@require_http_methods(["GET", "POST"])
@staff_required
def elevation(request: HttpRequest) -> HttpResponse:
    """Ask for a queue or a permission for a few hours, with a reason; a lead approves; it ends by itself."""
    if not can(request.user, Perm.APPROVAL_REQUEST):
        raise Http404
    form = ElevationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = elevation_request(
                user=request.user, reason=data["reason"], hours=data["hours"], permission=data["permission"],
                queue=data["queue"], request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Asked: %(summary)s. It ends by itself.") % {"summary": action.summary})
            return redirect("agents:approvals")
    status = 400 if form.errors else 200
    return render(request, "tickets/elevation.html", {"form": form}, status=status)


@require_GET
@staff_required
def deleted(request: HttpRequest) -> HttpResponse:
    """Customers deleted in the last 30 days that this lead may restore."""
    if not can(request.user, Perm.APPROVAL_DECIDE):
        raise Http404
    customers = deleted_customers_for(request.user).order_by("-deleted_at")[:100]
    return render(request, "tickets/deleted.html", {"customers": customers})


@reauth_required
@require_POST
@staff_required
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    customer = get_object_or_404(deleted_customers_for(request.user), pk=pk)
    try:
        customer_restore(customer=customer, actor=request.user, request=request)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(customer)s is restored, with the tickets deleted with them.")
            % {"customer": customer})
    return redirect("deleted_customers")
