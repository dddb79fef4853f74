from django.urls import path
from django.views.generic import TemplateView

# Placeholders until the portal views land; the names are stable (emails link to portal_ticket).
_placeholder = TemplateView.as_view(template_name="error.html")

urlpatterns = [
    path("", _placeholder, name="portal"),
    path("new/", _placeholder, name="portal_new"),
    path("tickets/<str:reference>/", _placeholder, name="portal_ticket"),
    path("attachments/<int:pk>/", _placeholder, name="attachment_download"),
]
