"""Django admin for the team. It is not a back door: people appear by username and persona, never by real name
or email (those only through the audited reveal), API tokens show their name and prefix only (the secret is
not stored), and alias records and identity reveals are history: read-only, never deleted."""
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from agents.identity import public_identity
from agents.models import AliasRecord, ApiToken, Elevation, IdentityReveal, Persona, Role, StaffProfile
from agents.offboarding import account_deactivate
from agents.permissions import Perm, can
from agents.tokens import api_token_revoke
from config.admin import ReadOnlyAdmin

admin.site.unregister(User)


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
    actions = ["deactivate"]

    @admin.action(description="Deactivate: end every session and token, cancel waiting requests, unassign tickets")
    def deactivate(self, request, queryset) -> None:
        for user in queryset.exclude(pk=request.user.pk):
            account_deactivate(user=user, actor=request.user, request=request)
        self.message_user(request, "Deactivated; their history is kept.", messages.SUCCESS)

    @admin.display(description="persona")
    def persona_alias(self, user: User) -> str:
        return public_identity(user).name if hasattr(user, "staff") else "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("staff__persona")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Everyone's API tokens by name and prefix; the secret is never stored, and its digest is not shown either.
    Revoking goes through `agents.tokens.api_token_revoke` (audited)."""

    list_display = ("name", "prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at",
                    "revoked_reason")
    list_filter = ("revoked_reason",)
    search_fields = ("user__username", "name", "prefix")
    fields = ("name", "prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at",
              "revoked_reason", "revoked_by")
    actions = ["revoke"]

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset) -> None:
        revoked = sum(api_token_revoke(token=token, actor=request.user, request=request) for token in queryset)
        self.message_user(request, f"Revoked {revoked} token(s).", messages.SUCCESS)

    def has_view_permission(self, request, obj=None) -> bool:
        return can(request.user, Perm.TOKENS_MANAGE)


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
