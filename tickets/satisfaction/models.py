"""Customer satisfaction: one survey per solved ticket, rated once through a signed link (`tickets.satisfaction`)."""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    GOOD = "good", _("Good")
    BAD = "bad", _("Bad")


class SatisfactionSurvey(models.Model):
    """Asked when a ticket is first solved as resolved; answered once (`rated_at`), never edited after.

    The queue and the persona that answered last are kept as they were when the ticket was solved, so a ticket
    moved later, or an alias renamed, does not move its rating to someone else in the leads' figures.
    """

    ticket = models.OneToOneField("tickets.Ticket", on_delete=models.PROTECT, related_name="survey")
    customer = models.ForeignKey("tickets.Customer", on_delete=models.PROTECT, related_name="+")
    queue = models.ForeignKey("tickets.Queue", on_delete=models.PROTECT, related_name="+")
    persona = models.ForeignKey("agents.Persona", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    alias = models.CharField(max_length=60, blank=True, help_text=_("The persona the customer read last, as shown."))
    created_at = models.DateTimeField(default=timezone.now)
    rating = models.CharField(max_length=4, choices=Rating.choices, blank=True, db_default="")
    comment = models.TextField(blank=True, db_default="")
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rated_at__isnull=True, rating="", comment="")
                | Q(rated_at__isnull=False, rating__in=["good", "bad"]),
                name="survey_rated_once_with_a_rating",
            ),
        ]
        # The leads' figures: a range of rating times within a few queues.
        indexes = [models.Index(fields=["queue", "rated_at"], condition=Q(rated_at__isnull=False),
                                name="survey_rated_idx")]

    def __str__(self) -> str:
        return f"survey of {self.ticket_id} ({self.rating or 'unrated'})"
