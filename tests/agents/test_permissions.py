"""The permission module: the role × action matrix (and its documentation), roles, elevations, contractors
seeing less, the admin closed to non-admins and showing no real names or tokens, and colleague aliases."""
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from agents.models import Elevation, Role, StaffProfile
from agents.permissions import ELEVATABLE, MATRIX, Perm, can, forget
from agents.services import COLLEAGUE_NAME, persona_update
from agents.tokens import api_token_create
from tests.factories import StaffFactory, UserFactory


@pytest.fixture
def api_as(db):
    def make(user) -> APIClient:
        client = APIClient()  # by token, so each request loads the user afresh, as a real client's does
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user).key}")
        return client

    return make


DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def _documented_matrix() -> dict[str, dict[str, str]]:
    rows = {}
    lines = DOC.read_text().splitlines()
    start = lines.index("| action | agent | contractor | lead | admin | auditor |")
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        action, *cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows[action] = dict(zip(["agent", "contractor", "lead", "admin", "auditor"], cells, strict=True))
    return rows


def test_the_documented_matrix_is_the_matrix():
    documented = _documented_matrix()
    assert set(documented) == {perm.value for perm in Perm}
    for action, cells in documented.items():
        for role, cell in cells.items():
            has = Perm(action) in MATRIX[role]
            lendable = not has and Perm(action) in ELEVATABLE and Perm.APPROVAL_REQUEST in MATRIX[role]
            assert cell == ("yes" if has else "elevation" if lendable else "no"), (action, role)


def test_every_role_has_a_row():
    assert set(MATRIX) == set(Role.values)


def test_a_contractor_without_an_end_date_is_refused_by_the_database(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffFactory(user=UserFactory(), role=Role.CONTRACTOR, access_expires_at=None)


def test_the_admin_form_says_a_contractor_needs_an_end_date(client, adam):
    user = UserFactory(username="newhire")
    client.force_login(adam)
    response = client.post("/admin/agents/staffprofile/add/", {"user": user.pk, "role": "contractor",
                                                               "created_at_0": "2026-01-01", "created_at_1": "10:00"})
    assert "A contractor&#x27;s access needs an end date." in response.content.decode()
    assert not StaffProfile.objects.filter(user=user).exists()


def test_an_auditor_reads_no_ticket_anywhere(client, audrey, dave_ticket, api_as):
    client.force_login(audrey)
    assert client.get("/inbox/").status_code == 404
    assert client.get(f"/inbox/t/{dave_ticket.reference}/").status_code == 404
    assert client.get(f"/gate/t/{dave_ticket.reference}/").status_code == 404
    assert client.get("/").url == "/team/persona/"
    api = api_as(audrey)
    assert api.get("/api/tickets/").json()["results"] == []
    assert api.get("/api/customers/").json()["results"] == []
    assert api.get(f"/api/tickets/{dave_ticket.reference}/").status_code == 404
    assert can(audrey, Perm.AUDIT_READ) and not can(audrey, Perm.TICKETS_WORK)


def test_a_contractor_sees_no_account_ids_in_the_side_panel(client, alice, cora, dave_ticket):
    client.force_login(cora)
    html = client.get(f"/inbox/t/{dave_ticket.reference}/").content.decode()
    assert "ACC-100200" not in html and "<dt>IP addresses</dt>" not in html
    assert "need an elevation" in html
    client.force_login(alice)
    html = client.get(f"/inbox/t/{dave_ticket.reference}/").content.decode()
    assert "ACC-100200" in html


def test_a_contractor_gets_no_account_ids_cards_or_ips_from_the_api(api_as, alice, cora, dave_ticket):
    dave_ticket.customer.card_last4, dave_ticket.customer.ips = ["4242"], ["203.0.113.7"]
    dave_ticket.customer.save()
    url = f"/api/customers/{dave_ticket.customer_id}/"
    body = api_as(cora).get(url).json()
    assert body["name"] == "Dave Customer"
    assert not {"account_ids", "card_last4", "ips"} & set(body)
    assert "ACC-100200" not in str(body) and "4242" not in str(body)
    assert api_as(alice).get(url).json()["account_ids"] == ["ACC-100200"]


def _lend(user, approver, *, permission="", queue_id=None, hours=1):
    return Elevation.objects.create(
        user=user, permission=permission, queue_id=queue_id, reason="Chargeback investigation this week",
        ends_at=timezone.now() + timedelta(hours=hours), approved_by=approver,
    )


def test_an_elevation_lends_private_details_until_it_ends(api_as, cora, carol, dave_ticket):
    elevation = _lend(cora, carol, permission=Perm.CUSTOMER_PRIVATE)
    url = f"/api/customers/{dave_ticket.customer_id}/"
    assert api_as(cora).get(url).json()["account_ids"] == ["ACC-100200"]
    Elevation.objects.filter(pk=elevation.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(seconds=1)
    )
    assert "account_ids" not in api_as(cora).get(url).json()


def test_a_queue_elevation_opens_that_queue_and_closes_by_itself(client, bob, carol, dave_ticket, queue_a):
    client.force_login(bob)
    page = f"/inbox/t/{dave_ticket.reference}/"
    assert client.get(page).status_code == 404
    elevation = _lend(bob, carol, queue_id=queue_a.pk)
    response = client.get(page)
    assert response.status_code == 200 and "Charged twice for March" in response.content.decode()
    Elevation.objects.filter(pk=elevation.pk).update(ended_at=timezone.now())
    assert client.get(page).status_code == 404


def test_approval_power_and_reveals_cannot_be_lent(cora, carol):
    for perm in (Perm.APPROVAL_DECIDE, Perm.IDENTITY_REVEAL, Perm.ADMIN_SITE, Perm.ALL_QUEUES):
        _lend(cora, carol, permission=perm)
    forget(cora)
    assert not any(can(cora, perm) for perm in (Perm.APPROVAL_DECIDE, Perm.IDENTITY_REVEAL, Perm.ADMIN_SITE))


def test_a_lead_flagged_is_staff_still_finds_the_admin_closed(client, carol):
    carol.is_staff = carol.is_superuser = True
    carol.save()
    client.force_login(carol)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_admin_shows_no_real_name_or_email(client, adam, alice, bob):
    client.force_login(adam)
    listing = client.get("/admin/auth/user/").content.decode()
    assert "alice" in listing and "Harbor Wren" in listing
    change = client.get(f"/admin/auth/user/{alice.pk}/change/").content.decode()
    for page in (listing, change):
        assert "Alicia" not in page and "alice@home.example" not in page and "Robert" not in page
    assert 'name="first_name"' not in change and 'name="email"' not in change
    searched = client.get("/admin/auth/user/?q=Realname").content.decode()
    assert "0 users" in searched and "Harbor Wren" not in searched  # searching by name finds nobody


def test_the_admin_never_shows_a_token(client, adam, alice):
    issued = api_token_create(user=alice, name="Laptop script")
    client.force_login(adam)
    listing = client.get("/admin/agents/apitoken/").content.decode()
    detail = client.get(f"/admin/agents/apitoken/{issued.token.pk}/change/").content.decode()
    for page in (listing, detail):
        assert "alice" in page and "Laptop script" in page and issued.token.prefix in page
        assert issued.key not in page and issued.token.digest not in page


@pytest.fixture
def marigold(db):
    user = UserFactory(username="mokonkwo", first_name="Marigold", last_name="Okonkwo", email="mari@home.example")
    return StaffFactory(user=user)


@pytest.mark.parametrize("alias", ["Marigold Okonkwo", "okonkwo  marigold", "Dear Marigold Okonkwo", "Mokonkwo Heron"])
def test_nobody_takes_a_colleagues_real_name_as_alias(cora, marigold, alias):
    with pytest.raises(ValidationError) as error:
        persona_update(persona=cora.staff.persona, actor=cora, alias=alias)
    assert error.value.message_dict["alias"] == [COLLEAGUE_NAME]


def test_a_colleagues_first_name_alone_is_still_allowed(cora, marigold):
    persona = persona_update(persona=cora.staff.persona, actor=cora, alias="Marigold Heron")
    assert persona.alias == "Marigold Heron"
    marigold.user.username = "marigold"  # a username that is only a first name tells no more than the name
    marigold.user.save()
    assert persona_update(persona=cora.staff.persona, actor=cora, alias="Heron Marigold").alias == "Heron Marigold"


def test_templates_viewer_can_answers_as_can_and_refuses_unknown_names(db, rf):
    from agents.context_processors import viewer

    for role in Role:
        ends = {"access_expires_at": timezone.now() + timedelta(days=3)} if role == Role.CONTRACTOR else {}
        request = rf.get("/")
        request.user = StaffFactory(role=role, **ends).user
        viewer_can = viewer(request)["viewer_can"]
        for perm in Perm:
            assert viewer_can[perm.value] is can(request.user, perm)
        with pytest.raises(KeyError):
            viewer_can["no_such_permission"]
