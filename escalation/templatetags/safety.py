"""Template tags that put safety actions on ticket pages without tickets importing escalation."""
from django import template

register = template.Library()


@register.inclusion_tag("escalation/partials/flag_message.html", takes_context=True)
def safety_flag(context, message):
    return {"message": message, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("escalation/partials/customer_safety.html", takes_context=True)
def safety_customer_panel(context, customer):
    return {"customer": customer, "csrf_token": context.get("csrf_token")}
