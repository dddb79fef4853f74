"""The agents app's API (one's own access), mounted under /api/ by config.api_urls."""
from django.urls import path
from rest_framework.routers import SimpleRouter

from agents import api

router = SimpleRouter()
router.register("auth/tokens", api.ApiTokenViewSet, basename="api-auth-token")

urlpatterns = [
    path("auth/sign-out-everywhere/", api.SignOutEverywhereView.as_view(), name="api-sign-out-everywhere"),
    *router.urls,
]
