"""Template tags that put escalations and safety actions on ticket pages without tickets importing escalation."""

from django import template

from agents.permissions import Perm, can
from escalation.forms import RaiseForm, ReportForm
from escalation.selectors import customer_safety, ticket_page_safety
from tickets.models import Ticket

register = template.Library()


def _staff_context(context) -> dict | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not can(user, Perm.SAFETY_REPORT):
        return None
    is_lead = can(user, Perm.SAFETY_ACT)
    return {"csrf_token": context.get("csrf_token"), "next": request.get_full_path(), "is_lead": is_lead}


def _page_safety(context, ticket) -> tuple[list, int]:
    """`ticket_page_safety`, read once for the request's two panels."""
    request = context.get("request")
    cached = getattr(request, "_tact_ticket_safety", None)
    if cached is None or cached[0] != ticket.pk:
        cached = (ticket.pk, ticket_page_safety(ticket))
        request._tact_ticket_safety = cached
    return cached[1]


@register.inclusion_tag("escalation/partials/customer_safety.html", takes_context=True)
def safety_customer_panel(context, customer):
    """The customer's restriction status and a customer-level report, in the ticket page's side panel."""
    base = _staff_context(context)
    if base is None:
        return {"show": False}
    ticket = context.get("ticket")
    form = ReportForm(initial={"customer": customer.pk, "ticket": getattr(ticket, "pk", None)})
    if isinstance(ticket, Ticket) and ticket.customer_id == customer.pk:
        safety = {"restriction": customer.restriction, "open_reports": _page_safety(context, ticket)[1]}
    else:
        safety = customer_safety(customer)
    return {**base, "show": True, "customer": customer, "form": form, "uid": f"c{customer.pk}", **safety}


@register.inclusion_tag("escalation/partials/ticket_escalations.html", takes_context=True)
def escalation_panel(context, ticket):
    """The ticket's active escalations and an "Escalate" control (one category, an optional note), for staff."""
    base = _staff_context(context)
    if base is None:
        return {"show": False}
    form = RaiseForm(initial={"ticket": ticket.pk})
    return {**base, "show": True, "form": form, "uid": f"t{ticket.pk}", "active": _page_safety(context, ticket)[0]}
