from django.urls import path
from django.views.generic import TemplateView

app_name = "agents"

urlpatterns = [
    path("persona/", TemplateView.as_view(template_name="error.html"), name="persona"),  # placeholder
]
