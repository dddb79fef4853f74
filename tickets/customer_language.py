"""The language a customer reads: the one their emails, their pages, a reply's one-click fixes and a correction's
apology are written in. One place decides it, so a code the site does not offer ("de-AT", an old "fr") means the
same everywhere: its base language when the site offers that, else nothing, and the site's language last. Wording
that differs by language (German capitalises its nouns and declines after "mit") asks `active_language_base`.
"""
from collections.abc import Callable

from django.conf import settings
from django.utils import translation


def language_base(code: str | None) -> str:
    """The base language `code` names ("de-AT", "de_at", "de" -> "de"), "" for none."""
    return (code or "").strip().lower().replace("_", "-").partition("-")[0]


def active_language_base() -> str:
    """The base of the language active now, for wording that differs by language ("is this German?")."""
    return language_base(translation.get_language())


def language_offered(code: str | None) -> str:
    """The site language `code` names ("de-AT", "de_at" -> "de"), "" when the site offers neither it nor its
    base language."""
    code = (code or "").strip().lower().replace("_", "-")
    offered = {offered.lower() for offered, _ in settings.LANGUAGES}
    if code in offered:
        return code
    base = language_base(code)
    return base if base in offered else ""


def customer_language(customer, *, first: str | None = "", guess: Callable[[], str | None] | None = None) -> str:
    """The language `customer` (anything with a `language`, or None) reads: `first` (what the text at hand is
    written in, for a fix inside it), else their own choice, else `guess()` (what they write in, asked only when
    needed), else the site's. Each is taken only as the site language it names."""
    return (
        language_offered(first)
        or language_offered(customer.language if customer is not None else "")
        or (language_offered(guess()) if guess is not None else "")
        or settings.LANGUAGE_CODE
    )
