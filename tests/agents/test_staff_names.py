"""Names of colleagues on staff pages come from `agents.identity`: the persona's alias, or the team's name (in
the viewer's language) for someone without one; never a fallback a template makes up, never a real name."""
import pytest
from django.urls import reverse

from agents.approvals import approval_reject
from agents.models import Role
from escalation.services import escalation_claim, escalation_raise
from tests.conftest import _staff
from tickets.approvals import customer_delete_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def lena(queue_a):
    """A lead of queue A who has not chosen a persona yet."""
    user = _staff("lena", "Lena Realname", Role.LEAD, "Tide Pool", [queue_a])
    user.staff.persona.delete()
    return user


@pytest.mark.parametrize(("language", "team"), [("en", "Support team"), ("de", "Support-Team")])
def test_the_triage_list_names_the_claimer_and_the_raiser_as_identity_does(
        client, carol, lena, alice, dave_ticket, language, team):
    alice.staff.persona.delete()
    by_alice = escalation_raise(ticket=dave_ticket, category="press_media", raised_by=alice)
    escalation_claim(escalation=by_alice, lead=lena)
    by_carol = escalation_raise(ticket=dave_ticket, category="legal_regulatory", raised_by=carol)
    escalation_claim(escalation=by_carol, lead=carol)
    client.force_login(carol)
    page = client.get(reverse("leads:triage_list"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    rows = {pk: page.split(f'data-id="{pk}"', 1)[1].split("</tr>", 1)[0] for pk in (by_alice.pk, by_carol.pk)}
    assert rows[by_alice.pk].count(team) == 2  # claimed by lena, raised by alice: neither has a persona
    assert rows[by_carol.pk].count("North Star") == 2
    for made_up in ("a lead", "a team member", "Lena", "Alicia", "Caroline"):
        assert made_up not in page


@pytest.mark.parametrize(("language", "team"), [("en", "Support team"), ("de", "Support-Team")])
def test_the_approvals_page_names_who_asked_and_who_decided_as_identity_does(
        client, carol, lena, dave_ticket, language, team):
    action = customer_delete_request(customer=dave_ticket.customer, requested_by=lena, reason="Asked us to close.")
    client.force_login(lena)
    assert "<td>—</td>" in client.get(reverse("agents:approvals")).content.decode()  # nobody decided yet
    client.force_login(carol)
    page = client.get(reverse("agents:approvals"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<strong>{team}</strong>" in page
    assert "a colleague" not in page and "Lena" not in page
    approval_reject(action=action, approver=carol)
    client.force_login(lena)
    assert "<td>North Star</td>" in client.get(reverse("agents:approvals")).content.decode()


def test_the_escalation_page_names_the_claimer_and_the_timelines_actors_as_identity_does(
        client, carol, lena, dave_ticket):
    escalation = escalation_claim(escalation=escalation_raise(ticket=dave_ticket, category="press_media"), lead=lena)
    client.force_login(carol)
    page = client.get(reverse("leads:escalation", args=[escalation.pk])).content.decode()
    claimed = page.split("Claimed by</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert claimed.startswith("Support team at ")
    assert "by Support team" in page.split('class="timeline"', 1)[1]  # acknowledged and claimed by lena
    assert "a lead" not in page and "a team member" not in page and "Lena" not in page
