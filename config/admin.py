"""Admin building blocks shared by the apps: the admin is for configuration, never for rewriting history."""
from django.contrib import admin

from agents.permissions import Perm, can


class TactAdminSite(admin.AdminSite):
    """The admin answers only to those the permission module lets in (`admin_site`: administrators), whatever
    Django's own `is_staff` flag says, so a role change or an expired access date locks the admin too."""

    site_header = "Tact configuration"

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and can(request.user, Perm.ADMIN_SITE)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records (history, scans, reveals) can be read in the admin but never added, edited or deleted there."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
