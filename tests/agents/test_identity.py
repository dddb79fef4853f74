import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agents.identity import TEAM_NAME_FALLBACK, identity_reveal, private_names_of, public_identity
from agents.models import AuditEntry, IdentityReveal
from tests.factories import StaffFactory


def test_everyone_sees_the_persona(alice):
    identity = public_identity(alice)
    assert identity.name == "Harbor Wren"
    assert "Realname" not in repr(identity) and "alice" not in identity.name.lower()


def test_staff_without_persona_show_as_the_team(db):
    staff = StaffFactory()
    assert public_identity(staff.user).name == TEAM_NAME_FALLBACK


def test_private_names_give_the_scanner_every_form_of_the_real_name(alice):
    assert private_names_of(alice) == ["Alicia Realname", "Alicia", "Realname"]
    assert private_names_of(None) == []


def test_admin_reveal_returns_the_real_name_and_records_it(adam, alice):
    real = identity_reveal(viewer=adam, agent_user=alice, reason="Legal request #4411 from counsel")
    assert real.full_name == "Alicia Realname"
    row = IdentityReveal.objects.get(pk=real.reveal_id)
    assert (row.viewer, row.agent, row.reason) == (adam, alice, "Legal request #4411 from counsel")
    entry = AuditEntry.objects.get(action="identity.reveal")
    assert (entry.actor, entry.target_type, entry.target_id) == (adam, "auth.user", str(alice.pk))
    assert entry.data == {"reveal": row.pk, "reason": "Legal request #4411 from counsel"}


@pytest.mark.parametrize("who", ["carol", "bob", "cora", "dave"])
def test_everyone_but_admins_is_refused_a_reveal(request, who, alice):
    viewer = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        identity_reveal(viewer=viewer, agent_user=alice, reason="Just curious about this one")
    assert not IdentityReveal.objects.exists()


def test_a_reveal_needs_a_reason(adam, alice):
    with pytest.raises(ValidationError):
        identity_reveal(viewer=adam, agent_user=alice, reason="  ")
    assert not IdentityReveal.objects.exists()
