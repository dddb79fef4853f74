"""Builds the scanner's context for a ticket from the database: everything a public reply must not repeat.

The result is the scanner's plain JSON form (see `redaction.scanner.ScanContext.from_dict`), so a scan can be
reproduced from it and the scanner never touches the ORM. Agents' real names come only from
`agents.identity.private_names_of`; nothing here reads user name fields.

The worker scans replies in batches, so contexts are built for many tickets at once with one query per kind of
detail, whatever the batch's size.

A customer others were merged into (`tickets.merges`) carries the duplicates' details and names in their own
lists, and the duplicates' tickets, so their messages and calls are here too; on a public channel the
duplicates' names are listed as contacts.

The retro-audit asks for a context `as_of` a reply's publication: a reply can only leak what was private when
it went out, not what the customer wrote or said afterwards (quoting our reply back to us, say).

Every staff member's real identity is in each context ("staff"): a reply must not name a colleague either. "now"
is when the reply is written (`as_of`, else the time of the build; the worker puts each version's Send time
there), so "yesterday at 3" can be matched to a call.
"""
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from agents.identity import private_names_of, public_identity, staff_private_identities
from redaction.policy import desk_regions, gate_setting
from tickets.models import CallLog, Contact, Message, MessageKind, Queue, Ticket


def context_under_alias(context: dict[str, Any], alias: str) -> dict[str, Any]:
    """`context` for a reply that goes out under `alias` (frozen at Send), which the body may name, rather than
    its author's alias today; unchanged without one. The worker and the retro-audit scan under it alike."""
    return {**context, "agent": {**context["agent"], "alias": alias}} if alias else context


def ticket_context(*, ticket: Ticket, author, as_of: datetime | None = None) -> dict[str, Any]:
    """The scan context for a reply by `author` on `ticket` (as it stood at `as_of`, if given)."""
    return ticket_contexts([(ticket, author)], as_of=as_of)[ticket.pk, _author_key(author)]


def ticket_contexts(
    pairs: Iterable[tuple[Ticket, Any]], *, as_of: datetime | None = None
) -> dict[tuple[int, int | None], dict[str, Any]]:
    """Scan contexts keyed by (ticket id, author id), for replies by each author on each ticket.

    Private texts cover all the customer's tickets, not just this one: a detail told in another ticket is
    just as private here. Tickets should come with `customer__organization` selected.

    With `as_of`, the customer's messages (private and public posts) and the notes are those created before
    it and the calls those at or before it, each the newest `CONTEXT_MAX_TEXTS` of that time. The customer's
    profile fields, their organization's contacts, the agent's names and alias and the company's own details
    are as they are now: nothing keeps their history, so a phone added since counts and one removed since
    does not. Without `as_of` (the worker's call), the queries are exactly today's.
    """
    pairs = list(pairs)
    tickets = {ticket.pk: ticket for ticket, _ in pairs}
    customer_ids = {ticket.customer_id for ticket in tickets.values()}
    organization_ids = {t.customer.organization_id for t in tickets.values() if t.customer.organization_id}
    limit = gate_setting("CONTEXT_MAX_TEXTS")
    private, notes, public_posts = _texts(customer_ids, tickets, limit=limit, as_of=as_of)
    call_logs = CallLog.objects.filter(customer_id__in=customer_ids)
    if as_of is not None:
        call_logs = call_logs.filter(at__lte=as_of)
    calls: dict[int, list[tuple]] = defaultdict(list)
    for customer_id, at, duration in _newest(call_logs, "customer_id", by="at", limit=limit).values_list(
        "customer_id", "at", "duration_s"
    ):
        calls[customer_id].append((at, duration))
    contacts: dict[int, list[dict]] = defaultdict(list)
    # Plain rows, not model instances: a business customer's organization can have dozens of contacts.
    for organization_id, name, email, phone, role in (
        Contact.objects.filter(organization_id__in=organization_ids)
        .order_by("name", "id")
        .values_list("organization_id", "name", "email", "phone", "role")
    ):
        contacts[organization_id].append({"name": name, "email": email, "phone": phone, "role": role})
    company = _company()
    staff = staff_private_identities()
    regions = desk_regions()
    now = (as_of or timezone.now()).isoformat()
    return {
        (ticket.pk, _author_key(author)): _context(
            ticket,
            author,
            private_messages=private[ticket.customer_id],
            notes=notes[ticket.customer_id],
            calls=calls[ticket.customer_id],
            public_post="\n\n".join(reversed(public_posts[ticket.pk])),
            contacts=contacts[ticket.customer.organization_id] if ticket.customer.organization_id else [],
            company=company,
            staff=staff,
            regions=regions,
            now=now,
        )
        for ticket, author in pairs
    }


def _author_key(author) -> int | None:
    return author.pk if author is not None else None


def _texts(customer_ids, tickets, *, limit: int, as_of: datetime | None) -> tuple[dict, dict, dict]:
    """Each customer's newest private messages and internal notes, and the tickets' public posts, newest
    first, in one query: the worker builds contexts on every reply's path. `as_of` filters before the
    window ranks, so the newest `limit` are those of that time."""
    private: dict[int, list[str]] = defaultdict(list)
    notes: dict[int, list[str]] = defaultdict(list)
    public_posts: dict[int, list[str]] = defaultdict(list)
    messages = Message.objects.filter(
        ticket__customer_id__in=customer_ids, kind__in=(MessageKind.CUSTOMER, MessageKind.INTERNAL_NOTE)
    )
    if as_of is not None:
        messages = messages.filter(created_at__lt=as_of)
    rows = _newest(messages, "ticket__customer_id", "kind", "is_public_post", by="created_at", limit=limit)
    for customer_id, ticket_id, kind, is_public_post, body in rows.values_list(
        "ticket__customer_id", "ticket_id", "kind", "is_public_post", "body"
    ):
        if kind == MessageKind.INTERNAL_NOTE:
            notes[customer_id].append(body)
        elif not is_public_post:
            private[customer_id].append(body)
        elif ticket_id in tickets:
            public_posts[ticket_id].append(body)
    return private, notes, public_posts


def _newest(queryset, *partition: str, by: str, limit: int):
    """The newest `limit` rows of each partition, newest first (a window function: one query for a batch)."""
    rank = Window(RowNumber(), partition_by=[F(field) for field in partition], order_by=[F(by).desc(), F("id").desc()])
    return queryset.annotate(rank=rank).filter(rank__lte=limit).order_by(f"-{by}", "-id")


def _context(
    ticket: Ticket, author, *, private_messages, notes, calls, public_post, contacts, company, staff, regions, now
) -> dict:
    customer = ticket.customer
    organization = customer.organization
    real_names = private_names_of(author)
    return {
        "channel": "public" if ticket.replies_public else "private",
        "tz": settings.TIME_ZONE,
        # The desk's regions: national phone numbers are read in them as well (TACT_REDACTION["REGIONS"]).
        "regions": regions,
        "customer": {
            "name": customer.name,
            "handle": customer.handle,
            "emails": list(customer.emails),
            "phones": list(customer.phones),
            "addresses": list(customer.addresses),
            "account_ids": list(customer.account_ids),
            "cards": list(customer.card_last4),
            "ips": list(customer.ips),
            "organization": organization.name if organization else "",
        },
        # The customer may be listed among their organization's contacts too: there they are the customer
        # (on a channel only they read, their own name is not a leak), not a colleague.
        "contacts": [dict(row) for row in contacts if not _is_customer(row, customer)]
        + _merged_name_contacts(customer, public=ticket.replies_public),
        "private_messages": list(private_messages),
        "internal_notes": list(notes),
        # In the agents' timezone: the call's own wall clock (the scanner also reads "at" in its own offset).
        "calls": [{"at": timezone.localtime(at).isoformat(), "duration_s": duration} for at, duration in calls],
        "public_post": public_post,
        "agent": {"alias": public_identity(author).name, "real_name": real_names[0] if real_names else ""},
        "company": company,
        "staff": staff,
        "now": now,
    }


def _merged_name_contacts(customer, *, public: bool) -> list[dict]:
    """The names of duplicates merged into this customer (`tickets.merges`), as contacts, on a public channel
    only: their emails, phones and other details were added to the customer's own at the merge, but the scanner
    knows one customer name; where only the customer reads, their former name is theirs to see."""
    if not public:
        return []
    role = "merged customer record"
    rows = [{"name": name, "email": "", "phone": "", "role": role} for name in customer.merged_names]
    return [row for row in rows if not _is_customer(row, customer)]


def _is_customer(contact: dict, customer) -> bool:
    email = (contact["email"] or "").strip().lower()
    if email and email in {e.strip().lower() for e in customer.emails}:
        return True
    return " ".join(contact["name"].split()).lower() == " ".join(customer.name.split()).lower()


def _company() -> dict[str, list[str]]:
    """The company's own names and addresses: saying them is never a leak."""
    configured = gate_setting("COMPANY")
    queues = list(Queue.objects.values_list("name", "email"))
    keys = ("names", "emails", "phones", "urls", "domains", "ips")
    company = {key: list(configured.get(key, [])) for key in keys}
    company["names"] += [settings.TACT_SUPPORT_NAME, *(name for name, _ in queues)]
    company["emails"] += [settings.DEFAULT_FROM_EMAIL, *(email for _, email in queues)]
    return {key: list(dict.fromkeys(v for v in values if v)) for key, values in company.items()}
