"""Who is on duty: a lead on duty for a queue until a time. Level 1 of an escalation tells these leads."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from tickets.models import Queue


class LeadDuty(models.Model):
    """One row per lead and queue, moved by `escalation.duty`: on duty while `since <= now < until`. A shift
    ends by itself at `until`, so a lead who forgets to go off duty does not keep the roster wrong for ever."""

    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duties")
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField()
    until = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lead", "queue"], name="lead_duty_one_row_per_queue"),
            models.CheckConstraint(condition=Q(until__gte=F("since")), name="lead_duty_ends_after_it_starts"),
        ]
        indexes = [models.Index(fields=["queue", "until"], name="lead_duty_queue_until_idx")]

    def __str__(self) -> str:
        return f"lead {self.lead_id} on duty for queue {self.queue_id} until {self.until:%Y-%m-%d %H:%M}"
