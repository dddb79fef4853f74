"""Canned responses with placeholders.

Only values fit for the reply's readers may be filled in: a macro that could insert the customer's email or
phone, or their real name where the public reads the reply, would write the very leak the reply scanner exists
to stop. So the placeholder set is closed, the greeting name depends on the channel (`customer_greeting_name`),
and rendering never uses `str.format` (which would allow `{ticket.customer.name}` attribute access).
"""
from string import Formatter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agents.audit import audit_record
from agents.identity import public_identity
from agents.permissions import Perm, can, require
from tickets.access import macros_managed_by, queues_managed_by
from tickets.models import Macro, Queue, Ticket
from tickets.services import body_length_check

PLACEHOLDERS = {
    "customer_first_name": _(
        "How to greet the customer: their first name where only they read the reply, their "
        "public handle where anyone can (or “there”)"
    ),
    "customer_handle": _("The customer's public handle (or “there” when they have none)"),
    "agent_alias": _("Your persona's alias"),
    "ticket_reference": _("The ticket's reference, e.g. T-1A2B3C4D"),
    "queue_name": _("The ticket's queue"),
    "support_name": _("The support team's name"),
}
HANDLE_FALLBACK = "there"
NAME_MAX = 100


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
            {"body": _("The macro's braces do not match (%(exc)s). Write a literal brace as {{ or }}.") % {"exc": exc}}
        ) from exc
    allowed = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    pieces = []
    for literal, field, spec, conversion in parts:
        if field is not None:
            if field not in PLACEHOLDERS or spec or conversion:
                suffix = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                shown = "{" + field + suffix + "}"
                raise ValidationError(
                    {"body": _("Unknown placeholder %(shown)s. Macros may only use: %(allowed)s.")
                        % {"shown": shown, "allowed": allowed}}
                )
        pieces.append((literal, field))
    return pieces


def macro_validate(body: str) -> None:
    """Raise ValidationError unless every placeholder in the body is one of PLACEHOLDERS."""
    _parse(body)


def _fill(body: str, values: dict[str, str]) -> str:
    return "".join(literal + (values[field] if field else "") for literal, field in _parse(body))


def macro_render(*, macro: Macro, ticket: Ticket, agent) -> str:
    """The macro's text for this ticket, written as this agent's persona. It goes into the composer, so what is
    sent still passes the reply gate like any text the agent typed."""
    return _fill(macro.body, {
        "customer_first_name": customer_greeting_name(ticket=ticket),
        "customer_handle": ticket.customer.handle or HANDLE_FALLBACK,
        "agent_alias": public_identity(agent).name,
        "ticket_reference": ticket.reference,
        "queue_name": ticket.queue.name,
        "support_name": settings.TACT_SUPPORT_NAME,
    })


def macro_preview(*, body: str, queue: Queue | None, agent) -> str:
    """The body as an agent would see it, with example values for the ticket's side; ValidationError for an
    unknown placeholder."""
    return _fill(body, {
        "customer_first_name": "Dana",
        "customer_handle": "@dana_example",
        "agent_alias": public_identity(agent).name,
        "ticket_reference": "T-1A2B3C4D",
        "queue_name": queue.name if queue is not None else "Billing",
        "support_name": settings.TACT_SUPPORT_NAME,
    })


def macro_save(*, actor, macro: Macro | None, name: str, body: str, queue: Queue | None, request=None) -> Macro:
    """Create (`macro=None`) or change a macro. A lead writes macros for the queues they lead; a shared macro
    (no queue) is offered everywhere, so only someone who acts in every queue writes one."""
    require(actor, Perm.MACROS_MANAGE)
    shared_ok = can(actor, Perm.ALL_QUEUES)
    if macro is not None and not macros_managed_by(actor).filter(pk=macro.pk).exists():
        raise PermissionDenied("You do not lead this macro's queue.")
    errors: dict[str, str] = {}
    name = " ".join((name or "").split())
    if not name or len(name) > NAME_MAX or "\x00" in name:
        errors["name"] = _("Give the macro a name of at most %(max)d characters.") % {"max": NAME_MAX}
    elif Macro.objects.exclude(pk=macro.pk if macro else None).filter(name__iexact=name).exists():
        errors["name"] = _("Another macro has this name.")
    if queue is None and not shared_ok:
        errors["queue"] = _("Choose one of the queues you lead; only administrators write macros for every queue.")
    elif queue is not None and not queues_managed_by(actor).filter(pk=queue.pk).exists():
        errors["queue"] = _("Choose one of the queues you lead.")
    try:
        body_length_check(body or "")
        if not (body or "").strip():
            raise ValidationError({"body": _("Write the macro's text.")})
        macro_validate(body)
    except ValidationError as exc:
        errors["body"] = exc.message_dict.get("body", exc.messages)[0]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if macro is None:
            macro = Macro.objects.create(name=name, body=body, queue=queue)
            action = "macro.create"
        else:
            Macro.objects.filter(pk=macro.pk).update(name=name, body=body, queue=queue)
            macro.refresh_from_db()
            action = "macro.update"
        audit_record(actor=actor, action=action, target=macro, request=request,
                     data={"name": name, "queue": queue.slug if queue else None})
    return macro


def macros_for(*, ticket: Ticket) -> QuerySet[Macro]:
    """The macros offered on a ticket: its queue's and the global ones."""
    return Macro.objects.filter(Q(queue=ticket.queue_id) | Q(queue__isnull=True)).order_by("name")
