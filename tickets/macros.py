"""Canned responses with placeholders.

Only values fit for the reply's readers may be filled in: a macro that could insert the customer's email or
phone, or their real name where the public reads the reply, would write the very leak the reply scanner exists
to stop. So the placeholder set is closed, the greeting name depends on the channel (`customer_greeting_name`),
and rendering never uses `str.format` (which would allow `{ticket.customer.name}` attribute access).
"""
from string import Formatter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from agents.identity import public_identity
from tickets.models import Macro, Ticket

PLACEHOLDERS = {
    "customer_first_name": "How to greet the customer: their first name where only they read the reply, their "
    "public handle where anyone can (or “there”)",
    "customer_handle": "The customer's public handle (or “there” when they have none)",
    "agent_alias": "Your persona's alias",
    "ticket_reference": "The ticket's reference, e.g. T-1A2B3C4D",
    "queue_name": "The ticket's queue",
    "support_name": "The support team's name",
}
HANDLE_FALLBACK = "there"


def customer_greeting_name(*, ticket: Ticket) -> str:
    """The name a greeting uses. On a private channel only the customer reads the reply, so their own first name is
    fine (and friendlier than '@dave_77'); on a public one the world reads it, so their public handle only."""
    customer = ticket.customer
    if not ticket.replies_public:
        first = (customer.name or "").split()
        if first:
            return first[0]
    return customer.handle or HANDLE_FALLBACK


def _parse(body: str) -> list[tuple[str, str | None]]:
    """Split a macro into (literal, placeholder) pairs, refusing anything outside the closed set."""
    try:
        parts = list(Formatter().parse(body))
    except ValueError as exc:
        raise ValidationError(
            {"body": f"The macro's braces do not match ({exc}). Write a literal brace as {{{{ or }}}}."}
        ) from exc
    allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    pieces = []
    for literal, field, spec, conversion in parts:
        if field is not None:
            if field not in PLACEHOLDERS or spec or conversion:
                suffix = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                shown = "{" + field + suffix + "}"
                raise ValidationError(
                    {"body": f"Unknown placeholder {shown}. Macros may only use: {allowed}."}
                )
        pieces.append((literal, field))
    return pieces


def macro_validate(body: str) -> None:
    """Raise ValidationError unless every placeholder in the body is one of PLACEHOLDERS."""
    _parse(body)


def macro_render(*, macro: Macro, ticket: Ticket, agent) -> str:
    """The macro's text for this ticket, written as this agent's persona."""
    values = {
        "customer_first_name": customer_greeting_name(ticket=ticket),
        "customer_handle": ticket.customer.handle or HANDLE_FALLBACK,
        "agent_alias": public_identity(agent).name,
        "ticket_reference": ticket.reference,
        "queue_name": ticket.queue.name,
        "support_name": settings.TACT_SUPPORT_NAME,
    }
    return "".join(literal + (values[field] if field else "") for literal, field in _parse(macro.body))


def macros_for(*, ticket: Ticket) -> QuerySet[Macro]:
    """The macros offered on a ticket: its queue's and the global ones."""
    return Macro.objects.filter(Q(queue=ticket.queue_id) | Q(queue__isnull=True)).order_by("name")
