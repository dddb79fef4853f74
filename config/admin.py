"""Admin building blocks shared by the apps: the admin is for configuration, never for rewriting history."""
from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records (history, scans, reveals) can be read in the admin but never added, edited or deleted there."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
