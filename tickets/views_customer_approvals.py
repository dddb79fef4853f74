"""Asking, from the ticket page's customer panel, to merge the customer, change their emails, phones or login, or
export their data; the exports page (a queue's customers, and one's own exports to download).

Each only asks: a second person decides on the Approvals page. A refused form is shown again with what was
typed and why (status 400), never dropped.
"""
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agents.mfa_gate import reauth_required
from agents.models import PendingAction
from agents.permissions import Perm, can
from tickets.access import customers_for, queues_for, tickets_for
from tickets.exports import export_download, export_request, exports_for
from tickets.merges import CONTACT_FIELDS, customer_contact_change_request, customer_merge_request
from tickets.models import Customer, CustomerExport, Queue, Ticket
from tickets.views_staff import _ticket_or_404, staff_required


def _reason() -> forms.CharField:
    return forms.CharField(max_length=1000, min_length=10, widget=forms.Textarea(attrs={"rows": 2}))


class MergeForm(forms.Form):
    other = forms.CharField(max_length=30, label=_("The other customer: a ticket reference (T-…) or customer number"))
    keep = forms.ChoiceField(choices=[("this", "Keep this customer; the other becomes a pointer to them"),
                                      ("other", "Keep the other customer; this one becomes a pointer to them")],
                             widget=forms.RadioSelect, initial="this")
    reason = _reason()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_other(self) -> Customer:
        value = self.cleaned_data["other"].strip().lstrip("#")
        found = None
        if value.upper().startswith("T-"):
            ticket = tickets_for(self.user).filter(reference=value.upper()).select_related("customer").first()
            found = ticket.customer if ticket else None
        elif value.isdigit():
            found = customers_for(self.user).filter(pk=int(value)).first()
        if found is None:
            raise forms.ValidationError(_("No customer in your queues has that ticket reference or number."))
        return found


class ContactChangeForm(forms.Form):
    field = forms.ChoiceField(choices=list(CONTACT_FIELDS.items()), label=_("What to change"))
    values = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             label=_("The new values, one per line (all of them: they replace the old ones)"))
    reason = _reason()


class ExportForm(forms.Form):
    reason = _reason()


class QueueExportForm(forms.Form):
    queue = forms.ModelChoiceField(queryset=Queue.objects.none(), empty_label=None)
    format = forms.ChoiceField(choices=CustomerExport.Format.choices)
    reason = _reason()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = queues_for(user).order_by("name")


def _ask(
    request: HttpRequest, *, form: forms.Form, title: str, make: Callable[[dict], PendingAction],
    ticket: Ticket | None = None, template: str = "tickets/ask.html", context: dict | None = None,
) -> HttpResponse:
    """Validate, ask through the service, and on any refusal show the form again with what was typed."""
    if form.is_valid():
        try:
            action = make(form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Asked: %(summary)s. A second person must approve it; follow it on "
                                      "Approvals.") % {"summary": action.summary})
            return redirect("agents:approvals")
    return render(request, template, {"form": form, "title": title, "ticket": ticket, **(context or {})},
                  status=400 if form.errors else 200)


def _asker(request: HttpRequest, reference: str) -> Ticket:
    ticket = _ticket_or_404(request, reference)
    if not can(request.user, Perm.APPROVAL_REQUEST):
        raise Http404
    return ticket


@reauth_required
@require_POST
@staff_required
def customer_merge(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _asker(request, reference)

    def make(data: dict) -> PendingAction:
        this, other = ticket.customer, data["other"]
        duplicate, survivor = (other, this) if data["keep"] == "this" else (this, other)
        return customer_merge_request(duplicate=duplicate, survivor=survivor, requested_by=request.user,
                                      reason=data["reason"], request=request)

    return _ask(request, form=MergeForm(request.POST, user=request.user), title="Merge two customers",
                make=make, ticket=ticket)


@reauth_required
@require_POST
@staff_required
def customer_contact_change(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _asker(request, reference)
    return _ask(
        request, form=ContactChangeForm(request.POST), title="Change the customer's emails, phones or login",
        ticket=ticket, make=lambda data: customer_contact_change_request(
            customer=ticket.customer, field=data["field"], values=data["values"].splitlines(),
            requested_by=request.user, reason=data["reason"], request=request),
    )


@reauth_required
@require_POST
@staff_required
def customer_export(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = _asker(request, reference)
    if not can(request.user, Perm.CUSTOMER_PRIVATE):
        raise Http404
    return _ask(
        request, form=ExportForm(request.POST), title="Export the customer's data", ticket=ticket,
        make=lambda data: export_request(customer=ticket.customer, requested_by=request.user,
                                         reason=data["reason"], request=request),
    )


@reauth_required
@require_http_methods(["GET", "POST"])
@staff_required
def exports(request: HttpRequest) -> HttpResponse:
    """Ask for an export of a queue's customers; list one's own exports, with the download while it lasts."""
    if not (can(request.user, Perm.APPROVAL_REQUEST) and can(request.user, Perm.CUSTOMER_PRIVATE)):
        raise Http404
    form = QueueExportForm(request.POST if request.method == "POST" else None, user=request.user)
    context = {"exports": exports_for(request.user)[:50]}
    if request.method == "GET":
        return render(request, "tickets/exports.html", {"form": form, **context})
    return _ask(
        request, form=form, title="Export customer data", template="tickets/exports.html", context=context,
        make=lambda data: export_request(queue=data["queue"], format=data["format"], requested_by=request.user,
                                         reason=data["reason"], request=request),
    )


@reauth_required(methods=('GET',))
@require_GET
@staff_required
def export_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file, once, to the person who asked; anyone else gets a 404."""
    export = get_object_or_404(exports_for(request.user), pk=pk)
    try:
        content, name = export_download(export=export, user=request.user, request=request)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("exports")
    content_type = "text/csv" if name.endswith(".csv") else "application/json"
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
