"""Posts from social networks and forums become tickets here (the signed webhook in `tickets.public.views`).

Each post is taken in once: `PublicPost` is unique per source and external post id, so a retried or
replayed delivery returns the first one's record. A post whose thread already has an open ticket of the same
poster threads onto it; anything else opens a ticket on the source's channel. Both go through the portal's own
services (`tickets.intake.ticket_open`, `tickets.services.customer_message_add`), so urgency detection,
suspended customers and response targets apply as they do to the portal and email. Posters are customers by
(network, handle): a name in a post is whatever they typed and identifies nobody.
"""
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tickets.intake import ticket_open
from tickets.models import Customer, MessageKind, Status, Ticket
from tickets.public.models import PublicHandle, PublicPost, PublicSource
from tickets.services import customer_message_add

SUBJECT_CHARS = 80


@dataclass(frozen=True)
class InboundPost:
    """One post as the webhook's JSON describes it (`docs/channels.md`), checked."""

    post_id: str
    thread_id: str
    handle: str
    name: str
    text: str
    title: str = ""
    url: str = ""


@dataclass(frozen=True)
class Ingested:
    post: PublicPost
    created: bool  # False: this post had been received before, and nothing new was made


def _text(data: dict, key: str, *, required: bool, limit: int, errors: dict, label: str = "") -> str:
    """A string field, stripped; its problem goes in `errors` under `label` (default: the key)."""
    label = label or key
    value = data.get(key, "")
    if isinstance(value, int) and not isinstance(value, bool) and key.endswith("_id"):
        value = str(value)
    if not isinstance(value, str):
        errors[label] = gettext("Must be a string.")
        return ""
    value = value.strip()
    if required and not value:
        errors[label] = gettext("This field is required.")
    elif len(value) > limit:
        errors[label] = gettext("At most %(max)s characters.") % {"max": number_format(limit, force_grouping=True)}
    elif "\x00" in value:
        errors[label] = gettext("Contains a null character.")
    return value


def inbound_post_parse(data: object) -> InboundPost:
    """Check the webhook's JSON; ValidationError with a message per field otherwise."""
    if not isinstance(data, dict):
        raise ValidationError({"body": _("The body must be a JSON object.")})
    errors: dict[str, str] = {}
    author = data.get("author")
    if not isinstance(author, dict):
        errors["author"] = gettext("Must be an object with a handle.")
        author = {}
    post_id = _text(data, "post_id", required=True, limit=200, errors=errors)
    thread_id = _text(data, "thread_id", required=False, limit=200, errors=errors) or post_id
    handle = _text(author, "handle", required=True, limit=100, errors=errors, label="author.handle")
    if handle and (len(handle.split()) != 1 or not handle.lstrip("@")):
        errors["author.handle"] = gettext("A handle is one word.")
    name = _text(author, "name", required=False, limit=200, errors=errors, label="author.name")
    text = _text(data, "text", required=True, limit=100_000, errors=errors)
    title = _text(data, "title", required=False, limit=200, errors=errors)
    url = _text(data, "url", required=False, limit=500, errors=errors)
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        errors["url"] = gettext("Must be an http(s) address.")
    if errors:
        raise ValidationError(errors)
    return InboundPost(post_id=post_id, thread_id=thread_id, handle=handle, name=" ".join(name.split()),
                       text=text, title=" ".join(title.split()), url=url)


def handle_key(handle: str) -> str:
    return handle.strip().lstrip("@").casefold()


def customer_for_handle(*, network: str, handle: str, name: str = "") -> Customer:
    """The customer known by this handle on this network, else a new one (their handle is public, their name is
    what they typed)."""
    key = handle_key(handle)
    known = PublicHandle.objects.filter(network=network, key=key).select_related("customer").first()
    if known is not None and known.customer.deleted_at is None:
        return known.customer
    customer = Customer.objects.create(name=(name or handle)[:200], handle=handle[:100])
    PublicHandle.objects.update_or_create(network=network, key=key, defaults={"customer": customer})
    return customer


def _thread_ticket(source: PublicSource, post: InboundPost, customer: Customer) -> Ticket | None:
    """The poster's open ticket for this thread, if any: a bystander's post in someone's thread opens a ticket
    of their own, and a closed ticket is never reopened by a new post."""
    earlier = (
        PublicPost.objects.filter(source=source, thread_id=post.thread_id, ticket__customer=customer,
                                  ticket__deleted_at__isnull=True)
        .exclude(ticket__status=Status.CLOSED)
        .select_related("ticket")
        .order_by("-created_at", "-pk")
        .first()
    )
    return earlier.ticket if earlier is not None else None


def _subject(post: InboundPost) -> str:
    if post.title:
        return post.title
    first = " ".join(post.text.split())
    return first if len(first) <= SUBJECT_CHARS else first[: SUBJECT_CHARS - 1].rstrip() + "…"


def public_post_ingest(*, source: PublicSource, post: InboundPost) -> Ingested:
    """Take one post in, once. ValidationError (nothing stored) for a post the intake refuses."""
    existing = PublicPost.objects.filter(source=source, post_id=post.post_id).select_related("ticket").first()
    if existing is not None:
        return Ingested(existing, False)
    try:
        with transaction.atomic():
            customer = customer_for_handle(network=source.network, handle=post.handle, name=post.name)
            ticket = _thread_ticket(source, post, customer)
            if ticket is not None:
                message = customer_message_add(ticket=ticket, customer=customer, body=post.text, is_public_post=True)
            else:
                ticket = ticket_open(subject=_subject(post), body=post.text, customer=customer,
                                     channel=source.channel, queue=source.queue)
                message = ticket.messages.get(kind=MessageKind.CUSTOMER)
            # Last, so a second delivery racing this one trips over the unique row and its ticket is rolled back.
            row = PublicPost.objects.create(source=source, post_id=post.post_id, thread_id=post.thread_id,
                                            ticket=ticket, message=message, url=post.url)
    except IntegrityError:
        existing = PublicPost.objects.filter(source=source, post_id=post.post_id).select_related("ticket").first()
        if existing is None:
            raise
        return Ingested(existing, False)
    return Ingested(row, True)
