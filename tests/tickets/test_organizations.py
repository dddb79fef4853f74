"""Organizations are added and renamed through `tickets.organizations`: the name is checked as customers read it,
and each change is audited."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agents.models import AuditEntry
from tests.factories import ContactFactory, OrganizationFactory
from tickets.models import Organization
from tickets.organizations import organization_create, organization_update

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_an_organization_and_it_is_audited(adam):
    organization = organization_create(actor=adam, name="  Harper   Logistics ", domain=" Harper.Example ")
    assert (organization.name, organization.domain) == ("Harper Logistics", "harper.example")
    entry = AuditEntry.objects.get(action="organization.create")
    assert entry.actor == adam and entry.data == {"name": "Harper Logistics", "domain": "harper.example"}


def test_a_rename_writes_and_audits_only_what_changed(adam):
    organization = OrganizationFactory(name="Acme", domain="acme.example")
    organization_update(actor=adam, organization=organization, name="Acme Holdings", domain="acme.example")
    organization.refresh_from_db()
    assert organization.name == "Acme Holdings"
    assert AuditEntry.objects.get(action="organization.update").data == {"name": ["Acme", "Acme Holdings"]}
    organization_update(actor=adam, organization=organization, name="Acme Holdings", domain="acme.example")
    assert AuditEntry.objects.filter(action="organization.update").count() == 1


def test_a_name_that_names_staff_or_a_contacts_number_is_refused_and_nothing_is_written(adam, alice):
    organization = OrganizationFactory(name="Acme", domain="acme.example")
    ContactFactory(organization=organization, phone="+61 412 345 678")
    for name, words in (("Acme (Alicia Realname)", "Alicia Realname"), ("Acme 0412 345 678", "0412 345 678")):
        with pytest.raises(ValidationError) as caught:
            organization_update(actor=adam, organization=organization, name=name, domain="acme.example")
        assert f"(“{words}”)" in caught.value.message_dict["name"][0]
    assert Organization.objects.get(pk=organization.pk).name == "Acme"
    assert not AuditEntry.objects.filter(action__startswith="organization.").exists()


def test_only_administrators_change_organizations(alice, carol):
    organization = OrganizationFactory(name="Acme")
    for user in (alice, carol):
        with pytest.raises(PermissionDenied):
            organization_update(actor=user, organization=organization, name="Other", domain="")
        with pytest.raises(PermissionDenied):
            organization_create(actor=user, name="Other")
    assert list(Organization.objects.values_list("name", flat=True)) == ["Acme"]
