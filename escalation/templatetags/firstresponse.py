"""The first-response checklist beside the reply composer, without redaction importing escalation."""
from django import template
from django.utils.translation import gettext

from escalation.firstresponse.checker import model_message
from escalation.responses import response_templates_for
from escalation.selectors import reply_draft_warnings

register = template.Library()


def _message(warning) -> str:
    """The warning in the viewer's language (the checker writes English, as `lint_replies` reports it)."""
    if warning.source == "model":
        return model_message(warning.code, warning.words, gettext)
    return gettext(warning.message)


def reply_checklist_context(*, ticket, body: str) -> dict:
    warnings = reply_draft_warnings(ticket=ticket, text=body)
    return {
        "ticket": ticket,
        "warnings": [{**w.as_dict(), "message": _message(w), "quote": body[w.start : w.end]} for w in warnings],
        "checked": bool(body.strip()),
    }


@register.inclusion_tag("escalation/partials/reply_checklist.html")
def reply_checklist(ticket, body, in_flight=False):
    """Warnings on the draft (never a block), re-checked as the agent types unless the reply is being sent."""
    return {**reply_checklist_context(ticket=ticket, body=body or ""), "live": not in_flight}


@register.inclusion_tag("escalation/partials/response_template_picker.html")
def response_template_picker(ticket, in_flight=False):
    """The leads' templates fit for this ticket, to insert into the draft (none while a reply is being sent)."""
    return {"ticket": ticket, "templates": [] if in_flight else list(response_templates_for(ticket))}
