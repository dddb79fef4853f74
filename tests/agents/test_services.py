import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from agents.models import AliasRecord, Persona
from agents.services import alias_suggest, persona_assign, persona_rename, persona_update
from tests.factories import StaffFactory, UserFactory


@pytest.fixture
def newcomer(db):
    user = UserFactory(
        username="zq7newbie", first_name="Marigold", last_name="Okonkwo", email="mari@home.example"
    )
    return StaffFactory(user=user)


def test_assign_without_alias_suggests_a_two_word_alias_and_no_pronouns(newcomer):
    persona = persona_assign(staff=newcomer)
    assert len(persona.alias.split()) >= 2
    assert persona.pronouns == ""
    assert AliasRecord.objects.filter(staff=newcomer, alias=persona.alias).exists()


def test_avatar_seed_is_random_not_derived_from_the_person(newcomer):
    persona = persona_assign(staff=newcomer, alias="Tide Heron")
    assert len(persona.avatar_seed) == 16
    assert "zq7newbie" not in persona.avatar_seed


def test_alias_containing_the_real_name_is_refused(newcomer):
    with pytest.raises(ValidationError) as exc:
        persona_assign(staff=newcomer, alias="Marigold Wren")
    assert "real name" in str(exc.value)


def test_signature_containing_the_real_name_is_refused(newcomer):
    with pytest.raises(ValidationError) as exc:
        persona_assign(staff=newcomer, alias="Tide Heron", signature="Cheers, M. Okonkwo")
    assert "signature" in exc.value.message_dict


def test_short_name_fragments_inside_other_words_are_allowed(db):
    staff = StaffFactory(user=UserFactory(first_name="Al", last_name="Ng"))
    persona = persona_assign(staff=staff, alias="Calm Falcon", signature="Also happy to help.")
    assert persona.signature == "Also happy to help."


def test_a_retired_alias_is_never_given_to_someone_else(alice, newcomer):
    persona_rename(persona=alice.staff.persona, alias="Cedar Lark", actor=alice)
    assert Persona.objects.get(staff=alice.staff).alias == "Cedar Lark"
    with pytest.raises(ValidationError) as exc:
        persona_assign(staff=newcomer, alias="harbor  WREN")  # alice's old alias, any spelling
    assert "has or had" in str(exc.value)


def test_an_agent_may_take_back_their_own_old_alias(alice):
    persona = alice.staff.persona
    persona_rename(persona=persona, alias="Cedar Lark", actor=alice)
    persona_rename(persona=persona, alias="Harbor Wren", actor=alice)
    assert persona.alias == "Harbor Wren"
    assert AliasRecord.objects.filter(staff=alice.staff).count() == 2


def test_current_alias_of_a_colleague_is_refused(alice, bob):
    with pytest.raises(ValidationError):
        persona_rename(persona=bob.staff.persona, alias="Harbor Wren", actor=bob)


def test_only_the_agent_or_an_admin_may_edit_a_persona(alice, bob, adam):
    with pytest.raises(PermissionDenied):
        persona_rename(persona=alice.staff.persona, alias="Cedar Lark", actor=bob)
    persona_update(persona=alice.staff.persona, actor=adam, pronouns="they/them")
    assert Persona.objects.get(staff=alice.staff).pronouns == "they/them"


def test_new_avatar_changes_the_seed(alice):
    persona = alice.staff.persona
    old = persona.avatar_seed
    persona_update(persona=persona, actor=alice, new_avatar=True)
    assert persona.avatar_seed != old


def test_suggestion_skips_aliases_anyone_ever_had(newcomer, monkeypatch):
    import agents.services as services

    monkeypatch.setattr(services, "ALIAS_FIRST", ["Harbor", "Moss"])
    monkeypatch.setattr(services, "ALIAS_SECOND", ["Wren"])
    AliasRecord.objects.create(key="harbor wren", alias="Harbor Wren", staff=StaffFactory())
    assert alias_suggest(staff=newcomer).startswith("Moss Wren")


@override_settings(TACT_PERSONAS={"REQUIRED": True})
def test_new_staff_get_a_suggested_persona_when_required(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff = StaffFactory()
    assert Persona.objects.filter(staff=staff).exists()


def test_new_staff_get_no_persona_when_not_required(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        staff = StaffFactory()
    assert not Persona.objects.filter(staff=staff).exists()
