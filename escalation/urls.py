from django.urls import path

from escalation import views

app_name = "leads"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("reports/new/", views.report_file, name="report_file"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("suspended/", views.suspended, name="suspended"),
]
