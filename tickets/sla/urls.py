"""The SLA calendar and policy pages, mounted at /sla/."""
from django.urls import path

from tickets.sla import views

app_name = "sla"
urlpatterns = [
    path("", views.sla_index, name="index"),
    path("calendars/new/", views.calendar_new, name="calendar_new"),
    path("calendars/<int:pk>/", views.calendar_edit, name="calendar_edit"),
    path("policies/new/", views.policy_new, name="policy_new"),
    path("policies/<int:pk>/", views.policy_edit, name="policy_edit"),
    path("policies/<int:pk>/delete/", views.policy_delete, name="policy_delete"),
]
