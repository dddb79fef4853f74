"""Forms for the staff pages: they read and check input, and the views hand the values to services."""
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agents.identity import public_names
from config.forms import PlainSelect
from tickets.access import customers_for, tickets_for
from tickets.forms_portal import MultipleFileField, attachment_help
from tickets.intake import NewCustomer
from tickets.models import Channel, ClosureReason, Priority, Queue, Status, Ticket
from tickets.selectors import (
    DEFAULT_SEARCH_SORT,
    DEFAULT_SORT,
    DEFAULT_VIEW,
    SLA_FILTERS,
    SORTS,
    VIEWS,
    InboxQuery,
    assignable_staff,
    viewer_queues,
)
from tickets.services import CALL_LONGEST_S, call_time_check


def _staff_choices(users) -> list[tuple[str, str]]:
    """Staff are listed by persona alias, never by real name."""
    return [(str(pk), name) for pk, name in public_names(users)]


class InboxFilterForm(forms.Form):
    """The inbox's GET filters. Invalid values are reported and ignored; the rest still apply."""

    view = forms.ChoiceField(choices=list(VIEWS.items()), required=False, widget=forms.HiddenInput)
    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    queue = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=_("Any queue"), to_field_name="slug", widget=PlainSelect
    )
    status = forms.ChoiceField(choices=[("", _("Any status")), *Status.choices], required=False, widget=PlainSelect)
    assignee = forms.ChoiceField(required=False, widget=PlainSelect)
    priority = forms.TypedChoiceField(
        choices=[("", _("Any priority")), *Priority.choices], coerce=int, empty_value=None, required=False,
        widget=PlainSelect,
    )
    channel = forms.ChoiceField(choices=[("", _("Any channel")), *Channel.choices], required=False, widget=PlainSelect)
    sla = forms.ChoiceField(
        choices=[("", _("Any SLA state")), *SLA_FILTERS.items()], required=False, label=_("SLA"), widget=PlainSelect
    )
    sort = forms.ChoiceField(choices=list(SORTS.items()), required=False, label=_("Sort by"), widget=PlainSelect)

    def __init__(self, data, *, user):
        super().__init__(data, label_suffix="")
        queues = viewer_queues(user=user)
        self.fields["queue"].queryset = queues
        self.fields["assignee"].choices = [
            ("", "Anyone"),
            ("me", "Me"),
            ("none", "Unassigned"),
            *_staff_choices(assignable_staff(queues=queues)),
        ]

    def inbox_query(self) -> InboxQuery:
        self.is_valid()
        data = self.cleaned_data
        q = (data.get("q") or "").strip()
        return InboxQuery(
            view=data.get("view") or DEFAULT_VIEW,
            queue=data.get("queue"),
            status=data.get("status") or "",
            assignee=data.get("assignee") or "",
            priority=data.get("priority"),
            channel=data.get("channel") or "",
            q=q,
            sort=data.get("sort") or (DEFAULT_SEARCH_SORT if q else DEFAULT_SORT),
            sla=data.get("sla") or "",
        )


class TicketChangeForm(forms.Form):
    """Status, priority, assignee, queue and closure reason in one form; the service records one event per
    change and owns the closure rules."""

    status = forms.ChoiceField(choices=Status.choices, widget=PlainSelect)
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, widget=PlainSelect)
    assignee = forms.ChoiceField(required=False, widget=PlainSelect)
    queue = forms.ModelChoiceField(queryset=None, to_field_name="slug", empty_label=None, widget=PlainSelect)
    closure_reason = forms.ChoiceField(
        choices=[("", _("— (Resolved when solved)")), *ClosureReason.choices], required=False, widget=PlainSelect,
        label=_("Closure reason"),
        help_text=_("Only for a solved or closed ticket. The customer never sees it."),
    )
    duplicate_of = forms.CharField(
        max_length=20, required=False, label=_("Duplicate of"),
        help_text=_("For a duplicate: the reference of the ticket it duplicates (e.g. T-1A2B3C4D)."),
    )

    def __init__(self, data=None, *, ticket: Ticket, user):
        initial = {
            "status": ticket.status,
            "priority": ticket.priority,
            "assignee": str(ticket.assignee_id or ""),
            "queue": ticket.queue,
            "closure_reason": ticket.closure_reason,
            "duplicate_of": ticket.duplicate_of.reference if ticket.duplicate_of_id else "",
        }
        super().__init__(data, initial=initial, prefix="change", label_suffix="")
        self.ticket = ticket
        self.user = user
        open_or_current = Q(archived_at__isnull=True) | Q(pk=ticket.queue_id)  # an archived queue takes no new tickets
        queues = viewer_queues(user=user).filter(open_or_current)
        self.fields["queue"].queryset = queues  # what a sent form is checked against
        # The select lists them from one read: given the queryset, Django reads it a second time to decide
        # whether the select is `required`.
        self.fields["queue"].widget.choices = [(q.slug, q.name) for q in queues]
        self.fields["assignee"].choices = [
            ("", "Unassigned"),
            *_staff_choices(assignable_staff(queues=Queue.objects.filter(pk=ticket.queue_id))),
        ]

    def clean_assignee(self):
        """A user among the choices (the field has checked that), read only when the form is sent."""
        value = self.cleaned_data["assignee"]
        return User.objects.get(pk=int(value)) if value else None

    def clean_duplicate_of(self) -> Ticket | None:
        reference = self.cleaned_data["duplicate_of"].strip().upper()
        if not reference:
            return None
        original = tickets_for(self.user).filter(reference=reference).first()
        if original is None:  # out of scope reads as missing
            raise ValidationError(_("No ticket with that reference in your queues."))
        return original


class CallLogForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=0, max_value=CALL_LONGEST_S // 60)
    summary = forms.CharField(required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "call")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["at"].label = _("Date and time (%(zone)s)") % {"zone": timezone.get_current_timezone_name()}

    def clean_at(self):
        at = self.cleaned_data["at"]
        try:
            call_time_check(at)
        except ValidationError as error:
            raise ValidationError(error.message_dict["at"]) from None
        return at


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 3}))
    attachments = MultipleFileField(label=_("Files for the note"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "note")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = attachment_help()


class TicketNewForm(forms.Form):
    """Staff open a ticket (after a phone call, a walk-in). Field names match `tickets.intake.ticket_open`'s
    errors, so the view hands them straight back; the rules live there."""

    customer = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=_("— Add a new customer below —"), widget=PlainSelect
    )
    customer_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    customer_email = forms.CharField(label=_("Email"), required=False, max_length=254)
    customer_phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    queue = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", empty_label=None, label=_("Queue"), widget=PlainSelect
    )
    channel = forms.ChoiceField(
        choices=Channel.choices, initial=Channel.PHONE, label=_("How they reached us"), widget=PlainSelect
    )
    priority = forms.TypedChoiceField(
        choices=Priority.choices, coerce=int, initial=Priority.NORMAL, label=_("Priority"), widget=PlainSelect
    )
    subject = forms.CharField(max_length=200, label=_("Subject"))
    body = forms.CharField(
        label=_("First reply to the customer"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    note = forms.CharField(label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(label=_("Files for the internal note"), required=False)

    CUSTOMER_CHOICES_MAX = 50

    def __init__(self, *args, user, find: str = "", **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        customers = customers_for(user).order_by("name", "pk")
        self.fields["customer"].queryset = customers
        self.fields["queue"].queryset = viewer_queues(user=user).filter(archived_at__isnull=True)
        self.fields["attachments"].help_text = attachment_help()
        # Only a page of customers is listed (the field still accepts any in scope): the ones matching `find`,
        # and the one already chosen when the form comes back with an error.
        shown = customers.filter(Q(name__icontains=find) | Q(handle__icontains=find)) if find else customers
        chosen = self.data.get("customer") if self.is_bound else None
        listed = list(shown[: self.CUSTOMER_CHOICES_MAX])
        if chosen and str(chosen).isdigit() and all(str(c.pk) != str(chosen) for c in listed):
            listed += list(customers.filter(pk=int(chosen)))
        self.fields["customer"].widget.choices = [("", self.fields["customer"].empty_label)] + [
            (c.pk, f"{c.name} ({c.handle})" if c.handle else c.name) for c in listed
        ]

    def new_customer(self) -> NewCustomer | None:
        data = self.cleaned_data
        if not any(data.get(f"customer_{name}") for name in ("name", "email", "phone")):
            return None
        return NewCustomer(name=data["customer_name"], email=data["customer_email"], phone=data["customer_phone"])
