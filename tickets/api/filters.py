"""Filters and ordering for the ticket and customer lists. Staff-only filters (queue, assignee, priority) are
ignored for customers, so a customer cannot probe staff ids, queue names or how the desk ranks them; a customer
filters and orders by what the portal shows them (`TicketCustomerSerializer`)."""
import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from agents.permissions import Perm, can
from tickets.models import CUSTOMER_STATUSES, Channel, Customer, Priority, Status, Ticket
from tickets.search import ticket_search


class TicketFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, method="filter_status",
        help_text=_("Repeat to match any of several. Customers match the status as they read it (on hold is open)."),
    )
    priority = django_filters.TypedChoiceFilter(
        choices=Priority.choices, coerce=int, method="filter_priority", help_text=_("Staff only.")
    )
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

    def filter_status(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        if self._is_staff():
            return queryset.filter(status__in=value)
        return queryset.filter(status__in=[raw for raw, shown in CUSTOMER_STATUSES.items() if shown in value])

    def filter_priority(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(priority=value) if self._is_staff() else queryset

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


class TicketOrdering(OrderingFilter):
    """Staff order by any of the view's `ordering_fields`. A customer orders by when a ticket was opened or last
    updated as they see it (`customer_updated_at`): ordering by priority or the raw status would rank them as
    the desk does, and `updated_at` moves on internal work."""

    ordering_description = _("Which field to order by (a leading minus: descending). Customers: created_at or "
                             "updated_at (their last update, as in the portal).")
    customer_fields = {"created_at": "created_at", "updated_at": "customer_updated_at"}

    def get_valid_fields(self, queryset, view, context=None):
        if getattr(view, "is_staff", True):
            return super().get_valid_fields(queryset, view, context or {})
        return [(field, field) for field in self.customer_fields]

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if getattr(view, "is_staff", True) or not ordering:
            return ordering
        return [("-" if field.startswith("-") else "") + self.customer_fields[field.lstrip("-")]
                for field in ordering]


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
