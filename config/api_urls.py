"""The REST API: one router per app, mounted under /api/."""
from django.urls import include, path

urlpatterns = [
    path("", include("tickets.api.urls")),
]
