"""Names customers read that staff may write: an organization's name (every signed-in customer of it reads it)
and a customer's name typed on the New ticket page (the customer reads it once the record has a login).

They are not replies, so the reply gate does not scan them; `public_name_check` checks them when they are
written, on every path that writes one (the admin, the New ticket page and its service), and refuses a name
that holds what a name never needs: an email address, a phone number, a card, bank or government id number,
an IP address, or a member of staff's full real name or username. A first name alone is an ordinary part of
names ("Harper Logistics" with an agent called Harper) and passes. The rule is the reply gate's scanner's,
registered here by `redaction` when the apps load (`public_name_check_register`; tickets never imports it).

What customers are shown goes through `public_names_shown` as well, so a name written before the check, or one
that names someone who joined the staff since, is withheld from them rather than shown unchecked. The check is
the reader's: a customer's own emails and numbers are theirs to read, so a customer whose name is their email
reads it in their own record, while anyone else (another customer, the public page of a thread) is not shown it.
"""
from collections.abc import Callable, Iterable, Sequence

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext, gettext_lazy

from tickets.models import Customer, Organization

_check: Callable[..., list[list[dict]]] | None = None

# What each kind of finding is, in the words of the error a writer reads.
_WHAT = {
    "email": gettext_lazy("an email address"),
    "phone": gettext_lazy("a phone number"),
    "person": gettext_lazy("the real name or username of a member of staff"),
    "card": gettext_lazy("a card number"),
    "iban": gettext_lazy("a bank account number"),
    "gov_id": gettext_lazy("a government id number"),
    "ip": gettext_lazy("an IP address"),
}


def public_name_check_register(check: Callable[..., list[list[dict]]]) -> None:
    """Called by the reply gate's app at start-up: `check(*, texts, person, emails, phones, own_emails,
    own_phones)` returns, for each text, the findings that refuse it as a name customers read
    (`redaction.textcheck.name_findings`)."""
    global _check
    _check = check


def _findings(texts: Sequence[str], person: Sequence[bool], emails: Sequence[str] = (),
              phones: Sequence[str] = (), reader: Customer | None = None) -> list[list[dict]]:
    if _check is None:
        raise ImproperlyConfigured("The reply gate's name check is not registered: a name cannot be checked.")
    own_emails, own_phones = (list(reader.emails or []), list(reader.phones or [])) if reader else ([], [])
    return _check(texts=list(texts), person=list(person), emails=list(emails), phones=list(phones),
                  own_emails=own_emails, own_phones=own_phones)


def organization_people(organization: Organization | None) -> tuple[list[str], list[str]]:
    """The emails and phones of the people who read an organization's name (its customers, its contacts): each
    is refused in any form the scanner finds it, and their numbers' regions read national numbers (as the desk's
    regions do, `TACT_REDACTION["REGIONS"]`)."""
    if organization is None or organization.pk is None:
        return [], []
    emails: list[str] = []
    phones: list[str] = []
    for customer_emails, customer_phones in organization.customers.values_list("emails", "phones"):
        emails += customer_emails or []
        phones += customer_phones or []
    for email, phone in organization.contacts.values_list("email", "phone"):
        emails.append(email)
        phones.append(phone)
    return [e for e in dict.fromkeys(emails) if e], [p for p in dict.fromkeys(phones) if p]


def public_name_check(
    *, value: str, field: str, person: bool, emails: Iterable[str] = (), phones: Iterable[str] = ()
) -> str:
    """`value` on one line, or a ValidationError on `field` saying what customers must not read in it and quoting
    the words (the writer typed them; nothing else is named). `person`: a person's name, which may be exactly a
    staff member's full name (people share names); an organization's may not. `emails` and `phones`: the
    details of the people who will read it, refused in any form (`organization_people`)."""
    value = " ".join((value or "").split())
    findings = _findings([value], [person], list(emails), list(phones))[0]
    if findings:
        first = findings[0]
        what = _WHAT.get(first["kind"], gettext_lazy("private details"))
        raise ValidationError({field: gettext(
            "Customers read this name, so it cannot hold %(what)s (“%(words)s”). Remove it: a name needs none."
        ) % {"what": what, "words": value[first["start"]:first["end"]]}})
    return value


def public_names_shown(names: Sequence[tuple[str, bool]], *, reader: Customer | None = None) -> list[str | None]:
    """Each (name, is a person's) as a customer may read it: the name, or None where the check refuses it (a
    name written before the check, or naming someone who has joined the staff since). Empty names stay empty.
    `reader`: the one customer they are shown to, whose own emails and numbers refuse nothing (their own record,
    their own tickets); None where anyone may read them (a public thread's page)."""
    wanted = [(index, name, person) for index, (name, person) in enumerate(names) if name]
    shown: list[str | None] = [name for name, _person in names]
    if wanted:
        findings = _findings([name for _, name, _ in wanted], [person for _, _, person in wanted], reader=reader)
        for (index, _name, _person), found in zip(wanted, findings, strict=True):
            if found:
                shown[index] = None
    return shown
