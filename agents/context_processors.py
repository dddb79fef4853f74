from agents.identity import public_identity
from agents.selectors import is_lead, staff_profile


def viewer(request):
    """Tells templates whether the viewer is staff, and the staff member's own persona for the header."""
    user = getattr(request, "user", None)
    profile = staff_profile(user)
    if profile is None:
        return {"viewer_is_staff": False, "viewer_is_lead": False}
    return {
        "viewer_is_staff": True,
        "viewer_is_lead": is_lead(user),
        "viewer_identity": public_identity(user),
    }
