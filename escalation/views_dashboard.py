"""The leads' dashboard: charts of their queues' figures over a few weeks, read from the daily rollup."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from agents.permissions import Perm, can
from escalation.charts import chart_svg
from escalation.dashboard import dashboard_charts, dashboard_figures, dashboard_queues, dashboard_setting
from tickets.satisfaction.selectors import satisfaction_rated

CHART_SLUGS = ["raised", "sla", "ack-time", "first-response-time", "held", "closures"]


class PeriodForm(forms.Form):
    weeks = forms.TypedChoiceField(coerce=int, label=_("Period"), required=False)
    queue = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("All my queues"),
                                   to_field_name="slug")

    def __init__(self, *args, queues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        periods = dashboard_setting("PERIODS_WEEKS")
        self.fields["weeks"].choices = [(n, gettext("last %(weeks)s weeks") % {"weeks": n}) for n in periods]
        self.fields["queue"].queryset = queues


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Figures of the viewer's queues (or one of them) for the chosen period; a bad filter is a form error."""
    if not can(request.user, Perm.DASHBOARD_READ):
        raise Http404
    queues = dashboard_queues(request.user)
    form = PeriodForm(request.GET or None, queues=queues)
    if form.is_bound and not form.is_valid():
        return render(request, "escalation/dashboard.html", {"form": form}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    weeks = data.get("weeks") or dashboard_setting("PERIODS_WEEKS")[0]
    queue = data.get("queue")
    scope = queues.filter(pk=queue.pk) if queue else queues
    figures = dashboard_figures(queues=scope, weeks=weeks)
    satisfaction = satisfaction_rated(queues=scope, since=figures.since)
    # chart_svg escapes every text it writes.
    table_note = gettext("The same numbers are in the table below the chart.")
    charts = [(slug, chart, mark_safe(chart_svg(chart, slug=slug, table_note=table_note)))  # noqa: S308
              for slug, chart in zip(CHART_SLUGS, dashboard_charts(figures), strict=True)]
    return render(request, "escalation/dashboard.html",
                  {"form": form, "charts": charts, "figures": figures, "weeks": weeks, "queue": queue,
                   "satisfaction": satisfaction})
