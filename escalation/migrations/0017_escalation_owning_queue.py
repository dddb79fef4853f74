"""Every escalation stores its owning queue (`Escalation.queue`), the one column scoping, alerts and the dashboard
read: until now only a call logged without a ticket had one, and the rest were scoped through their ticket.

An escalation on a ticket gets the ticket's queue. A report about a customer as a whole (no ticket, no call:
made before tickets were required) was seen by the leads of every queue the customer had a live ticket in; it
gets the queue of the customer's latest live ticket, where a new ticket of theirs would land, and stays without
one (seen by nobody, as before) when the customer has none. Scoping then reads the lead's few active items by
that column (`escalation_active_queue_idx`, 0018: PostgreSQL builds no index in a transaction that has just
updated the table's rows)."""

from django.db import migrations
from django.db.models import OuterRef, Q, Subquery


def fill_owning_queues(apps, schema_editor):
    Escalation = apps.get_model("escalation", "Escalation")
    Ticket = apps.get_model("tickets", "Ticket")
    tickets_queue = Ticket.objects.filter(pk=OuterRef("ticket_id")).values("queue_id")[:1]
    Escalation.objects.filter(ticket__isnull=False).update(queue_id=Subquery(tickets_queue))
    latest_queue = (
        Ticket.objects.filter(customer_id=OuterRef("customer_id"), deleted_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values("queue_id")[:1]
    )
    Escalation.objects.filter(ticket__isnull=True, call__isnull=True, queue__isnull=True).update(
        queue_id=Subquery(latest_queue)
    )


def clear_owning_queues(apps, schema_editor):
    Escalation = apps.get_model("escalation", "Escalation")
    Escalation.objects.filter(Q(ticket__isnull=False) | Q(call__isnull=True)).update(queue_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("escalation", "0016_call_escalations_without_ticket"),
        ("tickets", "0025_call_logged_at"),
    ]

    operations = [migrations.RunPython(fill_owning_queues, clear_owning_queues)]
