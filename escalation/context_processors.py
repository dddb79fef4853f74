from agents.permissions import Perm, can
from escalation.selectors import claim_overrides_unseen_count, unacknowledged_count


def escalations(request):
    """For leads, on every page: how many escalations in their queues nobody has acknowledged yet, and how many
    were closed over their claim without their having marked it read."""
    user = getattr(request, "user", None)
    if not can(user, Perm.SAFETY_ACT):
        return {}
    return {"escalations_open": unacknowledged_count(user), "claims_closed_over": claim_overrides_unseen_count(user)}
