from django.urls import path
from django.views.generic import TemplateView

app_name = "leads"

urlpatterns = [
    path("", TemplateView.as_view(template_name="error.html"), name="dashboard"),  # placeholder
]
