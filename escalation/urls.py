from django.urls import path

from escalation import views, views_urgency

app_name = "leads"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/new/", views.report_file, name="report_file"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("suspended/", views.suspended, name="suspended"),
    path("urgency-rules/", views_urgency.rules, name="urgency_rules"),
    path("urgency-rules/toggle/", views_urgency.rule_toggle, name="urgency_rule_toggle"),
]
