"""Django admin for the team. Alias records and identity reveals are history: read-only, never deleted."""
from django.contrib import admin

from agents.models import AliasRecord, IdentityReveal, Persona, StaffProfile
from config.admin import ReadOnlyAdmin


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("id", "role", "access_expires_at", "created_at")
    list_filter = ("role",)


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    """Renames go through the persona page, where the alias is checked and reserved."""

    list_display = ("alias", "pronouns", "created_at")
    search_fields = ("alias",)
    readonly_fields = ("staff", "alias", "avatar_seed", "created_at")


@admin.register(AliasRecord)
class AliasRecordAdmin(ReadOnlyAdmin):
    list_display = ("alias", "staff", "created_at")
    search_fields = ("alias",)


@admin.register(IdentityReveal)
class IdentityRevealAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "viewer", "agent", "reason")
