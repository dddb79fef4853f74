"""What each message of the ticket page's thread shows, worked out in Python once per message.

A thread renders a page of messages (`THREAD_RECENT`). Per message the template engine resolved a chain of
lookups, translated the kind's label, ran the `date` filter twice, reversed the avatar's URL and ran an
inclusion tag that checked the viewer's permission to report harassment again. Here the labels are translated
once per page, the permission is checked once, and each message's values are plain strings the template only
writes out (as `inbox_rows` does for the inbox).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from agents.identity import public_identity
from agents.permissions import Perm, can
from tickets.models import Message, MessageKind, Ticket
from tickets.stamps import stamp


@dataclass(frozen=True)
class AttachmentLink:
    url: str
    filename: str
    size: str


@dataclass(frozen=True)
class ThreadRow:
    pk: int
    kind: str
    suspended: bool
    shown_name: str  # the customer's handle, a reply's persona snapshot, a note author's persona
    avatar_url: str
    kind_label: str
    created_iso: str
    created_shown: str
    report_url: str  # "" unless a customer's message and the viewer may report harassment
    body: str
    signature: SafeString | str
    attachments: list[AttachmentLink]


def _avatar_url(seed: str) -> str:
    """As `{% url 'agents:avatar' seed as avatar_url %}`: no image when the seed makes no URL."""
    if not seed:
        return ""
    try:
        return reverse("agents:avatar", args=[seed])
    except NoReverseMatch:
        return ""


def thread_rows(messages: list[Message], *, ticket: Ticket, viewer, next_path: str) -> list[ThreadRow]:
    """`messages` as `ticket_thread` loads them (authors, personas, attachments). `next_path`: where a report
    of harassment returns to."""
    customer_label = _("Customer")
    labels = {
        MessageKind.INTERNAL_NOTE: _("Internal note — not visible to the customer"),
        MessageKind.PUBLIC_REPLY: _("Reply — anyone can read it")
        if ticket.replies_public
        else _("Reply — only the customer reads it"),
    }
    public_post = " ".join([customer_label, _("· public post")])  # marked outside an f-string: xgettext reads it
    # Leads' harassment reports (escalation's `report_message`), for staff who may file them.
    report_query = urlencode({"next": next_path}) if can(viewer, Perm.SAFETY_REPORT) else ""
    rows = []
    for message in messages:
        if message.kind == MessageKind.CUSTOMER:
            customer = message.author_customer or ticket.customer
            name, seed = customer.handle or customer.name, ""
            label = public_post if message.is_public_post else customer_label
        elif message.kind == MessageKind.PUBLIC_REPLY:
            name, seed = message.author_alias, message.author_avatar_seed
            label = labels[MessageKind.PUBLIC_REPLY]
        else:
            identity = public_identity(message.author_user)
            name, seed = identity.name, identity.avatar_seed
            label = labels.get(message.kind, customer_label)
        report_url = ""
        if report_query and message.kind == MessageKind.CUSTOMER:
            report_url = f"{reverse('leads:report_message', args=[message.pk])}?{report_query}"
        created_iso, created_shown = stamp(message.created_at)
        rows.append(
            ThreadRow(
                pk=message.pk,
                kind=message.kind,
                suspended=message.suspended,
                shown_name=name,
                avatar_url=_avatar_url(seed),
                kind_label=label,
                created_iso=created_iso,
                created_shown=created_shown,
                report_url=report_url,
                body=message.body,
                signature=linebreaksbr(message.author_signature, autoescape=True) if message.author_signature else "",
                attachments=[
                    AttachmentLink(
                        url=reverse("attachment_download", args=[a.pk]),
                        filename=a.filename,
                        size=filesizeformat(a.size),
                    )
                    for a in message.attachments.all()
                ],
            )
        )
    return rows
