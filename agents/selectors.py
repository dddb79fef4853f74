"""Who is this user? Every other app asks here rather than reading roles off the user model."""
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Subquery
from django_otp.plugins.otp_totp.models import TOTPDevice

from agents.models import SessionCutoff, StaffProfile


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



# What `staff_load` reads beside the profile, for the request gates that run after it (see `staff_preloaded`).
PRELOADED = ("session_not_before", "has_totp")
NOT_LOADED = object()


def staff_load(user: User) -> None:
    """Read the user's staff profile and its persona in one query and cache both on the user object, where
    `user.staff` and `user.staff.persona` would each have run a query of their own: every staff page reads
    both (the access checks, the header's persona). The same query reads what the next gates of every staff
    request ask: the person's session cut-off and whether they have a confirmed authenticator. A user without
    a profile is cached as having none."""
    relation = User.staff.related  # type: ignore[attr-defined]
    if relation.is_cached(user):
        return
    cutoff = SessionCutoff.objects.filter(user_id=OuterRef("user_id")).values("not_before")[:1]
    profile = (
        StaffProfile.objects.select_related("persona")
        .annotate(
            session_not_before=Subquery(cutoff),
            has_totp=Exists(TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)),
        )
        .filter(user=user)
        .first()
    )
    relation.set_cached_value(user, profile)
    if profile is not None:
        relation.field.set_cached_value(profile, user)


def staff_preloaded(user, name: str):
    """`name` (one of PRELOADED) as `staff_load` read it at the start of this request, or NOT_LOADED when the
    profile was read another way (the API's callers, tasks, customers): the caller then asks the database."""
    relation = User.staff.related  # type: ignore[attr-defined]
    if user is None or not user.is_authenticated or not relation.is_cached(user):
        return NOT_LOADED
    return getattr(relation.get_cached_value(user), name, NOT_LOADED)
