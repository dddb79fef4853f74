from agents.permissions import Perm, can
from escalation.selectors import unacknowledged_count


def escalations(request):
    """For leads, on every page: how many escalations in their queues nobody has acknowledged yet."""
    user = getattr(request, "user", None)
    if not can(user, Perm.SAFETY_ACT):
        return {}
    return {"escalations_open": unacknowledged_count(user)}
