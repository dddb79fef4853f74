from agents.identity import public_identity
from agents.permissions import Perm, perms_of
from agents.selectors import staff_profile


def viewer(request):
    """Tells templates whether the viewer is staff, what they may do (`viewer_can.<perm>`, the same answers
    as `agents.permissions.can`, one mapping a page) and the staff member's own persona for the header."""
    user = getattr(request, "user", None)
    perms = perms_of(user)
    viewer_can = {perm.value: perm in perms for perm in Perm}
    if staff_profile(user) is None:
        return {"viewer_is_staff": False, "viewer_is_lead": False, "viewer_can": viewer_can}
    return {
        "viewer_is_staff": True,
        "viewer_is_lead": viewer_can[Perm.SAFETY_ACT],
        "viewer_can": viewer_can,
        "viewer_identity": public_identity(user),
    }
