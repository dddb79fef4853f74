"""Builds the scanner's context for a ticket from the database: everything a public reply must not repeat.

The result is the scanner's plain JSON form (see `redaction.scanner.ScanContext.from_dict`), so a scan can be
reproduced from it and the scanner never touches the ORM. Agents' real names come only from
`agents.identity.private_names_of`; nothing here reads user name fields.
"""
from typing import Any

from django.conf import settings

from agents.identity import private_names_of, public_identity
from redaction.policy import gate_setting
from tickets.models import CallLog, Message, MessageKind, Queue, Ticket


def ticket_context(*, ticket: Ticket, author) -> dict[str, Any]:
    """The scan context for a reply by `author` on `ticket`.

    Private texts cover all the customer's tickets, not just this one: a detail told in another ticket is
    just as private here.
    """
    customer = ticket.customer
    organization = customer.organization
    limit = gate_setting("CONTEXT_MAX_TEXTS")
    customer_messages = Message.objects.filter(ticket__customer=customer, kind=MessageKind.CUSTOMER)
    private = customer_messages.filter(is_public_post=False).order_by("-created_at")
    private_messages = list(private.values_list("body", flat=True)[:limit])
    public_post = "\n\n".join(
        customer_messages.filter(ticket=ticket, is_public_post=True).order_by("created_at").values_list(
            "body", flat=True
        )
    )
    notes = list(
        Message.objects.filter(ticket__customer=customer, kind=MessageKind.INTERNAL_NOTE)
        .order_by("-created_at")
        .values_list("body", flat=True)[:limit]
    )
    calls = [
        {"at": at.isoformat(), "duration_s": duration}
        for at, duration in CallLog.objects.filter(customer=customer).values_list("at", "duration_s")[:limit]
    ]
    contacts = []
    if organization is not None:
        # Plain rows, not model instances: a business customer's organization can have dozens of contacts.
        contacts = list(organization.contacts.order_by("name").values("name", "email", "phone", "role"))
    real_names = private_names_of(author)
    return {
        "channel": "public" if ticket.replies_public else "private",
        "tz": settings.TIME_ZONE,
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
        "contacts": contacts,
        "private_messages": private_messages,
        "internal_notes": notes,
        "calls": calls,
        "public_post": public_post,
        "agent": {"alias": public_identity(author).name, "real_name": real_names[0] if real_names else ""},
        "company": _company(),
    }


def _company() -> dict[str, list[str]]:
    """The company's own names and addresses: saying them is never a leak."""
    configured = gate_setting("COMPANY")
    queues = list(Queue.objects.values_list("name", "email"))
    keys = ("names", "emails", "phones", "urls", "domains", "ips")
    company = {key: list(configured.get(key, [])) for key in keys}
    company["names"] += [settings.TACT_SUPPORT_NAME, *(name for name, _ in queues)]
    company["emails"] += [settings.DEFAULT_FROM_EMAIL, *(email for _, email in queues)]
    return {key: list(dict.fromkeys(v for v in values if v)) for key, values in company.items()}
