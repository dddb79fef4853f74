from agents.permissions import Perm, can
from escalation.selectors import nav_counts


def escalations(request):
    """For leads, on every page: how many escalations in their queues nobody has acknowledged yet, and how many
    were closed over their claim without their having marked it read."""
    user = getattr(request, "user", None)
    if not can(user, Perm.SAFETY_ACT):
        return {}
    return nav_counts(user)
