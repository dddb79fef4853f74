"""`{% sla_clocks ticket %}` for the ticket page (inbox rows carry their badge: `tickets.inbox_rows`)."""
from django import template
from django.utils import timezone

from tickets.sla.display import ticket_clocks

register = template.Library()


@register.inclusion_tag("tickets/partials/sla_clocks.html")
def sla_clocks(ticket, oob=False):
    """`oob`: sent beside a status change's htmx answer, replacing the panel in place."""
    return {"clocks": ticket_clocks(ticket, timezone.now()), "ticket": ticket, "oob": oob}
