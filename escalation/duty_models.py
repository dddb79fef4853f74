"""Who is on duty: a lead on duty for a queue until a time (one click), or on the queue's weekly schedule. Level 1
of an escalation tells these leads."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


class Weekday(models.IntegerChoices):
    """Python's `date.weekday()`: Monday is 0."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class DutyShift(models.Model):
    """A recurring weekly shift on the queue's schedule (`escalation.schedule`): `lead` is on duty every
    `weekday` from `start` to `end`, wall-clock times in the desk's time zone. An `end` at or before `start`
    ends on the next day (22:00–06:00 crosses midnight; 00:00–00:00 is the whole day)."""

    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="+")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="duty_shifts")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["weekday", "start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["queue", "lead", "weekday", "start"], name="duty_shift_once_per_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="duty_shift_weekday_valid"),
        ]
        # Who is on now reads one queue's (or a few queues') shifts of today and yesterday.
        indexes = [models.Index(fields=["queue", "weekday", "start"], name="duty_shift_queue_day_idx")]

    def __str__(self) -> str:
        return f"lead {self.lead_id} on duty for queue {self.queue_id} on day {self.weekday} {self.start}-{self.end}"
