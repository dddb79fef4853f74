"""Django admin for configuration only: queues, macros, organizations and contacts; customers read-mostly.

Organizations are added and renamed through `tickets.organizations` (their name is checked, as customers read it,
and audited); a customer's public handle passes the same check (`tickets.names.public_name_check`).

Tickets, messages and history are not here: they change only through services, which record history. Nothing
can be deleted from the admin (people and history are never hard-deleted; soft delete is a service's job).
"""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction

from config.forms import errors_onto
from tickets.macros import PLACEHOLDERS, macro_validate
from tickets.models import Contact, Customer, Macro, Organization, Queue
from tickets.names import public_name_check
from tickets.organizations import organization_create, organization_update
from tickets.public.models import PublicSource
from tickets.queues import queue_archive, queue_create, queue_update, queue_validate


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class NoDeleteInline(admin.TabularInline):
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceWriteForm(forms.ModelForm):
    """A model form whose services write at the end of validation (`_post_clean`, inside the admin's
    transaction), not in `save_model`: a save that another one beat between the check and the write is refused by
    the service as a ValidationError, which here lands on the form (the page again, with what was typed), where
    from `save_model` it could only be a server error. Subclasses write in `write`."""

    actor = None  # set by ServiceWriteAdmin.get_form: who saves
    request = None

    def write(self, data: dict) -> None:
        """Save `data` through the services and leave the saved object as `self.instance`."""
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.actor is None:
            return
        try:
            self.write(self.cleaned_data)
        except ValidationError as error:
            errors_onto(self, error)


class ServiceWriteAdmin(NoDeleteAdmin):
    """The admin of a `ServiceWriteForm`: it tells the form who saves, and writes nothing itself."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user, "request": request})

    def save_model(self, request, obj, form, change):
        """Written already, by the services, when the form was validated (`ServiceWriteForm._post_clean`)."""
        obj.refresh_from_db()


class QueueAdminForm(ServiceWriteForm):
    """The queue pages' rules (`tickets.queues.queue_validate`), with their errors on the fields; saving goes
    through the same services, audited alike (a save beaten to the same name or address is a form error)."""

    archived = forms.BooleanField(required=False, help_text="No new tickets land in an archived queue.")

    class Meta:
        model = Queue
        fields = ["name", "slug", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archived"].initial = self.instance.archived_at is not None

    def clean(self):
        data = super().clean()
        editing = self.instance.pk is not None
        try:
            queue_validate(name=data.get("name", ""), email=data.get("email", ""),
                           slug=None if editing else data.get("slug", ""), queue=self.instance if editing else None)
        except ValidationError as error:
            errors_onto(self, error)
        return data

    def write(self, data):
        if self.instance.pk is not None:
            queue = queue_update(actor=self.actor, queue=self.instance, name=data["name"], email=data["email"],
                                 request=self.request)
        else:
            queue = queue_create(actor=self.actor, name=data["name"], slug=data["slug"], email=data["email"],
                                 request=self.request)
        if data["archived"] != (queue.archived_at is not None):
            queue_archive(actor=self.actor, queue=queue, archived=data["archived"], request=self.request)
        self.instance = queue


@admin.register(Queue)
class QueueAdmin(ServiceWriteAdmin):
    """Members are added with a second person's approval (`tickets.approvals.queue_grant_request`, page
    /inbox/grants/), so the admin shows them read-only. The short name stays once made, as on the queue pages."""

    form = QueueAdminForm
    list_display = ["name", "slug", "email", "archived_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "members"] if obj is not None else ["members"]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}

    def save_related(self, request, form, formsets, change):
        """Nothing to save: members change through grants, and the form has no other relation."""


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


class OrganizationAdminForm(ServiceWriteForm):
    """The organization services' rules (`tickets.organizations`), with their errors on the fields. The services
    are the one check, so the people who read the name (its customers' and contacts' emails and phones) are read
    once per save; a name refused at the write (a customer or contact whose details it holds joined since the
    page was read) is a form error."""

    class Meta:
        model = Organization
        fields = ["name", "domain"]
        help_texts = {"name": "Every signed-in customer of the organization reads it: no emails, phone numbers or "
                              "staff names."}

    def write(self, data):
        if self.instance.pk is not None:
            organization = organization_update(actor=self.actor, organization=self.instance, name=data["name"],
                                               domain=data["domain"], request=self.request)
        else:
            organization = organization_create(actor=self.actor, name=data["name"], domain=data["domain"],
                                               request=self.request)
        # The same instance, now saved: the contacts' inline formset holds it and saves its rows against it.
        self.instance.pk = organization.pk
        self.instance.refresh_from_db()


@admin.register(Organization)
class OrganizationAdmin(ServiceWriteAdmin):
    form = OrganizationAdminForm
    list_display = ["name", "domain"]
    search_fields = ["name", "domain"]
    inlines = [ContactInline]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A POST shown again was not saved: a contact row refused after the form's write took place undoes that
        write (and its audit entry) with the admin's transaction, so the page and the database agree."""
        if request.method == "POST":
            transaction.set_rollback(True)
            if add:
                context["adminform"].form.instance.pk = None
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


class CustomerAdminForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = ["handle", "organization"]

    def clean_handle(self):
        # The public handle is what anyone reads of the customer on a public channel, and they read it themselves.
        handle = self.cleaned_data["handle"]
        try:
            return public_name_check(value=handle, field="handle", person=True) if handle else handle
        except ValidationError as error:
            raise ValidationError(error.message_dict["handle"]) from None


@admin.register(Customer)
class CustomerAdmin(NoDeleteAdmin):
    """Customers arrive through tickets and the portal; safety restrictions are a lead's action elsewhere."""

    form = CustomerAdminForm
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
