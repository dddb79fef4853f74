import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agents.approvals import approval_approve
from agents.identity import (
    TEAM_NAME_FALLBACK,
    address_names_staff,
    private_names_of,
    public_identity,
    public_names,
)
from agents.models import AuditEntry, IdentityReveal, PendingAction
from agents.reveals import identities_revealed_to, identity_reveal_request
from tests.factories import StaffFactory, UserFactory


def test_everyone_sees_the_persona(alice):
    identity = public_identity(alice)
    assert identity.name == "Harbor Wren"
    assert "Realname" not in repr(identity) and "alice" not in identity.name.lower()


def test_staff_without_persona_show_as_the_team(db):
    staff = StaffFactory()
    assert public_identity(staff.user).name == TEAM_NAME_FALLBACK


def test_a_list_of_staff_names_each_as_public_identity_does(alice, bob):
    from django.contrib.auth.models import User

    nameless = StaffFactory().user
    users = User.objects.filter(pk__in=[alice.pk, bob.pk, nameless.pk]).order_by("-pk")
    assert public_names(users) == [(u.pk, public_identity(u).name) for u in users]
    assert dict(public_names(users))[nameless.pk] == TEAM_NAME_FALLBACK
    assert "Realname" not in repr(public_names(users))


def test_on_staff_pages_the_teams_name_is_translated_but_what_customers_see_stays_as_published(db):
    from django.contrib.auth.models import User
    from django.utils import translation

    nameless = StaffFactory().user
    with translation.override("de"):
        assert dict(public_names(User.objects.filter(pk=nameless.pk))) == {nameless.pk: "Support-Team"}
        assert public_identity(nameless).name == TEAM_NAME_FALLBACK == "Support team"


def test_private_names_give_the_scanner_every_form_of_the_real_name(alice):
    assert private_names_of(alice) == ["Alicia Realname", "Alicia", "Realname"]
    assert private_names_of(None) == []


@pytest.fixture
def admin2(db):
    return StaffFactory(user=UserFactory(username="admin2"), role="admin").user


def test_a_reveal_is_recorded_when_a_second_admin_approves_it(adam, admin2, alice):
    action = identity_reveal_request(viewer=adam, agent_user=alice, reason="Legal request #4411 from counsel")
    assert identities_revealed_to(adam) == [] and not IdentityReveal.objects.exists()
    approval_approve(action=action, approver=admin2)
    [real] = identities_revealed_to(adam)
    assert real.full_name == "Alicia Realname"
    row = IdentityReveal.objects.get(pk=real.reveal_id)
    assert (row.viewer, row.agent, row.reason) == (adam, alice, "Legal request #4411 from counsel")
    entry = AuditEntry.objects.get(action="identity.reveal")
    assert (entry.actor, entry.target_type, entry.target_id) == (adam, "auth.user", str(alice.pk))
    assert entry.data == {"reveal": row.pk, "reason": "Legal request #4411 from counsel", "approved_by": admin2.pk}
    assert identities_revealed_to(admin2) == []  # the approver does not see it


def test_no_admin_reveals_alone_and_leads_cannot_approve(adam, carol, alice):
    action = identity_reveal_request(viewer=adam, agent_user=alice, reason="Legal request #4411 from counsel")
    for decider in (adam, carol):
        with pytest.raises(PermissionDenied):
            approval_approve(action=action, approver=decider)
    assert not IdentityReveal.objects.exists()


@pytest.mark.parametrize("who", ["carol", "bob", "cora", "dave"])
def test_everyone_but_admins_is_refused_a_reveal(request, who, alice):
    viewer = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        identity_reveal_request(viewer=viewer, agent_user=alice, reason="Just curious about this one")
    assert not PendingAction.objects.exists()


def test_a_reveal_needs_a_reason(adam, alice):
    with pytest.raises(ValidationError):
        identity_reveal_request(viewer=adam, agent_user=alice, reason="  ")
    assert not PendingAction.objects.exists()


def _staff(username, first, last, email):
    return StaffFactory(user=UserFactory(username=username, first_name=first, last_name=last, email=email)).user


@pytest.mark.parametrize("address", ["support@desk.example", "Help@desk.example", "customer-care@desk.example",
                                     "no-reply@desk.example", "billing.team@desk.example"])
def test_a_role_mailbox_is_not_a_name_because_a_username_is_a_role_word(db, address):
    """Accounts named for a role ("support", "help") are common; they do not make the role's mailbox a person's."""
    for username in ("support", "help", "customercare", "noreply", "billingteam"):
        _staff(username, "Pat", "Realname", f"pat.{username}@home.example")
    assert not address_names_staff(address)


@pytest.mark.parametrize(("staff", "address"), [
    (("pat", "Pat", "Realname", "support@home.example"), "support@desk.example"),  # their own email's mailbox
    (("robin", "Robin", "Help", "robin@home.example"), "help@desk.example"),  # their real (last) name
    (("hopeful", "Care", "Bear", "hb@home.example"), "care@desk.example"),  # their real (first) name
    (("support", "Pat", "Realname", "pat@home.example"), "pat.realname@desk.example"),  # a name, not a role
])
def test_a_role_mailbox_still_names_staff_by_their_own_email_or_real_name(db, staff, address):
    _staff(*staff)
    assert address_names_staff(address)
