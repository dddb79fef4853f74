"""The REST API: one URL module per app, mounted under /api/."""
from django.urls import include, path

urlpatterns = [
    path("", include("tickets.api.urls")),
    path("", include("redaction.api_urls")),
    path("", include("agents.api_urls")),
    path("", include("tickets.webhooks.api_urls")),
]
