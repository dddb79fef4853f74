"""Calls logged without a ticket are classified too (their escalations belong to a queue of their own), and an
edited summary is classified again: the classification keeps the hash of the summary it read. Existing rows get
the hash of the summary as it is now, so saving an unchanged call does not classify it again."""
import hashlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def hash_summaries(apps, schema_editor):
    CallClassification = apps.get_model("escalation", "CallClassification")
    for row in CallClassification.objects.select_related("call").iterator(chunk_size=500):
        digest = hashlib.sha256(row.call.summary.encode()).hexdigest()
        CallClassification.objects.filter(pk=row.pk).update(text_sha256=digest)


class Migration(migrations.Migration):

    dependencies = [
        ('escalation', '0015_duty_schedule'),
        ('redaction', '0013_reply_file_guard'),
        ('tickets', '0025_call_logged_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='callclassification',
            name='stale_since',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='callclassification',
            name='text_sha256',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(hash_summaries, migrations.RunPython.noop),
        migrations.AddField(
            model_name='escalation',
            name='queue',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tickets.queue'),
        ),
        migrations.AddIndex(
            model_name='callclassification',
            index=models.Index(condition=models.Q(('stale_since__isnull', False)), fields=['stale_since'], name='call_classification_stale_idx'),
        ),
        migrations.AddConstraint(
            model_name='escalation',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['open', 'acknowledged', 'claimed']), ('ticket__isnull', True)), fields=('call', 'category'), name='one_active_escalation_per_call_category'),
        ),
    ]
