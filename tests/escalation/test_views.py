"""The leads' triage and escalation pages, the nav count, and raising from a ticket page."""
import pytest
from django.urls import reverse

from escalation.models import EntryKind, Escalation, Status
from escalation.services import escalation_claim, escalation_dismiss, escalation_raise

pytestmark = pytest.mark.django_db


def test_triage_lists_soonest_breach_first_with_counts_and_severity(
    client, carol, dave_ticket, erin_ticket, django_assert_max_num_queries
):
    escalation_raise(ticket=erin_ticket, category="legal_regulatory")
    escalation_raise(ticket=dave_ticket, category="self_harm")
    escalation_raise(ticket=dave_ticket, category="press_media")
    client.force_login(carol)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("leads:dashboard")).content.decode()
    order = [html.index(label) for label in ("Self-harm</a>", "Press or media</a>", "Legal or regulatory</a>")]
    assert order == sorted(order)
    assert 'class="sev-4' in html and "Critical" in html
    assert 'data-category="self_harm">Self-harm <span class="count">1</span>' in html
    assert "3 active" in html
    assert f'hx-get="{reverse("leads:triage_list")}"' in html and "every 5s" in html
    assert "<script>" not in html  # CSP: scripts come from static files only


def test_triage_list_partial_shows_a_new_escalation_without_reload(client, carol, dave_ticket):
    client.force_login(carol)
    assert "Nothing to triage" in client.get(reverse("leads:triage_list")).content.decode()
    escalation_raise(ticket=dave_ticket, category="threat_violence")
    partial = client.get(reverse("leads:triage_list")).content.decode()
    assert "Threat of violence" in partial and "<html" not in partial


def test_lead_outside_the_queue_sees_nothing_of_it(client, lou, raised):
    client.force_login(lou)
    assert "Self-harm</a>" not in client.get(reverse("leads:dashboard")).content.decode()
    assert client.get(reverse("leads:escalation", args=[raised.pk])).status_code == 404
    assert client.post(reverse("leads:move", args=[raised.pk, "claim"])).status_code == 404
    assert client.post(reverse("leads:safety_action", args=[raised.pk]), {"kind": "suspend"}).status_code == 404
    assert Escalation.objects.get(pk=raised.pk).status == Status.OPEN


def test_nav_count_on_every_staff_page_for_leads(client, carol, lou, raised, dave_ticket):
    client.force_login(carol)
    inbox = client.get(reverse("inbox")).content.decode()
    assert 'id="escalations-open" class="nav-count has"' in inbox and ">1</span>" in inbox
    escalation_claim(escalation=raised, lead=carol)
    assert ">0</span>" in client.get(reverse("leads:nav_count")).content.decode()
    client.force_login(lou)
    assert ">0</span>" in client.get(reverse("inbox")).content.decode()


def test_claim_then_resolve_from_the_page(client, carol, raised):
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[raised.pk, "claim"]))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Claimed by" in page and "North Star" in page and "Caroline" not in page
    response = client.post(reverse("leads:move", args=[raised.pk, "resolve"]),
                           {"outcome": "referred", "note": "Gave them the crisis line"})
    assert response.status_code == 302
    raised.refresh_from_db()
    assert (raised.status, raised.outcome, raised.closing_note) == ("resolved", "referred", "Gave them the crisis line")


def test_a_lost_claim_race_says_who_won(client, carol, adam, raised):
    escalation_claim(escalation=raised, lead=adam)
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[raised.pk, "claim"]))
    assert response.status_code == 409
    assert "Already claimed by Keystone." in response.content.decode()


def test_resolve_without_outcome_keeps_the_note(client, carol, raised):
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[raised.pk, "resolve"]), {"outcome": "", "note": "Called her"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Called her" in html and "This field is required" in html
    assert Escalation.objects.get(pk=raised.pk).status == Status.OPEN


def test_dismiss_with_a_reason(client, carol, raised):
    client.force_login(carol)
    client.post(reverse("leads:move", args=[raised.pk, "dismiss"]), {"reason": "harmless_sense", "note": "Joke"})
    raised.refresh_from_db()
    assert (raised.status, raised.dismissal_reason) == ("dismissed", "harmless_sense")
    assert raised.detection["triggers"] == ["can't do this anymore"]


def test_unknown_move_is_404(client, carol, raised):
    client.force_login(carol)
    assert client.post(reverse("leads:move", args=[raised.pk, "explode"])).status_code == 404


def test_escalation_page_shows_evidence_triggers_and_timeline(client, carol, raised):
    client.force_login(carol)
    html = client.get(reverse("leads:escalation", args=[raised.pk])).content.decode()
    assert "Nobody would miss me." in html and "triggered by “can&#x27;t do this anymore”" in html
    assert "by the detector" in html


def test_ticket_page_offers_escalate_in_one_action(client, alice, dave_ticket):
    client.force_login(alice)
    html = client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert 'hx-post="/leads/raise/"' in html and "Escalate to the leads" in html
    response = client.post(reverse("leads:raise"), {"ticket": dave_ticket.pk, "category": "press_media",
                                                    "note": "Reporter from the Gazette"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Escalated to the team leads as press or media." in response.content.decode()
    escalation = Escalation.objects.get()
    assert (escalation.raised_by, escalation.note, escalation.category) == (alice, "Reporter from the Gazette",
                                                                            "press_media")
    html = client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert "Press or media</span> open" in html


def test_raise_without_category_keeps_the_note(client, alice, dave_ticket):
    client.force_login(alice)
    response = client.post(reverse("leads:raise"), {"ticket": dave_ticket.pk, "category": "", "note": "Urgent!"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200  # htmx swaps only a 2xx: the form comes back with its error
    assert "Urgent!" in response.content.decode() and "This field is required" in response.content.decode()
    plain = client.post(reverse("leads:raise"), {"ticket": dave_ticket.pk, "category": "", "note": "Urgent!"})
    assert plain.status_code == 400 and "Urgent!" in plain.content.decode()
    assert not Escalation.objects.exists()


def test_raise_with_an_oversized_note_says_so_and_keeps_it(client, alice, dave_ticket):
    client.force_login(alice)
    note = "The caller named the street our agent lives on. " * 45  # 2,205 characters
    response = client.post(reverse("leads:raise"), {"ticket": dave_ticket.pk, "category": "agent_harassment",
                                                    "note": note}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "at most 2000 characters" in html and note.strip() in html
    assert not Escalation.objects.exists()


def test_raise_on_a_ticket_outside_the_queue_is_404(client, bob, dave, dave_ticket):
    for user in (bob, dave):
        client.force_login(user)
        response = client.post(reverse("leads:raise"), {"ticket": dave_ticket.pk, "category": "self_harm"})
        assert response.status_code == 404
    assert not Escalation.objects.exists()


def test_a_plain_post_raise_returns_to_the_ticket(client, alice, dave_ticket):
    client.force_login(alice)
    response = client.post(reverse("leads:raise"), {"ticket": dave_ticket.pk, "category": "self_harm",
                                                    "next": f"/inbox/t/{dave_ticket.reference}/"})
    assert response.status_code == 302 and response.url == f"/inbox/t/{dave_ticket.reference}/"
    assert Escalation.objects.get().entries.filter(kind=EntryKind.RAISED).exists()


def test_triage_says_how_long_until_the_deadline(client, carol, raised):
    """Self-harm is to be acknowledged within 5 minutes: the Due column counts down to that, not to now."""
    client.force_login(carol)
    html = client.get(reverse("leads:triage_list")).content.decode()
    assert ">in 4\xa0minutes<" in html or ">in 5\xa0minutes<" in html
    assert "in 0\xa0minutes" not in html


def test_timeline_names_the_outcome_and_reason_in_words(client, carol, raised, dave_ticket):
    client.force_login(carol)
    client.post(reverse("leads:move", args=[raised.pk, "resolve"]), {"outcome": "referred", "note": ""})
    html = client.get(reverse("leads:escalation", args=[raised.pk])).content.decode()
    assert "— Referred to emergency or support services" in html and "— referred" not in html
    dismissed = escalation_raise(ticket=dave_ticket, category="press_media")
    client.post(reverse("leads:move", args=[dismissed.pk, "dismiss"]), {"reason": "harmless_sense", "note": ""})
    html = client.get(reverse("leads:escalation", args=[dismissed.pk])).content.decode()
    assert "— Harmless sense of the words" in html and "— harmless_sense" not in html


def test_a_lost_resolve_race_keeps_what_the_lead_typed(client, carol, adam, raised):
    """Another lead dismissed it while carol wrote her closing note: the page says who won and keeps her words
    in the note box, ready to add to the timeline."""
    escalation_dismiss(escalation=raised, lead=adam, reason="not_urgent")
    client.force_login(carol)
    response = client.post(reverse("leads:move", args=[raised.pk, "resolve"]),
                           {"outcome": "referred", "note": "Called the crisis team at 14:02; they are with her"})
    html = response.content.decode()
    assert response.status_code == 409 and "Already dismissed by Keystone." in html
    assert "Called the crisis team at 14:02; they are with her</textarea>" in html


@pytest.mark.parametrize("move, choice", [("resolve", {"outcome": "referred"}), ("dismiss", {"reason": "not_urgent"})])
def test_an_oversized_closing_note_says_why_it_was_refused(client, carol, raised, move, choice):
    client.force_login(carol)
    note = "Spoke to her mother and to the GP surgery. " * 50  # 2,200 characters
    response = client.post(reverse("leads:move", args=[raised.pk, move]), {**choice, "note": note})
    html = response.content.decode()
    assert response.status_code == 400 and "at most 2000 characters" in html and note.strip() in html
    assert Escalation.objects.get(pk=raised.pk).status == Status.OPEN
