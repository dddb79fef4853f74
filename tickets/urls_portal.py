from django.urls import path

from tickets import views_portal

urlpatterns = [
    path("", views_portal.portal, name="portal"),
    path("new/", views_portal.portal_new, name="portal_new"),
    path("tickets/<str:reference>/", views_portal.portal_ticket, name="portal_ticket"),
    path("attachments/<int:pk>/", views_portal.attachment_download, name="attachment_download"),
]
