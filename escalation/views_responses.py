"""Response templates: the leads' pages to write, edit and retire them, and the composer's "use a template"."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from agents.permissions import Perm, can
from config.forms import errors_onto
from escalation.models import Category
from escalation.response_models import ResponseTemplate, TemplateKind
from escalation.responses import (
    PLACEHOLDERS,
    response_template_activate,
    response_template_add,
    response_template_edit,
    response_template_render,
    response_templates_for,
)
from redaction.gate import draft_save
from redaction.views import composer_context
from tickets.access import tickets_for
from tickets.views_staff import staff_required


class TemplateForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices, label=_("Category"))
    kind = forms.ChoiceField(choices=TemplateKind.choices, initial=TemplateKind.FIRST_RESPONSE, label=_("For"),
                             required=False)
    title = forms.CharField(max_length=120, label=_("Title"))
    public = forms.BooleanField(required=False, label=_("For public channels (social, forum)"))
    # Lazy all the way: "Placeholders: " is read in the viewer's language, not once when the module loads.
    body = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 6}), label=_("Reply"),
                           help_text=format_lazy("{}{}", _("Placeholders: "),
                                                 ", ".join("{" + p + "}" for p in PLACEHOLDERS)))


    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or TemplateKind.FIRST_RESPONSE


def _lead_or_404(request: HttpRequest) -> None:
    if not can(request.user, Perm.SAFETY_ACT):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def templates(request: HttpRequest) -> HttpResponse:
    _lead_or_404(request)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response_template_add(lead=request.user, request=request, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Template added. Agents can use it from the reply composer."))
            return redirect("leads:response_templates")
    context = {"form": form, "templates": ResponseTemplate.objects.all()}
    return render(request, "escalation/response_templates.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a template; its earlier texts are listed below the form (revisions, newest first)."""
    _lead_or_404(request)
    template = get_object_or_404(ResponseTemplate, pk=pk)
    initial = {name: getattr(template, name) for name in ("category", "kind", "title", "public", "body")}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            response_template_edit(lead=request.user, template=template, request=request, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Template saved. The text before is kept in its history."))
            return redirect("leads:response_templates")
    revisions = template.revisions.select_related("saved_by__staff__persona")
    context = {"form": form, "template": template, "revisions": revisions}
    return render(request, "escalation/response_template_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def template_toggle(request: HttpRequest) -> HttpResponse:
    _lead_or_404(request)
    pk = request.POST.get("template", "")
    template = ResponseTemplate.objects.filter(pk=pk).first() if pk.isdigit() else None
    if template is None:
        messages.error(request, _("No such template."))
    else:
        active = request.POST.get("active") == "1"
        response_template_activate(lead=request.user, template=template, active=active, request=request)
        messages.success(request, _("Template back in use.") if active else _("Template retired: agents no longer see "
                                                                          "it; it is kept with its history."))
    return redirect("leads:response_templates")


@require_POST
@staff_required
def template_use(request: HttpRequest, reference: str) -> HttpResponse:
    """Put a template into the agent's draft, after what they have typed: nothing they wrote is lost."""
    ticket = get_object_or_404(tickets_for(request.user).select_related("customer"), reference=reference)
    body = request.POST.get("body", "")
    template = response_templates_for(ticket).filter(pk=request.POST.get("template") or 0).first()
    errors: list[str] = []
    if template is None:
        errors = ["Choose one of the templates listed."]
    else:
        text = response_template_render(template=template, ticket=ticket, author=request.user)
        body = f"{body.rstrip()}\n\n{text}" if body.strip() else text
        try:
            draft_save(ticket=ticket, author=request.user, body=body)
        except (ValidationError, PermissionDenied) as exc:
            errors = list(getattr(exc, "messages", [])) or ["The draft could not be changed now."]
    if not request.htmx:
        for error in errors:
            messages.error(request, error)
        return redirect(reverse("gate:composer", args=[ticket.reference]))
    context = composer_context(request, ticket, body=body, errors=errors)
    return render(request, "redaction/partials/composer.html", context)
