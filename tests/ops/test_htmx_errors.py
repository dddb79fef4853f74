"""An htmx action that is refused, finds nothing or lost a race shows a message on the page (config/htmx_errors.py):
htmx 2 swaps no 4xx answer by default, so before this the lead's click or the agent's form did nothing visible."""
import json
import re

import pytest
from django.urls import reverse

from escalation.services import escalation_claim, escalation_raise, escalation_resolve
from tickets.services import ticket_change

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/leads/"}


@pytest.fixture
def item(dave_ticket):
    return escalation_raise(ticket=dave_ticket, category="legal_regulatory", note="Letter from a lawyer")


@pytest.fixture
def lena(queue_a):
    from agents.models import Role
    from tests.conftest import _staff
    return _staff("lena", "Lena Realname", Role.LEAD, "Tide Pool", [queue_a])


def _alert(response) -> str:
    """What htmx puts in the page: the answer goes to the alert region, whatever the element asked for."""
    assert response["HX-Retarget"] == "#htmx-alert" and response["HX-Reswap"] == "innerHTML"
    text = response.content.decode()
    assert "<html" not in text and "data-htmx-error" in text
    return text


def test_a_claim_another_lead_won_says_who_holds_it(client, carol, lena, item):
    escalation_claim(escalation=item, lead=lena)
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[item.pk, "claim"]), headers=HX)
    assert response.status_code == 409
    text = _alert(response)
    assert "Already claimed by Tide Pool." in text and "Lena Realname" not in text
    assert 'href="/leads/"' in text  # reload the page the lead is on


@pytest.mark.parametrize("current", ["http://testserver//evil.example/", "evil.example/x", ""])
def test_the_reload_link_never_points_at_another_host(client, carol, lena, item, current):
    escalation_claim(escalation=item, lead=lena)
    client.force_login(carol)
    headers = {"HX-Request": "true", "HX-Current-URL": current}
    text = _alert(client.post(reverse("leads:move", args=[item.pk, "claim"]), headers=headers))
    assert "Already claimed by Tide Pool." in text and "evil.example" not in text


def test_resolving_one_resolved_meanwhile_says_so(client, carol, lena, item):
    escalation_resolve(escalation=item, lead=lena, outcome="referred")
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[item.pk, "resolve"]), {"outcome": "referred"}, headers=HX)
    assert response.status_code == 409 and "Already resolved by Tide Pool." in _alert(response)


def test_acting_on_one_out_of_the_leads_queues_says_it_is_gone(client, lena, adam, item, dave_ticket, queue_b):
    ticket_change(ticket=dave_ticket, actor=adam, queue=queue_b)
    client.force_login(lena)
    response = client.post(reverse("leads:move", args=[item.pk, "claim"]), headers=HX)
    assert response.status_code == 404
    assert "no longer in your queues" in _alert(response)


def test_the_triage_poll_of_someone_no_longer_a_lead_says_so(client, alice):
    client.force_login(alice)
    response = client.get(reverse("leads:triage_list"), headers=HX)
    assert response.status_code == 404 and "no longer in your queues" in _alert(response)


def test_a_plain_post_still_gets_the_whole_page(client, carol, lena, item):
    escalation_claim(escalation=item, lead=lena)
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[item.pk, "claim"]))
    assert response.status_code == 409 and "HX-Retarget" not in response
    assert "<html" in response.content.decode() and "Already claimed by Tide Pool." in response.content.decode()


def test_the_message_is_in_the_viewers_language(client, carol, lena, item):
    from agents.models import StaffProfile
    StaffProfile.objects.filter(user=carol).update(language="de")
    escalation_claim(escalation=item, lead=lena)
    client.force_login(carol)
    text = _alert(client.post(reverse("leads:move", args=[item.pk, "claim"]), headers=HX))
    assert "Tide Pool" in text and "Already claimed" not in text


def test_every_page_has_the_alert_region_and_htmx_swaps_these_statuses(client, carol):
    client.force_login(carol)
    page = client.get(reverse("leads:dashboard")).content.decode()
    assert 'id="htmx-alert"' in page
    config = json.loads(re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', page).group(1))
    handled = next(rule for rule in config["responseHandling"] if rule["code"] == "40[349]")
    assert handled["swap"] is True and handled["select"] == "[data-htmx-error]"
    # Before the catch-all that leaves other errors unswapped (static/js/tact.js speaks for those).
    codes = [rule["code"] for rule in config["responseHandling"]]
    assert codes.index("40[349]") < codes.index("[45]..")
