"""The leads' dashboard's figures: one small row per week, queue, metric and key.

Derived data, rebuilt at will by `escalation.dashboard.dashboard_rollup` from the tickets, escalations and the
gate's history; nothing else writes it. Imported by `escalation.models`, so Django registers it with the app.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models import Queue


class Metric(models.TextChoices):
    """What a row counts; `key` says which part of it (the column of the chart it feeds)."""

    RAISED = "raised", _("Escalations raised")  # key: category
    ACK_SLA = "ack_sla", _("Acknowledged in time")  # key: met | breached
    RESOLVE_SLA = "resolve_sla", _("Resolved in time")  # key: met | breached
    FIRST_RESPONSE_SLA = "first_response_sla", _("First response in time")  # key: met | breached
    # Tickets' SLA clocks (tickets.sla), not the escalation deadlines above.
    NEXT_RESPONSE_SLA = "next_response_sla", _("Next response in time")  # key: met | breached
    RESOLUTION_SLA = "resolution_sla", _("Resolved in time")  # key: met | breached
    ACK_TIME = "ack_time", _("Time to acknowledge")  # key: duration bucket; seconds: their sum
    FIRST_RESPONSE_TIME = "first_response_time", _("Time to first response")  # key: duration bucket
    HELD = "held", _("Replies held by the gate")  # key: finding kind, or "scanner_error"
    HELD_REPLIES = "held_replies", _("Holds")  # key: "all" (a hold with two kinds counts once here)
    CLOSED = "closed", _("Tickets closed")  # key: closure reason


class WeeklyCount(models.Model):
    week = models.DateField()  # its Monday, in the desk's time zone
    # Derived: goes with the queue. Indexed by the unique constraint below, which starts with it.
    queue = models.ForeignKey(Queue, on_delete=models.CASCADE, related_name="+", db_index=False)
    metric = models.CharField(max_length=24, choices=Metric.choices)
    key = models.CharField(max_length=40)
    count = models.PositiveIntegerField()
    # For duration metrics, the sum of the durations counted (seconds), so a mean survives summing rows.
    seconds = models.BigIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # Also the index the dashboard reads by: each of the viewer's queues, then a range of weeks.
            models.UniqueConstraint(fields=["queue", "week", "metric", "key"], name="one_weekly_count_per_key"),
        ]
        # The rollup replaces a range of weeks in every queue.
        indexes = [models.Index(fields=["week"], name="weeklycount_week_idx")]

    def __str__(self) -> str:
        return f"week of {self.week} {self.metric}:{self.key} = {self.count}"
