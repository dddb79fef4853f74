"""One queue per address, whatever its case: the queue pages checked it, the database now holds it."""
import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_shared_addresses(apps, schema_editor):
    """Say which queues share an address, rather than the database's bare unique-violation error."""
    Queue = apps.get_model("tickets", "Queue")
    shared = (Queue.objects.annotate(address=Lower("email")).values("address").annotate(n=Count("id"))
              .filter(n__gt=1).values_list("address", flat=True))
    if shared:
        slugs = sorted(Queue.objects.annotate(address=Lower("email")).filter(address__in=list(shared))
                       .values_list("slug", flat=True))
        raise RuntimeError(f"Queues {', '.join(slugs)} send from the same address: give each its own, then migrate.")


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0025_call_logged_at'),
    ]

    operations = [
        migrations.RunPython(refuse_shared_addresses, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='queue',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), name='queue_email_unique'),
        ),
    ]
