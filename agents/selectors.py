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



def staff_load(user: User) -> None:
    """Read the user's staff profile and its persona in one query and cache both on the user object, where
    `user.staff` and `user.staff.persona` would each have run a query of their own: every staff page reads
    both (the access checks, the header's persona). A user without a profile is cached as having none."""
    relation = User.staff.related  # type: ignore[attr-defined]
    if relation.is_cached(user):
        return
    profile = StaffProfile.objects.select_related("persona").filter(user=user).first()
    relation.set_cached_value(user, profile)
    if profile is not None:
        relation.field.set_cached_value(profile, user)
