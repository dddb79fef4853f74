from django.urls import path

from redaction import views, views_audit

app_name = "gate"

urlpatterns = [
    path("held/", views.held, name="held"),
    path("t/<str:reference>/", views.composer, name="composer"),
    path("t/<str:reference>/draft/", views.draft, name="draft"),
    path("t/<str:reference>/send/", views.send, name="send"),
    path("v/<int:version_id>/", views.version_detail, name="version"),
    path("v/<int:version_id>/status/", views.status, name="status"),
    path("v/<int:version_id>/redact/", views.redact, name="redact"),
    path("v/<int:version_id>/override/", views.override, name="override"),
    path("f/<int:file_id>/", views.reply_file, name="file"),
    path("audit/", views_audit.audit_page, name="audit"),
    path("audit/run/", views_audit.audit_run, name="audit_run"),
]
