"""When a call was written down. Calls logged before this column count as logged when they took place, so the
urgency sweep takes up only the last week's calls, not every call at once."""
import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def logged_when_taken(apps, schema_editor):
    apps.get_model("tickets", "CallLog").objects.update(logged_at=F("at"))


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0024_everything_sort_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='calllog',
            name='logged_at',
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(logged_when_taken, migrations.RunPython.noop),
    ]
