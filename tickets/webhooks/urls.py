"""Administrators' webhook pages, mounted at /webhooks/."""
from django.urls import path

from tickets.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.subscriptions, name="subscriptions"),
    path("<int:pk>/", views.subscription, name="subscription"),
    path("<int:pk>/rotate-secret/", views.rotate, name="rotate"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("deliveries/<int:pk>/", views.delivery, name="delivery"),
    path("deliveries/<int:pk>/replay/", views.replay, name="replay"),
]
