"""Satisfaction for leads: customers' ratings of their queues per period, queue and persona, and the comments."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agents.permissions import Perm, can
from escalation.dashboard import dashboard_queues
from tickets.satisfaction.selectors import (
    figures_sum,
    period_start,
    satisfaction_by_persona,
    satisfaction_comments,
    satisfaction_rows,
    satisfaction_sent,
)

DEFAULT_COUNTS = {"week": 8, "month": 6}


class SatisfactionFilterForm(forms.Form):
    period = forms.ChoiceField(choices=[("week", _("Week by week")), ("month", _("Month by month"))], required=False)
    count = forms.IntegerField(required=False, min_value=1, max_value=26, label=_("How many periods"))
    queue = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("All my queues"), to_field_name="slug")

    def __init__(self, *args, queues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = queues


@login_required
@require_GET
def satisfaction(request: HttpRequest) -> HttpResponse:
    """Only the viewer's own queues (admins: all); another queue in the filter is a form error, not a figure."""
    if not can(request.user, Perm.DASHBOARD_READ):
        raise Http404
    queues = dashboard_queues(request.user)
    form = SatisfactionFilterForm(request.GET or None, queues=queues,
                                  initial={"period": "week", "count": DEFAULT_COUNTS["week"]})
    if form.is_bound and not form.is_valid():
        return render(request, "escalation/satisfaction.html", {"form": form}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    period = data.get("period") or "week"
    count = data.get("count") or DEFAULT_COUNTS[period]
    queue = data.get("queue")
    scope = queues.filter(pk=queue.pk) if queue else queues
    since = period_start(period, count)
    personas = satisfaction_by_persona(queues=scope, since=since)
    context = {
        "form": form, "period": period, "count": count, "queue": queue, "since": since,
        "total": figures_sum(figures for _persona, figures in personas),
        "sent": satisfaction_sent(queues=scope, since=since),
        "rows": satisfaction_rows(queues=scope, period=period, since=since),
        "personas": personas,
        "comments": satisfaction_comments(queues=scope, since=since),
    }
    return render(request, "escalation/satisfaction.html", context)
