"""A colleague's name in a staff page's template, from the one place that decides it (`agents.identity`)."""
from django import template

from agents.identity import persona_of, public_name

register = template.Library()


@register.filter
def staff_name(user) -> str:
    """`{{ escalation.claimed_by|staff_name }}`: the persona's alias, or the team's name in the viewer's language
    for someone without one yet; never a name a template makes up."""
    persona = persona_of(user)
    return public_name(persona.alias if persona is not None else None)
