from django.urls import path

from escalation import (
    views,
    views_dashboard,
    views_duty,
    views_raise,
    views_replycheck,
    views_responses,
    views_satisfaction,
    views_schedule,
    views_urgency,
)

app_name = "leads"

urlpatterns = [
    path("", views.triage, name="dashboard"),
    path("triage/list/", views.triage_list, name="triage_list"),
    path("count/", views.nav_count, name="nav_count"),
    path("claims-closed/<int:pk>/seen/", views.claim_override_seen, name="claim_override_seen"),
    path("duty/", views_duty.duty, name="duty"),
    path("schedule/", views_schedule.schedules, name="schedules"),
    path("schedule/<slug:slug>/", views_schedule.schedule, name="schedule"),
    path("schedule/<slug:slug>/<int:pk>/remove/", views_schedule.shift_remove, name="shift_remove"),
    path("dashboard/", views_dashboard.dashboard, name="figures"),
    path("satisfaction/", views_satisfaction.satisfaction, name="satisfaction"),
    path("e/<int:pk>/", views.escalation_detail, name="escalation"),
    path("e/<int:pk>/safety/", views.safety_action, name="safety_action"),
    path("e/<int:pk>/cause/", views.escalation_cause, name="cause"),
    path("e/<int:pk>/correct/", views.escalation_correct, name="correct"),
    path("e/<int:pk>/<slug:move>/", views.escalation_move, name="move"),
    path("raise/", views_raise.escalation_raise, name="raise"),
    path("reports/new/", views_raise.report_file, name="report_file"),
    path("reports/message/<int:pk>/", views_raise.report_message, name="report_message"),
    path("suspended/", views.suspended, name="suspended"),
    path("urgency-rules/", views_urgency.rules, name="urgency_rules"),
    path("reply-check/<str:reference>/", views_replycheck.reply_check, name="reply_check"),
    path("response-templates/", views_responses.templates, name="response_templates"),
    path("response-templates/toggle/", views_responses.template_toggle, name="response_template_toggle"),
    path("response-templates/<int:pk>/edit/", views_responses.template_edit, name="response_template_edit"),
    path("response-templates/use/<str:reference>/", views_responses.template_use, name="response_template_use"),
    path("urgency-rules/toggle/", views_urgency.rule_toggle, name="urgency_rule_toggle"),
]
