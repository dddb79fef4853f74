from django.urls import path

from tickets import views_approvals, views_customer_approvals, views_queues, views_staff
from tickets.public import views_sources

urlpatterns = [
    path("", views_staff.inbox, name="inbox"),
    path("new/", views_staff.ticket_new, name="ticket_new"),
    path("t/<str:reference>/", views_staff.ticket_detail, name="ticket_detail"),
    path("t/<str:reference>/change/", views_staff.ticket_update, name="ticket_update"),
    path("t/<str:reference>/take/", views_staff.ticket_take, name="ticket_take"),
    path("t/<str:reference>/calls/", views_staff.ticket_call_log, name="ticket_call_log"),
    path("t/<str:reference>/notes/", views_staff.ticket_note_add, name="ticket_note_add"),
    path("t/<str:reference>/macro/", views_staff.ticket_macro, name="ticket_macro"),
    path("t/<str:reference>/delete/", views_approvals.ticket_delete, name="ticket_delete_request"),
    path("t/<str:reference>/delete-customer/", views_approvals.customer_delete, name="customer_delete_request"),
    path("t/<str:reference>/merge-customer/", views_customer_approvals.customer_merge, name="customer_merge_request"),
    path("t/<str:reference>/change-contact/", views_customer_approvals.customer_contact_change,
         name="customer_contact_change_request"),
    path("t/<str:reference>/export-customer/", views_customer_approvals.customer_export,
         name="customer_export_request"),
    path("exports/", views_customer_approvals.exports, name="exports"),
    path("exports/<int:pk>/download/", views_customer_approvals.export_file, name="export_download"),
    path("elevation/", views_approvals.elevation, name="elevation"),
    path("grants/", views_approvals.grants, name="grants"),
    path("deleted/", views_approvals.deleted, name="deleted_customers"),
    path("deleted/<int:pk>/restore/", views_approvals.restore, name="customer_restore"),
    path("queues/", views_queues.queues, name="queues"),
    path("queues/<slug:slug>/", views_queues.queue_detail, name="queue_detail"),
    path("queues/<slug:slug>/archive/", views_queues.queue_archive_view, name="queue_archive"),
    path("queues/<slug:slug>/members/<int:user_id>/remove/", views_queues.queue_member_remove_view,
         name="queue_member_remove"),
    path("macros/", views_queues.macros, name="macros"),
    path("macros/<int:pk>/", views_queues.macro_edit, name="macro_edit"),
    path("public-sources/", views_sources.sources, name="public_sources"),
    path("public-sources/<slug:slug>/", views_sources.source_detail, name="public_source"),
    path("public-sources/<slug:slug>/rotate-secret/", views_sources.source_rotate, name="public_source_rotate"),
]
