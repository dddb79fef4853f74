from django.test import override_settings
from django.urls import reverse

from agents.models import IdentityReveal, PendingAction, Persona
from tests.factories import StaffFactory, UserFactory


def test_persona_page_shows_the_alias_never_the_real_name(client, alice):
    client.force_login(alice)
    response = client.get(reverse("agents:persona"))
    html = response.content.decode()
    assert "Harbor Wren" in html
    assert "Alicia" not in html and "Realname" not in html
    assert reverse("agents:avatar", kwargs={"seed": alice.staff.persona.avatar_seed}) in html


def test_persona_page_saves_a_rename(client, alice):
    client.force_login(alice)
    data = {"alias": "Cedar Lark", "pronouns": "", "signature": "Thanks!"}
    response = client.post(reverse("agents:persona"), data)
    assert response.status_code == 302
    persona = Persona.objects.get(staff=alice.staff)
    assert (persona.alias, persona.signature) == ("Cedar Lark", "Thanks!")


def test_refused_signature_keeps_what_was_typed(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("agents:persona"), {"alias": "Cedar Lark", "pronouns": "she/her", "signature": "Alicia R."}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "must not contain your real name" in html
    assert "Cedar Lark" in html and "she/her" in html
    assert Persona.objects.get(staff=alice.staff).alias == "Harbor Wren"


def test_suggest_button_fills_a_new_alias_without_saving(client, alice):
    client.force_login(alice)
    response = client.post(reverse("agents:persona"), {"suggest": "1", "alias": "x", "pronouns": "ze/zir"})
    assert response.status_code == 200
    assert "ze/zir" in response.content.decode()
    assert Persona.objects.get(staff=alice.staff).alias == "Harbor Wren"


def test_customers_cannot_open_the_persona_page(client, dave):
    client.force_login(dave)
    assert client.get(reverse("agents:persona")).status_code == 404


@override_settings(TACT_PERSONAS={"REQUIRED": True})
def test_staff_without_persona_are_sent_to_the_persona_page_first(client, db):
    staff = StaffFactory(user=UserFactory(username="newagent"))
    client.force_login(staff.user)
    response = client.get("/leads/")
    assert response.status_code == 302 and response.url == reverse("agents:persona")
    response = client.post(reverse("agents:persona"), {"alias": "Steady Kite"})
    assert response.status_code == 302
    assert Persona.objects.get(staff=staff).alias == "Steady Kite"
    assert client.get(reverse("agents:persona")).status_code == 200


@override_settings(TACT_PERSONAS={"REQUIRED": False})
def test_staff_without_persona_may_work_when_not_required(client, db):
    staff = StaffFactory(user=UserFactory(username="newagent"))
    client.force_login(staff.user)
    assert client.get(reverse("agents:persona")).status_code == 200


def test_admin_asks_a_second_admin_approves_and_the_reveal_page_shows_it(client, adam, alice):
    client.force_login(adam)
    page = client.get(reverse("agents:reveal")).content.decode()
    assert "Harbor Wren" in page and "Alicia" not in page  # chosen by alias
    client.post(reverse("agents:reveal"), {"agent": alice.pk, "reason": "Court order 2026-118"})
    response = client.get(reverse("agents:reveal"))
    assert "Alicia" not in response.content.decode() and not IdentityReveal.objects.exists()
    assert response["Cache-Control"] == "no-store"

    second = StaffFactory(user=UserFactory(username="admin2"), role="admin").user
    client.force_login(second)
    action = PendingAction.objects.get(kind="identity_reveal")
    assert "Harbor Wren" in client.get(reverse("agents:approvals")).content.decode()
    client.post(reverse("agents:approval_decide", args=[action.pk]), {"decision": "approve"})
    assert "Alicia" not in client.get(reverse("agents:reveal")).content.decode()  # shown to the asker only

    client.force_login(adam)
    assert "Alicia Realname" in client.get(reverse("agents:reveal")).content.decode()
    assert IdentityReveal.objects.filter(viewer=adam, agent=alice).count() == 1


def test_reveal_without_reason_reveals_nothing(client, adam, alice):
    client.force_login(adam)
    response = client.post(reverse("agents:reveal"), {"agent": alice.pk, "reason": ""})
    assert "Alicia" not in response.content.decode()
    assert not IdentityReveal.objects.exists()


def test_leads_and_agents_cannot_open_the_reveal_page(client, carol, alice):
    for user in (carol, alice):
        client.force_login(user)
        assert client.get(reverse("agents:reveal")).status_code == 404
        data = {"agent": alice.pk, "reason": "Just checking who"}
        assert client.post(reverse("agents:reveal"), data).status_code == 404
    assert not IdentityReveal.objects.exists()


def test_refused_alias_is_explained_in_german(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("agents:persona"),
        {"alias": "Alicia Wren", "pronouns": "", "signature": ""},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ein Alias darf weder Ihren echten Namen" in html
    assert "Alicia Wren" in html
