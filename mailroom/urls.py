from django.urls import path

from mailroom import views

app_name = "mailroom"
urlpatterns = [
    path("inbound/", views.inbound, name="inbound"),
    path("quarantine/", views.quarantine, name="quarantine"),
    path("quarantine/<int:pk>/retry/", views.quarantine_retry_view, name="quarantine_retry"),
]
