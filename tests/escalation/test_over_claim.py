"""Closing an escalation another lead has claimed: allowed, as on-call tools allow resolving an incident someone
else acknowledged, but the page names the claimant and asks to confirm; the timeline records that it was closed
over their claim, and the claimant is told on their triage page."""
import pytest
from django.urls import reverse

from agents.models import AuditEntry
from escalation.claim_models import ClaimOverride
from escalation.models import EntryKind, Status
from escalation.services import (
    EscalationConflict,
    escalation_claim,
    escalation_raise,
    escalation_release,
    escalation_resolve,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(dave_ticket):
    return escalation_raise(ticket=dave_ticket, category="legal_regulatory", note="Letter from a lawyer")


@pytest.fixture
def held(item, lena):
    """Claimed by Lena (persona Tide Pool)."""
    return escalation_claim(escalation=item, lead=lena)


def test_the_close_forms_say_who_holds_the_claim_and_ask_to_confirm(client, carol, held):
    client.force_login(carol)
    page = client.get(reverse("leads:escalation", args=[held.pk])).content.decode()
    assert "data-over-claim" in page and "<strong>Tide Pool</strong> claimed this" in page
    assert page.count('name="confirm_over_claim"') == 2  # resolve and dismiss
    assert page.count(f'name="over_claim_of" value="{held.claimed_by_id}"') == 2


def test_the_claimant_sees_no_such_question_on_their_own_claim(client, lena, held):
    client.force_login(lena)
    page = client.get(reverse("leads:escalation", args=[held.pk])).content.decode()
    assert "confirm_over_claim" not in page and "data-over-claim" not in page


def test_closing_over_a_claim_unconfirmed_is_refused_and_keeps_what_was_typed(client, carol, held):
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[held.pk, "resolve"]),
                           {"outcome": "referred", "note": "Called the customer back."})
    text = response.content.decode()
    assert response.status_code == 409
    assert "Tide Pool holds the claim on this escalation." in text
    assert '<option value="referred" selected>' in text and "Called the customer back." in text
    held.refresh_from_db()
    assert held.status == Status.CLAIMED and not ClaimOverride.objects.exists()


def test_closing_over_a_confirmed_claim_is_recorded_and_the_claimant_is_told(client, carol, lena, held):
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[held.pk, "resolve"]), {
        "outcome": "referred", "note": "Could not wait.", "over_claim_of": lena.pk, "confirm_over_claim": "on",
    })
    assert response.status_code == 302
    held.refresh_from_db()
    assert (held.status, held.closed_by, held.claimed_by) == (Status.RESOLVED, carol, lena)
    entry = held.entries.get(kind=EntryKind.RESOLVED)
    assert entry.data == {"outcome": "referred", "over_claim": lena.pk}
    assert AuditEntry.objects.get(action="escalation.resolved").data["over_claim"] == lena.pk
    timeline = client.get(reverse("leads:escalation", args=[held.pk])).content.decode()
    assert "over the claim of Tide Pool" in timeline and "Lena Realname" not in timeline

    notice = ClaimOverride.objects.get()
    assert (notice.claimant, notice.closed_by, notice.escalation_id) == (lena, carol, held.pk)
    client.force_login(carol)  # not hers to mark read
    assert client.post(reverse("leads:claim_override_seen", args=[notice.pk])).status_code == 404
    client.force_login(lena)
    triage = client.get(reverse("leads:dashboard")).content.decode()
    assert "Closed over your claim" in triage and "North Star closed" in triage
    assert reverse("leads:escalation", args=[held.pk]) in triage
    assert client.post(reverse("leads:claim_override_seen", args=[notice.pk])).status_code == 302
    assert "Closed over your claim" not in client.get(reverse("leads:dashboard")).content.decode()


def test_a_claimant_id_past_what_the_database_holds_is_a_refused_form_not_a_server_error(client, carol, held):
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[held.pk, "resolve"]), {
        "outcome": "referred", "over_claim_of": str(10**30), "confirm_over_claim": "on",
    })
    assert response.status_code == 400 and '<option value="referred" selected>' in response.content.decode()
    held.refresh_from_db()
    assert held.status == Status.CLAIMED and not ClaimOverride.objects.exists()


def test_dismissing_over_a_claim_follows_the_same_rule(client, carol, lena, held):
    client.force_login(carol)
    url = reverse("leads:move", args=[held.pk, "dismiss"])
    assert client.post(url, {"reason": "harmless_sense"}).status_code == 409
    response = client.post(url, {"reason": "harmless_sense", "over_claim_of": lena.pk, "confirm_over_claim": "on"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Status.DISMISSED and held.entries.get(kind=EntryKind.DISMISSED).data["over_claim"] == lena.pk
    assert ClaimOverride.objects.filter(claimant=lena).count() == 1


def test_a_claim_taken_after_the_page_was_read_is_not_confirmed(carol, lena, adam, item):
    """Carol confirmed closing over Lena's claim; Lena let go and Adam claimed it meanwhile: refused, naming Adam."""
    escalation_claim(escalation=item, lead=lena)
    escalation_release(escalation=item, lead=lena)
    escalation_claim(escalation=item, lead=adam)
    with pytest.raises(EscalationConflict, match="Keystone"):
        escalation_resolve(escalation=item, lead=carol, outcome="referred", over_claim_of=lena.pk)
    # And one claimed after a page that showed no claim at all.
    with pytest.raises(EscalationConflict, match="Keystone"):
        escalation_resolve(escalation=item, lead=carol, outcome="referred")
    item.refresh_from_db()
    assert item.status == Status.CLAIMED and not ClaimOverride.objects.exists()


def test_closing_ones_own_claim_or_an_unclaimed_one_asks_nothing(carol, lena, item, dave_ticket):
    escalation_claim(escalation=item, lead=carol)
    closed = escalation_resolve(escalation=item, lead=carol, outcome="referred")
    assert "over_claim" not in closed.entries.get(kind=EntryKind.RESOLVED).data
    other = escalation_raise(ticket=dave_ticket, category="press_media")
    escalation_resolve(escalation=other, lead=lena, outcome="referred")
    assert not ClaimOverride.objects.exists()


def test_the_notice_stays_on_the_triage_page_a_refused_duty_form_returns(client, carol, lena, held, queue_a):
    escalation_resolve(escalation=held, lead=carol, outcome="referred", over_claim_of=lena.pk)
    client.force_login(lena)
    page = client.post(reverse("leads:duty"), {"queue": queue_a.pk, "action": "on", "hours": 99})
    assert page.status_code == 400 and "Closed over your claim" in page.content.decode()
