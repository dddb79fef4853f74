"""Django admin for the team. It is not a back door: people appear by username and persona, never by real name
or email (those only through the audited reveal), API tokens are never shown, and alias records and identity
reveals are history: read-only, never deleted."""
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from rest_framework.authtoken.models import TokenProxy

from agents.identity import public_identity
from agents.models import AliasRecord, Elevation, IdentityReveal, Persona, Role, StaffProfile
from config.admin import ReadOnlyAdmin

admin.site.unregister(User)
admin.site.unregister(TokenProxy)


@admin.register(User)
class PrivateUserAdmin(UserAdmin):
    """Accounts by username and persona. Real names and emails are not listed, searched, shown or edited here:
    searching by name would reveal one as surely as showing it."""

    list_display = ("username", "persona_alias", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff")
    search_fields = ("username",)
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description="persona")
    def persona_alias(self, user: User) -> str:
        return public_identity(user).name if hasattr(user, "staff") else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("staff__persona")


@admin.register(TokenProxy)
class TokenAdmin(ReadOnlyAdmin):
    """Who holds an API token and since when. A token's primary key is the key itself, so the list has no
    links and no actions (both would print it in the page)."""

    list_display = ("user", "created")
    list_display_links = None
    actions = None
    search_fields = ("user__username",)


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    """A new staff member starts as an agent or a contractor; any other role, and any later change of role,
    is granted with a second admin's approval (`agents.grants`, page /inbox/grants/)."""

    list_display = ("id", "role", "access_expires_at", "created_at")
    list_filter = ("role",)
    STARTING_ROLES = (Role.AGENT, Role.CONTRACTOR)

    def get_readonly_fields(self, request, obj=None):
        return ("role",) if obj is not None else ()

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [(r.value, r.label) for r in self.STARTING_ROLES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


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


@admin.register(Elevation)
class ElevationAdmin(ReadOnlyAdmin):
    """Elevations are asked for and approved on the approvals page; here they can only be read."""

    list_display = ("user", "permission", "queue_id", "starts_at", "ends_at", "ended_at", "approved_by")
