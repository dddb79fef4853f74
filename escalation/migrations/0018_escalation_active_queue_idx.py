"""Scoping reads a lead's few active escalations by their owning queue (0017), however many closed ones those
queues hold."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("escalation", "0017_escalation_owning_queue")]

    operations = [
        migrations.AddIndex(
            model_name="escalation",
            index=models.Index(
                condition=models.Q(("status__in", ["open", "acknowledged", "claimed"])),
                fields=["queue", "due_at"],
                name="escalation_active_queue_idx",
            ),
        ),
    ]
