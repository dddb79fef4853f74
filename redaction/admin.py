"""Read-only admin for the gate's records: versions and scans are evidence, so nothing here edits them.

Publishing, holding and overriding happen only through `redaction.services` (the composer and the API).
"""
from django.contrib import admin

from config.admin import ReadOnlyAdmin
from redaction.models import Reply, ReplyScan, ReplyVersion


class ReplyVersionInline(admin.TabularInline):
    model = ReplyVersion
    fields = ("number", "status", "sha256", "attempts", "submitted_at", "finished_at", "override_reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ("id", "ticket", "state", "created_at", "updated_at")
    list_filter = ("state",)
    search_fields = ("ticket__reference",)
    list_select_related = ("ticket",)
    inlines = [ReplyVersionInline]


class ReplyScanInline(admin.TabularInline):
    model = ReplyScan
    fields = ("sha256", "scanner_version", "findings", "error", "duration_ms", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReplyVersion)
class ReplyVersionAdmin(ReadOnlyAdmin):
    list_display = ("id", "reply", "number", "status", "attempts", "submitted_at", "finished_at")
    list_filter = ("status",)
    search_fields = ("reply__ticket__reference", "sha256")
    inlines = [ReplyScanInline]


@admin.register(ReplyScan)
class ReplyScanAdmin(ReadOnlyAdmin):
    list_display = ("id", "version", "scanner_version", "duration_ms", "created_at")
    search_fields = ("sha256",)
