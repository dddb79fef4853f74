"""The reply gate's API, mounted under /api/ by config.api_urls."""
from django.urls import path

from redaction import api

urlpatterns = [
    path("tickets/<str:reference>/replies/", api.ReplyCreateView.as_view(), name="api-ticket-replies"),
    path("replies/<int:pk>/", api.ReplyDetailView.as_view(), name="api-reply"),
]
