"""The first-response checklist beside the reply composer, without redaction importing escalation."""
from django import template

from escalation.selectors import reply_draft_warnings

register = template.Library()


def reply_checklist_context(*, ticket, body: str) -> dict:
    warnings = reply_draft_warnings(ticket=ticket, text=body)
    return {
        "ticket": ticket,
        "warnings": [{**w.as_dict(), "quote": body[w.start : w.end]} for w in warnings],
        "checked": bool(body.strip()),
    }


@register.inclusion_tag("escalation/partials/reply_checklist.html")
def reply_checklist(ticket, body, in_flight=False):
    """Warnings on the draft (never a block), re-checked as the agent types unless the reply is being sent."""
    return {**reply_checklist_context(ticket=ticket, body=body or ""), "live": not in_flight}
