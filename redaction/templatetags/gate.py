"""Template tags that let ticket pages show the reply composer without tickets importing redaction."""
from django import template

register = template.Library()


@register.inclusion_tag("redaction/partials/composer.html", takes_context=True)
def gate_composer(context, ticket):
    from redaction.views import composer_context

    request = context["request"]
    return {**composer_context(request, ticket), "request": request, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("redaction/partials/policy_note.html")
def gate_policy_note(ticket):
    """What the gate checks on this ticket's channel, in the policy's own terms (one source of truth)."""
    from redaction.policy import policy_in_words

    return policy_in_words(public=ticket.replies_public)


@register.simple_tag
def held_count(user) -> int:
    """Replies held for a person in the viewer's queues: the navigation shows it on every staff page."""
    from redaction.selectors import held_replies_count

    return held_replies_count(user)
