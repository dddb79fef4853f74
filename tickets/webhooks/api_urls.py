"""Webhooks in the API, mounted under /api/ by config.api_urls."""
from django.urls import path

from tickets.webhooks import api

urlpatterns = [
    path("webhooks/", api.SubscriptionListView.as_view(), name="api-webhook-list"),
    path("webhooks/<int:pk>/", api.SubscriptionDetailView.as_view(), name="api-webhook-detail"),
    path("webhooks/<int:pk>/rotate-secret/", api.SecretRotateView.as_view(), name="api-webhook-rotate"),
    path("webhooks/<int:pk>/deliveries/", api.DeliveryListView.as_view(), name="api-webhook-deliveries"),
    path("webhook-deliveries/<int:pk>/replay/", api.DeliveryReplayView.as_view(), name="api-webhook-replay"),
]
