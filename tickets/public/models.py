"""Public channels: the social networks and forums that post to Tact, who posts there, and every post received.

A post is taken in once (`PublicPost` is unique per source and external post id); a thread's later posts find
their ticket by the external thread id; a poster is a customer by (network, handle), never by a name.
"""
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PUBLIC_CHANNEL_CHOICES = [("social", _("Social media")), ("forum", _("Public forum"))]


class PublicSource(models.Model):
    """A network or forum posting through the signed inbound webhook (`docs/channels.md`), with its own secret."""

    slug = models.SlugField(max_length=50, unique=True, help_text=_("Names the source in its webhook's address."))
    network = models.CharField(
        max_length=60, help_text=_("Handles are unique per network (e.g. mastodon.social): two sources of one "
                                 "network share their customers."))
    channel = models.CharField(max_length=10, choices=PUBLIC_CHANNEL_CHOICES, default="social")
    secret = models.CharField(max_length=200, validators=[MinLengthValidator(24)],
                              help_text=_("Shared with the sender, who signs every request with it (24+ characters)."))
    queue = models.ForeignKey("tickets.Queue", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text=_("Where new threads land; empty: the intake's usual routing."))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class PublicHandle(models.Model):
    """Who a public handle on a network is among our customers. `key` is the handle without case or a leading @."""

    network = models.CharField(max_length=60)
    key = models.CharField(max_length=100)
    customer = models.ForeignKey("tickets.Customer", on_delete=models.PROTECT, related_name="public_handles")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "key"], name="one_customer_per_network_handle")]

    def __str__(self) -> str:
        return f"{self.key}@{self.network}"


class PublicPost(models.Model):
    """One post received, once: a replayed or retried delivery finds this row and changes nothing."""

    source = models.ForeignKey(PublicSource, on_delete=models.PROTECT, related_name="posts")
    post_id = models.CharField(max_length=200)
    thread_id = models.CharField(max_length=200)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey("tickets.Message", on_delete=models.PROTECT, related_name="+")
    url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "post_id"], name="one_public_post_per_source_id")]
        indexes = [models.Index(fields=["source", "thread_id", "-created_at"], name="public_post_thread_idx")]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.post_id}"
