from django.urls import path

from tickets import views_staff

urlpatterns = [
    path("", views_staff.inbox, name="inbox"),
    path("new/", views_staff.ticket_new, name="ticket_new"),
    path("t/<str:reference>/", views_staff.ticket_detail, name="ticket_detail"),
    path("t/<str:reference>/change/", views_staff.ticket_update, name="ticket_update"),
    path("t/<str:reference>/calls/", views_staff.ticket_call_log, name="ticket_call_log"),
    path("t/<str:reference>/notes/", views_staff.ticket_note_add, name="ticket_note_add"),
    path("t/<str:reference>/macro/", views_staff.ticket_macro, name="ticket_macro"),
]
