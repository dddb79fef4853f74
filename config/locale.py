"""Each viewer's language and time zone: a signed-in person's own choice, else the browser's language and the site's
time zone.

The choice lives on the staff profile or the customer (customers' emails need it with no browser to ask) and is
copied into the session when someone signs in or changes it, so a request pays no query to know it.
"""

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone, translation

from tickets.customer_language import active_language_base, customer_language

SESSION_KEY = "tact_locale"


@cache
def time_zone_names() -> list[str]:
    """Every IANA time zone this machine knows, sorted; the only values a preference may hold."""
    return sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC")


def label_in_sentence(label: str) -> str:
    """A choice's label inside a sentence ("Escalated as press or media."): lower case, except in German, which
    capitalises its nouns."""
    return label if active_language_base() == "de" else label.lower()


def language_valid(code: str) -> bool:
    return code in {code for code, _ in settings.LANGUAGES}


def time_zone_valid(name: str) -> bool:
    return name in time_zone_names()


def _owner(user):
    """The row that keeps this user's choice: their staff profile, else their customer record, else None."""
    from agents.models import StaffProfile
    from tickets.models import Customer

    for model in (StaffProfile, Customer):
        row = model.objects.filter(user=user).only("pk", "language", "time_zone").first()
        if row is not None:
            return row
    return None


def viewer_locale(user) -> tuple[str, str]:
    """(language, time zone) the user chose; blank for what they left to the browser or the site."""
    owner = _owner(user)
    return (owner.language, owner.time_zone) if owner is not None else ("", "")


def locale_preferences_set(*, user, language: str, time_zone: str) -> None:
    """Save a signed-in person's language and time zone (blank: the default). Invalid values are refused."""
    if language and not language_valid(language):
        raise ValueError(f"unknown language {language!r}")
    if time_zone and not time_zone_valid(time_zone):
        raise ValueError(f"unknown time zone {time_zone!r}")
    with transaction.atomic():
        owner = _owner(user)
        if owner is None:
            raise ValueError("this account has neither a staff profile nor a customer record")
        type(owner).objects.filter(pk=owner.pk).update(language=language, time_zone=time_zone)


def locale_remember(request: HttpRequest, *, language: str, time_zone: str) -> None:
    request.session[SESSION_KEY] = [language, time_zone]


@receiver(user_logged_in, dispatch_uid="config.locale_remember")
def _remember_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        language, time_zone = viewer_locale(user)
        locale_remember(request, language=language, time_zone=time_zone)


class ViewerLocaleMiddleware:
    """Activates the signed-in viewer's own language (over LocaleMiddleware's guess) and time zone per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language, time_zone = "", ""
        if request.user.is_authenticated:
            language, time_zone = request.session.get(SESSION_KEY) or ("", "")
        if language and language_valid(language):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        if time_zone and time_zone_valid(time_zone):
            timezone.activate(zoneinfo.ZoneInfo(time_zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


@contextmanager
def customer_locale(customer) -> Iterator[None]:
    """Render an email in the customer's language and time zone (the site's where they chose none): an email has
    no browser to ask, and it is read long after the request that sent it. Also takes a staff profile, which
    keeps the same two choices (`staff_locale`)."""
    language = customer_language(customer)
    zone = customer.time_zone if time_zone_valid(customer.time_zone) else settings.TIME_ZONE
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        yield


@contextmanager
def staff_locale(user) -> Iterator[None]:
    """Render a staff member's email (a lead's alert) in their own language and time zone, the site's where
    they chose none or have no staff profile."""
    from agents.models import StaffProfile

    profile = StaffProfile.objects.filter(user=user).only("language", "time_zone").first()
    with customer_locale(profile or StaffProfile(language="", time_zone="")):
        yield
