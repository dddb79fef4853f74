"""Tickets staff opened before openings went through the reply gate: their words stop reaching the customer.

Staff used to open a ticket (`POST /api/tickets/`) with a subject and first message stored as the customer's
own, unscanned. For every ticket whose `created` event names a staff actor, the first message written as the
customer's becomes an internal note by that staff member (staff wrote it, it was never the customer's, and
nothing scanned it), and the subject is hidden from the customer until a reply the gate publishes carries one.
"""
from django.db import migrations


def staff_openings_private(apps, schema_editor):
    TicketEvent = apps.get_model("tickets", "TicketEvent")
    Ticket = apps.get_model("tickets", "Ticket")
    Message = apps.get_model("tickets", "Message")
    openers = dict(
        TicketEvent.objects.filter(kind="created", actor__staff__isnull=False)
        .exclude(data__has_key="opened_by")  # opened through tickets.intake: already gated
        .values_list("ticket_id", "actor_id")
    )
    for ticket_id, staff_id in openers.items():
        first = Message.objects.filter(ticket_id=ticket_id, kind="customer").order_by("created_at", "id").first()
        if first is not None:
            Message.objects.filter(pk=first.pk).update(kind="note", author_customer=None, author_user_id=staff_id)
    Ticket.objects.filter(pk__in=openers).update(subject_public=False)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_notice_text"), ("agents", "0001_initial")]

    operations = [migrations.RunPython(staff_openings_private, migrations.RunPython.noop)]
