"""The rating page a survey email links to: no sign-in, the signed link is the key (`tickets.satisfaction`).

A GET only shows the form with the clicked answer chosen: mail scanners and link previews open links, and must
not rate for the customer. The one button posts it.
"""
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from agents.identity import TEAM_NAME_FALLBACK
from config.forms import errors_onto
from tickets.satisfaction.models import Rating
from tickets.satisfaction.services import (
    COMMENT_MAX_CHARS,
    AlreadyRated,
    SurveyLinkExpired,
    SurveyLinkInvalid,
    survey_for_token,
    survey_rate,
)

TEMPLATE = "satisfaction/rate.html"


class RatingForm(forms.Form):
    rating = forms.ChoiceField(choices=Rating.choices, widget=forms.RadioSelect, label=_("How did we do?"),
                               error_messages={"required": _("Choose good or bad.")})
    comment = forms.CharField(required=False, max_length=COMMENT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 4}),
                              label=_("Anything you would like to add? (optional)"))


@require_http_methods(["GET", "POST"])
def survey_rate_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        survey = survey_for_token(token)
    except SurveyLinkExpired:
        return render(request, TEMPLATE, {"state": "expired"}, status=410)
    except SurveyLinkInvalid:
        return render(request, TEMPLATE, {"state": "invalid"}, status=404)
    context = {"survey": survey, "reference": survey.ticket.reference,
               "alias": survey.alias or TEAM_NAME_FALLBACK}
    if survey.rated_at is not None:
        return render(request, TEMPLATE, {**context, "state": "rated"})
    if request.method == "POST":
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                survey_rate(survey=survey, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
            except AlreadyRated:
                survey.refresh_from_db()
                return render(request, TEMPLATE, {**context, "state": "rated"})
            except forms.ValidationError as error:
                errors_onto(form, error)
            else:
                return render(request, TEMPLATE, {**context, "state": "thanks"})
        return render(request, TEMPLATE, {**context, "state": "ask", "form": form}, status=400)
    chosen = request.GET.get("r")
    form = RatingForm(initial={"rating": chosen if chosen in Rating.values else None})
    return render(request, TEMPLATE, {**context, "state": "ask", "form": form})
