"""Business-hours calendars and SLA policies. Imported by `tickets.models`, so Django registers them there.

Not to be confused with the escalation queue's deadlines (`escalation.Escalation.acknowledge_by` /
`resolve_by`, set by `escalation.policy`): those time a lead's answer to an escalation; these time the desk's
answer to a customer.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.sla.businesstime import Schedule


class BusinessCalendar(models.Model):
    """When the desk works: weekly opening hours in a time zone, and holidays. SLA targets count only these
    minutes."""

    name = models.CharField(max_length=100, unique=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    # Seven lists (Monday first) of [start, end] minutes from midnight; an end past 1440 runs overnight.
    hours = models.JSONField(default=list)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def schedule(self, holidays=None) -> Schedule:
        """This calendar for the arithmetic; `holidays` (dates) saves the query when the caller has them."""
        if holidays is None:
            holidays = self.holidays.values_list("date", flat=True)
        return Schedule(
            self.time_zone, tuple(tuple((int(s), int(e)) for s, e in day) for day in self.hours), frozenset(holidays)
        )


class Holiday(models.Model):
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField()
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="one_holiday_per_calendar_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.name}".strip()


ANY_PRIORITY = 0


class SlaPolicy(models.Model):
    """Targets in business minutes for tickets of a queue, priority and channel; an empty field matches any.
    The most specific policy wins (`tickets.sla.policies.policy_for`); the one matching everything is the
    default and cannot be deleted."""

    queue = models.ForeignKey(
        "tickets.Queue", null=True, blank=True, on_delete=models.CASCADE, related_name="sla_policies"
    )
    priority = models.PositiveSmallIntegerField(default=ANY_PRIORITY)  # ANY_PRIORITY or a tickets.Priority
    channel = models.CharField(max_length=10, blank=True)  # "" or a tickets.Channel
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.PROTECT, related_name="policies")
    first_response_minutes = models.PositiveIntegerField()
    next_response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["queue__name", "-priority", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["queue", "priority", "channel"], condition=Q(queue__isnull=False),
                name="one_sla_policy_per_queue_priority_channel",
            ),
            models.UniqueConstraint(
                fields=["priority", "channel"], condition=Q(queue__isnull=True),
                name="one_sla_policy_per_priority_channel_any_queue",
            ),
            models.CheckConstraint(
                condition=Q(first_response_minutes__gt=0, next_response_minutes__gt=0, resolution_minutes__gt=0),
                name="sla_policy_targets_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"SLA policy #{self.pk}"

    @property
    def is_default(self) -> bool:
        return self.queue_id is None and self.priority == ANY_PRIORITY and not self.channel

    def clean(self) -> None:
        if self.priority != ANY_PRIORITY and self.priority not in range(1, 5):
            raise ValidationError({"priority": _("Choose a priority or “any”.")})
