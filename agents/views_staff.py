"""The team page for admins: who is staff, add someone, end someone's access. Roles and queues are asked for on
the grants page (a second person approves them). Staff are shown by username and persona, never real name."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from agents.mfa_gate import reauth_required
from agents.models import Role, StaffProfile
from agents.permissions import Perm, can
from agents.staff import STARTING_ROLES, staff_create, staff_deactivate
from config.forms import errors_onto


class StaffCreateForm(forms.Form):
    username = forms.CharField(max_length=150)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), label=_("First password"),
                               help_text=_("Hand it to them in person; they sign in with it."))
    role = forms.ChoiceField(choices=[(r.value, r.label) for r in STARTING_ROLES])
    access_expires_at = forms.DateTimeField(
        required=False,
        label=_("Access ends (contractors)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class StaffDeactivateForm(forms.Form):
    staff = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(max_length=300, label=_("Why their access ends"))


@login_required
@reauth_required
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Perm.ADMIN_SITE):
        raise Http404
    create = StaffCreateForm(request.POST if request.POST.get("action") == "create" else None)
    deactivate = StaffDeactivateForm(request.POST if request.POST.get("action") == "deactivate" else None)
    if request.method == "POST":
        try:
            if create.is_bound and create.is_valid():
                data = create.cleaned_data
                made = staff_create(actor=request.user, username=data["username"], password=data["password"],
                                    role=data["role"], access_expires_at=data["access_expires_at"], request=request)
                messages.success(request, _("%(username)s can sign in now, as %(role)s.")
                    % {"username": made.user.username, "role": made.get_role_display()})
                return redirect("agents:staff")
            if deactivate.is_bound and deactivate.is_valid():
                member = StaffProfile.objects.select_related("user").filter(pk=deactivate.cleaned_data["staff"]).first()
                if member is None:
                    raise Http404
                staff_deactivate(actor=request.user, staff=member, reason=deactivate.cleaned_data["reason"],
                                 request=request)
                messages.success(request, _("%(username)s's access has ended.") % {"username": member.user.username})
                return redirect("agents:staff")
            if not (create.is_bound or deactivate.is_bound):
                create = StaffCreateForm(request.POST)
                create.add_error(None, "Choose what to do: add someone or end someone's access.")
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            errors_onto(create if create.is_bound else deactivate, error)
    members = StaffProfile.objects.select_related("user", "persona").prefetch_related("user__queues")
    members = members.order_by("user__username")
    context = {"members": members, "create": create, "deactivate": deactivate, "roles": Role}
    return render(request, "agents/staff.html", context, status=400 if request.method == "POST" else 200)
