"""The default business calendar and SLA policies, equal to the four targets by priority Tact had before
policies existed, so nothing changes until someone configures them; then the new clock fields of existing open
tickets, filled by two set-based updates through the status index. Solved and closed tickets (nearly all of a
large desk) are left as they are: their clocks have stopped, and a reopened one runs its resolution clock against
its original deadline.

The default calendar is open around the clock in UTC: the old targets were wall-clock hours, and a Mon–Fri
office calendar would have moved every deadline. Next response had no target before; it gets the priority's
first-response target.
"""
from django.db import migrations
from django.db.models import Case, F, Q, When

AROUND_THE_CLOCK = [[[0, 1440]] for _ in range(7)]
# priority: (first response, resolution) in minutes; the old SLA_TARGETS.
TARGETS = {4: (60, 8 * 60), 3: (4 * 60, 24 * 60), 2: (8 * 60, 3 * 24 * 60), 1: (24 * 60, 7 * 24 * 60)}
OPEN_RUNNING = ["new", "open", "on_hold"]


def defaults_create(apps, schema_editor):
    BusinessCalendar = apps.get_model("tickets", "BusinessCalendar")
    SlaPolicy = apps.get_model("tickets", "SlaPolicy")
    calendar, _ = BusinessCalendar.objects.get_or_create(
        name="Around the clock (UTC)", defaults={"time_zone": "UTC", "hours": AROUND_THE_CLOCK}
    )
    for priority, (first, resolution) in [(0, TARGETS[2]), *TARGETS.items()]:
        SlaPolicy.objects.get_or_create(
            queue=None, priority=priority, channel="",
            defaults={"calendar": calendar, "first_response_minutes": first, "next_response_minutes": first,
                      "resolution_minutes": resolution},
        )


def clocks_backfill(apps, schema_editor):
    """Running tickets get their soonest deadline; pending ones are paused since their last change (the best
    record of when they started waiting)."""
    Ticket = apps.get_model("tickets", "Ticket")
    first_is_sooner = Q(first_responded_at__isnull=True, first_response_due__isnull=False) & (
        Q(resolution_due__isnull=True) | Q(first_response_due__lte=F("resolution_due"))
    )
    Ticket.objects.filter(status__in=OPEN_RUNNING).update(
        sla_due_at=Case(When(first_is_sooner, then=F("first_response_due")), default=F("resolution_due"))
    )
    Ticket.objects.filter(status="pending").update(sla_paused_at=F("updated_at"))


class Migration(migrations.Migration):
    dependencies = [("tickets", "0018_sla_policies")]

    operations = [
        migrations.RunPython(defaults_create, migrations.RunPython.noop),
        migrations.RunPython(clocks_backfill, migrations.RunPython.noop),
    ]
