"""Filters for the ticket and customer lists. Staff-only filters (queue, assignee) are ignored for customers,
so a customer cannot probe staff ids or queue names by filtering their own tickets."""
import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from agents.permissions import Perm, can
from tickets.models import Channel, Customer, Priority, Status, Ticket
from tickets.search import ticket_search


class TicketFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, help_text=_("Repeat to match any of several.")
    )
    priority = django_filters.TypedChoiceFilter(choices=Priority.choices, coerce=int)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    queue = django_filters.CharFilter(method="filter_queue", max_length=100, help_text=_("Queue slug (staff)."))
    assignee = django_filters.CharFilter(
        method="filter_assignee", max_length=18, help_text=_('"me", "none" or a staff id (staff only).')
    )
    q = django_filters.CharFilter(
        method="filter_q", max_length=200,
        help_text=_("Words in the subject or (staff) the messages and notes, or a ticket reference."),
    )

    class Meta:
        model = Ticket
        fields = ["status", "priority", "channel", "queue", "assignee", "q"]

    def _is_staff(self) -> bool:
        return self.request is not None and can(self.request.user, Perm.TICKETS_WORK)

    def filter_queue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(queue__slug=value) if self._is_staff() else queryset

    def filter_assignee(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not self._is_staff():
            return queryset
        if value == "me":
            return queryset.filter(assignee=self.request.user)
        if value == "none":
            return queryset.filter(assignee__isnull=True)
        if not (value.isascii() and value.isdigit()):
            raise ValidationError({"assignee": [_('Use "me", "none" or a staff id.')]})
        return queryset.filter(assignee_id=int(value))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        if self._is_staff():
            return ticket_search(queryset, value)
        # A customer's own few tickets, never the staff search vector (it holds notes). A subject staff wrote is
        # not the customer's to see until the gate publishes it: not to search either.
        return queryset.filter(Q(subject__icontains=value, subject_public=True) | Q(reference__iexact=value))


class CustomerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", max_length=200, help_text=_("Words in the name or handle."))

    class Meta:
        model = Customer
        fields = ["q"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(handle__icontains=value))
