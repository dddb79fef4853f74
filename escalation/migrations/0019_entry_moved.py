"""A timeline entry says when its ticket moved to another queue (`moved`): choices only, no SQL."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('escalation', '0018_escalation_active_queue_idx'),
    ]

    operations = [
        migrations.AlterField(
            model_name='escalationentry',
            name='kind',
            field=models.CharField(choices=[('raised', 'Raised'), ('raised_again', 'Raised again'), ('acknowledged', 'Acknowledged'), ('claimed', 'Claimed'), ('released', 'Claim released'), ('moved', 'Moved to another queue'), ('resolved', 'Resolved'), ('dismissed', 'Dismissed'), ('note', 'Note'), ('alerted', 'Leads alerted'), ('escalated', 'Escalated to the next level'), ('retriggered', 'Re-triggered: acknowledged but not resolved in time'), ('reassign', 'Reassigned the ticket'), ('warn', 'Sent a warning'), ('restrict', 'Restricted the customer'), ('suspend', 'Suspended the customer'), ('lift', 'Lifted the restriction'), ('cause', 'Pointed at what caused it'), ('correction', 'Sent a correction through the reply gate')], max_length=20),
        ),
    ]
