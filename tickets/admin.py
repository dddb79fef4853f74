"""Django admin for configuration only: queues, macros, organizations and contacts; customers read-mostly.

Tickets, messages and history are not here: they change only through services, which record history. Nothing
can be deleted from the admin (people and history are never hard-deleted; soft delete is a service's job).
"""
from django import forms
from django.contrib import admin

from agents.identity import address_names_staff
from tickets.macros import PLACEHOLDERS, macro_validate
from tickets.models import Contact, Customer, Macro, Organization, Queue
from tickets.public.models import PublicSource
from tickets.queues import STAFF_ADDRESS


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class NoDeleteInline(admin.TabularInline):
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


class QueueAdminForm(forms.ModelForm):
    class Meta:
        model = Queue
        fields = ["name", "slug", "email", "members", "archived_at"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if address_names_staff(email):
            raise forms.ValidationError(STAFF_ADDRESS)
        return email


@admin.register(Queue)
class QueueAdmin(NoDeleteAdmin):
    """Members are added with a second person's approval (`tickets.approvals.queue_grant_request`, page
    /inbox/grants/), so the admin shows them read-only."""

    form = QueueAdminForm
    list_display = ["name", "slug", "email"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["members"]


class MacroAdminForm(forms.ModelForm):
    class Meta:
        model = Macro
        fields = ["name", "queue", "body"]
        help_texts = {
            "body": "Placeholders: " + ", ".join("{" + name + "}" for name in PLACEHOLDERS)
            + ". Nothing private (real names, emails, phones) can be inserted.",
            "queue": "Leave empty to offer the macro in every queue.",
        }

    def clean_body(self):
        body = self.cleaned_data["body"]
        try:
            macro_validate(body)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["body"]) from None
        return body


@admin.register(Macro)
class MacroAdmin(NoDeleteAdmin):
    form = MacroAdminForm
    list_display = ["name", "queue"]
    list_filter = ["queue"]
    search_fields = ["name", "body"]


class ContactInline(NoDeleteInline):
    model = Contact
    fields = ["name", "role", "email", "phone"]


@admin.register(Organization)
class OrganizationAdmin(NoDeleteAdmin):
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]
    inlines = [ContactInline]


@admin.register(Customer)
class CustomerAdmin(NoDeleteAdmin):
    """Customers arrive through tickets and the portal; safety restrictions are a lead's action elsewhere."""

    list_display = ["__str__", "name", "organization", "restriction", "created_at"]
    list_filter = ["restriction", "organization"]
    search_fields = ["name", "handle"]
    list_select_related = ["organization"]
    fields = [
        "name", "handle", "organization", "emails", "phones", "addresses", "account_ids", "card_last4",
        "restriction", "created_at", "deleted_at", "merged_into",
    ]
    readonly_fields = [
        "name", "emails", "phones", "addresses", "account_ids", "card_last4", "restriction", "created_at",
        "deleted_at", "merged_into",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(PublicSource)
class PublicSourceAdmin(NoDeleteAdmin):
    """The social networks and forums allowed to post through the signed webhook (`docs/channels.md`). A source
    is retired by unticking `active`: its posts and tickets stay."""

    list_display = ["slug", "network", "channel", "queue", "active", "created_at"]
    list_filter = ["channel", "active"]
    fields = ["slug", "network", "channel", "queue", "secret", "active"]
