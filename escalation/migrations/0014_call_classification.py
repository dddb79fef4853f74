"""Logged calls' summaries are classified for urgency like customer messages: their marker, and the call an
escalation (and its raise entries) points at."""
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('escalation', '0013_lead_duty'),
        ('tickets', '0025_call_logged_at'),
    ]

    operations = [
        migrations.CreateModel(
            name='CallClassification',
            fields=[
                ('call', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, primary_key=True, related_name='+', serialize=False, to='tickets.calllog')),
                ('categories', models.JSONField(blank=True, default=list)),
                ('rules_digest', models.CharField(max_length=16)),
                ('classified_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.AddField(
            model_name='escalation',
            name='call',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tickets.calllog'),
        ),
        migrations.AddField(
            model_name='escalationentry',
            name='call',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tickets.calllog'),
        ),
    ]
