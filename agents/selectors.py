"""Who is this user? Every other app asks here rather than reading roles off the user model."""
from django.contrib.auth.models import AnonymousUser, User

from agents.models import StaffProfile


def staff_profile(user: User | AnonymousUser | None) -> StaffProfile | None:
    """The user's staff profile if they are active staff whose access has not expired."""
    if user is None or not user.is_authenticated:
        return None
    try:
        profile = user.staff
    except StaffProfile.DoesNotExist:
        return None
    if profile.is_expired or not user.is_active:
        return None
    return profile

