"""The tickets app's API, mounted under /api/ by config.api_urls."""
from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from tickets.api import approvals, views

router = SimpleRouter()
router.register("tickets", views.TicketViewSet, basename="api-ticket")
router.register("customers", views.CustomerViewSet, basename="api-customer")
router.register("queues", views.QueueViewSet, basename="api-queue")
router.register("approvals", approvals.ApprovalViewSet, basename="api-approval")

urlpatterns = [
    path("auth/token/", views.TokenObtainView.as_view(), name="api-token"),
    re_path(
        rf"^tickets/(?P<reference>{views.TicketViewSet.lookup_value_regex})/messages/$",
        views.MessageListCreateView.as_view(),
        name="api-ticket-messages",
    ),
    path("customers/<int:pk>/merge/", approvals.CustomerMergeView.as_view(), name="api-customer-merge"),
    path("customers/<int:pk>/contact-change/", approvals.CustomerContactChangeView.as_view(),
         name="api-customer-contact-change"),
    path("exports/", approvals.ExportListView.as_view(), name="api-export-list"),
    path("exports/<int:pk>/download/", approvals.ExportDownloadView.as_view(), name="api-export-download"),
    *router.urls,
]
