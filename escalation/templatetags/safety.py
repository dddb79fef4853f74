"""Template tags that put escalations and safety actions on ticket pages without tickets importing escalation."""

from django import template

from agents.permissions import Perm, can
from escalation.forms import RaiseForm, ReportForm
from escalation.selectors import customer_safety, ticket_escalations

register = template.Library()


def _staff_context(context) -> dict | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not can(user, Perm.SAFETY_REPORT):
        return None
    is_lead = can(user, Perm.SAFETY_ACT)
    return {"csrf_token": context.get("csrf_token"), "next": request.get_full_path(), "is_lead": is_lead}


@register.inclusion_tag("escalation/partials/customer_safety.html", takes_context=True)
def safety_customer_panel(context, customer):
    """The customer's restriction status and a customer-level report, in the ticket page's side panel."""
    base = _staff_context(context)
    if base is None:
        return {"show": False}
    ticket = context.get("ticket")
    form = ReportForm(initial={"customer": customer.pk, "ticket": getattr(ticket, "pk", None)})
    return {**base, "show": True, "customer": customer, "form": form, "uid": f"c{customer.pk}",
            **customer_safety(customer)}


@register.inclusion_tag("escalation/partials/ticket_escalations.html", takes_context=True)
def escalation_panel(context, ticket):
    """The ticket's active escalations and an "Escalate" control (one category, an optional note), for staff."""
    base = _staff_context(context)
    if base is None:
        return {"show": False}
    form = RaiseForm(initial={"ticket": ticket.pk})
    return {**base, "show": True, "form": form, "uid": f"t{ticket.pk}", "active": ticket_escalations(ticket)}
