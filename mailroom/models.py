"""Every inbound email Tact received, once: what became of it (a ticket, a reply, ignored, quarantined).

`dedupe_key` is unique, so a message fetched twice (a poll that crashed before marking it read, the same mail
posted to the HTTP door and found in the mailbox, `ingest_email` run again on a folder) is recorded and
turned into a ticket once, whichever process gets there first.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mailroom.reasons import reason_display


class Source(models.TextChoices):
    FILE = "file", _("File or Maildir (ingest_email)")
    IMAP = "imap", _("IMAP mailbox")
    HTTP = "http", _("HTTP inbound endpoint")


class Outcome(models.TextChoices):
    OPENED = "opened", _("Opened a ticket")
    REPLY = "reply", _("Added to a ticket")
    IGNORED = "ignored", _("Ignored (sent by a machine)")
    QUARANTINED = "quarantined", _("Quarantined (could not be read)")


class InboundEmail(models.Model):
    # "id:<Message-ID>", or "sha256:<hash of the bytes>" for a message without one (mailroom.parsing.dedupe_key).
    dedupe_key = models.CharField(max_length=300, unique=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    mailbox = models.CharField(max_length=100, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    # Why it was ignored (a short label) or why it could not be read (the error, for an administrator).
    reason = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    size = models.PositiveIntegerField()
    # Only for mail that is not on a ticket (ignored, quarantined): who sent it and about what, so an
    # administrator can tell it apart. Mail on a ticket is the ticket's, and is erased with its customer.
    sender = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    # The message as received, kept while quarantined (never dropped); on a ticket it is the message's
    # original.eml attachment instead.
    raw = models.BinaryField(null=True, blank=True)
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey("tickets.Message", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(default=timezone.now)
    retried_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["outcome", "-received_at"], name="inbound_outcome_idx")]
        constraints = [
            models.CheckConstraint(
                name="inbound_quarantine_keeps_the_message",
                condition=~Q(outcome="quarantined") | Q(raw__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"inbound email #{self.pk} ({self.outcome})"

    @property
    def reason_display(self) -> str:
        """Why it was ignored, in the reader's language (`mailroom.reasons`)."""
        return reason_display(self.reason)
