from django.urls import path, re_path
from django.views.generic import TemplateView

from agents import views
from agents.avatars import SEED_PATTERN

app_name = "agents"

urlpatterns = [
    re_path(rf"^avatar/(?P<seed>{SEED_PATTERN})\.svg$", views.avatar, name="avatar"),
    path("persona/", TemplateView.as_view(template_name="error.html"), name="persona"),  # placeholder
]
