from agents.identity import public_identity
from agents.permissions import Perm, ViewerCan, can
from agents.selectors import staff_profile


def viewer(request):
    """Tells templates whether the viewer is staff, what they may do (`viewer_can.<perm>`, the same answers
    as `agents.permissions.can`) and the staff member's own persona for the header."""
    user = getattr(request, "user", None)
    profile = staff_profile(user)
    if profile is None:
        return {"viewer_is_staff": False, "viewer_is_lead": False, "viewer_can": ViewerCan(user)}
    return {
        "viewer_is_staff": True,
        "viewer_is_lead": can(user, Perm.SAFETY_ACT),
        "viewer_can": ViewerCan(user),
        "viewer_identity": public_identity(user),
    }
