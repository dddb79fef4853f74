"""Adding and renaming customer organizations (the Django admin is where staff do it). Every signed-in customer
of an organization reads its name, so the name passes `tickets.names.public_name_check` against the staff
directory and the details of the people who read it; each change is audited. Contacts are the desk's own notes
about the organization's people and are never shown to customers."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agents.audit import audit_record
from agents.permissions import Perm, require
from tickets.models import Organization
from tickets.names import organization_people, public_name_check
from tickets.services import text_errors

NAME_MAX = 200
DOMAIN_MAX = 200


def organization_validate(*, name: str, domain: str, organization: Organization | None = None) -> dict[str, str]:
    """The values to write, normalised, or a ValidationError by field."""
    values = {"name": " ".join((name or "").split()), "domain": (domain or "").strip().lower()}
    errors = text_errors(values)
    if "name" not in errors:
        if not values["name"] or len(values["name"]) > NAME_MAX:
            errors["name"] = _("Give the organization a name of at most %(max)d characters.") % {"max": NAME_MAX}
        else:
            emails, phones = organization_people(organization)
            try:
                public_name_check(value=values["name"], field="name", person=False, emails=emails, phones=phones)
            except ValidationError as exc:
                errors["name"] = exc.message_dict["name"][0]
    if "domain" not in errors and len(values["domain"]) > DOMAIN_MAX:
        errors["domain"] = _("At most %(max)d characters.") % {"max": DOMAIN_MAX}
    if errors:
        raise ValidationError(errors)
    return values


def organization_create(*, actor, name: str, domain: str = "", request=None) -> Organization:
    require(actor, Perm.ADMIN_SITE, "Only administrators add organizations.")
    values = organization_validate(name=name, domain=domain)
    with transaction.atomic():
        organization = Organization.objects.create(**values)
        audit_record(actor=actor, action="organization.create", target=organization, request=request, data=values)
    return organization


def organization_update(*, actor, organization: Organization, name: str, domain: str, request=None) -> Organization:
    """Rename an organization or change its domain; only what changed is written, under a lock, and audited.

    The name is checked under the organization's lock, against its people as they are then: a customer joining
    it or a contact added (each takes a key-share lock on the organization's row) waits for the rename, or is
    read by it, so a name holding a newcomer's email or phone cannot slip in between the check and the write."""
    require(actor, Perm.ADMIN_SITE, "Only administrators change organizations.")
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        values = organization_validate(name=name, domain=domain, organization=locked)
        changed = {field: [getattr(locked, field), value] for field, value in values.items()
                   if getattr(locked, field) != value}
        if changed:
            Organization.objects.filter(pk=organization.pk).update(**values)
            audit_record(actor=actor, action="organization.update", target=organization, request=request,
                         data=changed)
    organization.refresh_from_db()
    return organization
