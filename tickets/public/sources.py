"""Administrators manage the public sources posting through the signed inbound webhook (`docs/channels.md`).

The signing secret is made here, shown once and then only used: the pages never show it again (rotate it to
hand out a new one). A source is never deleted, since its posts and tickets point at it: turning it off makes
its webhook answer 404 `unknown_source`.
"""
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from agents.audit import audit_record
from agents.permissions import Perm, require
from tickets.models import Queue
from tickets.public.models import PUBLIC_CHANNEL_CHOICES, PublicSource
from tickets.services import text_check

SLUG_MAX = 50
NETWORK_MAX = 60


def source_secret_new() -> str:
    """43 URL-safe characters (256 bits), well over the 24 the model asks of a secret typed in the admin."""
    return "tactps_" + secrets.token_urlsafe(32)


def _check(*, channel: str, queue: Queue | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if channel not in dict(PUBLIC_CHANNEL_CHOICES):
        errors["channel"] = _("Choose social media or a public forum.")
    if queue is not None and queue.archived_at is not None:
        errors["queue"] = _("This queue is archived: choose another one, or none.")
    return errors


def source_create(
    *, admin, slug: str, network: str, channel: str, queue: Queue | None, request=None
) -> tuple[PublicSource, str]:
    """A new active source and its signing secret, returned this once."""
    require(admin, Perm.CHANNELS_MANAGE)
    errors = _check(channel=channel, queue=queue)
    slug, network = (slug or "").strip().lower(), (network or "").strip().lower()
    try:
        validate_slug(slug)
    except ValidationError:
        errors["slug"] = _("Letters, digits, hyphens and underscores only: it is part of the webhook's address.")
    else:
        if len(slug) > SLUG_MAX:
            errors["slug"] = _("At most %(max)d characters.") % {"max": SLUG_MAX}
        elif PublicSource.objects.filter(slug=slug).exists():
            errors["slug"] = _("Another source has this name.")
    try:
        text_check(network, field="network")
    except ValidationError:
        errors["network"] = _("This text contains a null character; remove it and try again.")
    else:
        if not network or len(network) > NETWORK_MAX or any(c.isspace() for c in network):
            errors["network"] = _(
                "Give the network's name without spaces, e.g. mastodon.social (≤ %(max)d)."
            ) % {"max": NETWORK_MAX}
    if errors:
        raise ValidationError(errors)
    secret = source_secret_new()
    with transaction.atomic():
        source = PublicSource.objects.create(slug=slug, network=network, channel=channel, queue=queue,
                                             secret=secret)
        audit_record(actor=admin, action="public_source.create", target=source, request=request,
                     data={"slug": slug, "network": network, "channel": channel,
                           "queue": queue.slug if queue else None})
    return source, secret


def source_update(
    *, admin, source: PublicSource, channel: str, queue: Queue | None, active: bool, request=None
) -> PublicSource:
    """Change where a source's new threads land, its channel, or turn it off (or on again). Its slug and network
    stay: senders post to the slug, and the network is what makes its posters' handles customers."""
    require(admin, Perm.CHANNELS_MANAGE)
    errors = _check(channel=channel, queue=queue)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        PublicSource.objects.filter(pk=source.pk).update(channel=channel, queue=queue, active=active)
        audit_record(actor=admin, action="public_source.update", target=source, request=request,
                     data={"slug": source.slug, "channel": channel, "queue": queue.slug if queue else None,
                           "active": active})
    source.refresh_from_db()
    return source


def source_secret_rotate(*, admin, source: PublicSource, request=None) -> str:
    """A new secret, in force for the next request: the sender must switch to it (the old one stops at once)."""
    require(admin, Perm.CHANNELS_MANAGE)
    secret = source_secret_new()
    with transaction.atomic():
        PublicSource.objects.filter(pk=source.pk).update(secret=secret)
        audit_record(actor=admin, action="public_source.rotate_secret", target=source, request=request,
                     data={"slug": source.slug})
    source.secret = secret
    return secret
