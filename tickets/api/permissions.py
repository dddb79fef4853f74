"""Who may call what. Which objects they may see is not decided here: querysets start in `tickets.access`."""
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import BasePermission

from agents.permissions import Perm, can


class StaffOnlyMethods(BasePermission):
    """Methods listed in the view's `staff_only_methods` answer 405 to anyone but staff who work tickets.

    405 rather than 403: to a customer the ticket simply cannot be edited, and the answer says nothing about
    whether the object exists or what staff could do with it.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in getattr(view, "staff_only_methods", ()) and not can(request.user, Perm.TICKETS_WORK):
            raise MethodNotAllowed(request.method)
        return True
