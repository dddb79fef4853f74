"""`{% sla_badge ticket %}` for inbox rows and `{% sla_clocks ticket %}` for the ticket page."""
from django import template
from django.utils import timezone

from tickets.sla.display import badge, ticket_clocks

register = template.Library()


@register.inclusion_tag("tickets/partials/sla_badge.html")
def sla_badge(ticket):
    return {"badge": badge(ticket, timezone.now())}


@register.inclusion_tag("tickets/partials/sla_clocks.html")
def sla_clocks(ticket, oob=False):
    """`oob`: sent beside a status change's htmx answer, replacing the panel in place."""
    return {"clocks": ticket_clocks(ticket, timezone.now()), "ticket": ticket, "oob": oob}
