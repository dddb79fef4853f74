"""The leads' urgency rules page: every rule in force, add a phrase, turn any rule off or on. No deploy: the
workers pick a change up at their next message (escalation.urgency_rules)."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from agents.permissions import Perm, can
from config.forms import errors_onto
from escalation.detection import CATEGORIES, STRENGTHS
from escalation.models import Category
from escalation.urgency_models import RuleKind
from escalation.urgency_rules import (
    urgency_rule_add,
    urgency_rule_enable,
    urgency_rule_errors,
    urgency_rules_listed,
)

# The names leads read everywhere else (triage, escalations), in their language; the codes stay in the rules.
CATEGORY_CHOICES = [(c, Category(c).label) for c in CATEGORIES]
STRENGTH_LABELS = {"strong": _("Strong"), "medium": _("Medium"), "weak": _("Weak")}
STRENGTH_CHOICES = [(s, STRENGTH_LABELS[s]) for s in STRENGTHS]


class RuleForm(forms.Form):
    category = forms.ChoiceField(choices=CATEGORY_CHOICES, label=_("Category"))
    kind = forms.ChoiceField(choices=RuleKind.choices, initial=RuleKind.TRIGGER, label=_("Kind"))
    strength = forms.ChoiceField(choices=STRENGTH_CHOICES, initial="medium", label=_("Strength"),
                                 help_text=_("Strong or medium: one match is enough. Weak: two signals are needed."))
    pattern = forms.CharField(max_length=1000, label=_("Phrase"), widget=forms.TextInput(attrs={"size": 60}),
                              help_text=_("Words; word* for any ending; (a|b) alternatives, (a|) optional; "
                                        ".. up to 3 words between, ... up to 8; # a number."))
    note = forms.CharField(max_length=500, required=False, label=_("Why (optional)"))


class FilterForm(forms.Form):
    category = forms.ChoiceField(choices=[("", _("All categories")), *CATEGORY_CHOICES], required=False,
                                 label=_("Category"))
    q = forms.CharField(max_length=100, required=False, label=_("Phrase contains"))


def _lead_or_404(request: HttpRequest) -> None:
    if not can(request.user, Perm.SAFETY_ACT):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HttpRequest) -> HttpResponse:
    _lead_or_404(request)
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            urgency_rule_add(lead=request.user, request=request, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, _("Rule added. It applies to the next customer message."))
            return redirect("leads:urgency_rules")
    filters = FilterForm(request.GET or None)
    listed = urgency_rules_listed()
    if filters.is_valid():
        category, q = filters.cleaned_data["category"], filters.cleaned_data["q"].lower()
        listed = [r for r in listed if (not category or r.category == category) and q in r.pattern]
    categories, kinds = dict(CATEGORY_CHOICES), dict(RuleKind.choices)
    rows = [(rule, categories.get(rule.category, rule.category), kinds.get(rule.kind, rule.kind),
             STRENGTH_LABELS.get(rule.strength, rule.strength)) for rule in listed]
    context = {"form": form, "filters": filters, "rows": rows, "broken": urgency_rule_errors()}
    return render(request, "escalation/urgency_rules.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def rule_toggle(request: HttpRequest) -> HttpResponse:
    _lead_or_404(request)
    data = request.POST
    try:
        urgency_rule_enable(
            lead=request.user, request=request, category=data.get("category", ""), kind=data.get("kind", ""),
            pattern=data.get("pattern", ""), enabled=data.get("enabled") == "1",
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Rule turned on.") if data.get("enabled") == "1" else _("Rule turned off."))
    url = reverse("leads:urgency_rules")
    category = data.get("category", "")
    return redirect(f"{url}?category={category}" if category in CATEGORIES else url)
