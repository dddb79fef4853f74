"""Response templates per escalation category: leads write them (each must follow the formula), agents insert
them into their draft with the three safe placeholders filled."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agents.models_audit import AuditEntry
from escalation.response_models import ResponseTemplate
from escalation.responses import response_template_add, response_template_render
from redaction.models import ReplyVersion

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
GOOD = ("Hi {customer_first_name}, I'm sorry this happened. Could you tell me when it started? "
        "I'll look into it myself. {alias}, ticket {ticket_reference}")
GOOD_PUBLIC = "I'm sorry to see this, {customer_first_name}. Please DM us your order number and we'll look into it."


def add(lead, **kwargs):
    fields = {"category": "public_viral", "title": "First reply", "body": GOOD, "public": False, **kwargs}
    return response_template_add(lead=lead, **fields)


def test_a_lead_adds_a_template_that_follows_the_formula_and_it_is_audited(carol):
    template = add(carol)
    assert template.body == GOOD and template.active
    assert AuditEntry.objects.filter(action="response_template.add", actor=carol).count() == 1


def test_a_second_template_with_the_same_title_in_a_category_is_a_title_error(carol):
    add(carol)
    with pytest.raises(ValidationError) as refused:
        add(carol, title="  First reply ")
    assert refused.value.message_dict == {"title": ["This category already has a template with that title."]}
    assert add(carol, category="press_media").title == "First reply"  # another category may use it


def test_agents_cannot_manage_templates(alice):
    with pytest.raises(PermissionDenied):
        add(alice)


@pytest.mark.parametrize(
    ("body", "public", "expected"),
    [
        ("Hi {customer_name}, sorry! What happened? We'll look into it.", False, "Only these placeholders"),
        ("Hi {{alias}}, sorry! What happened? We'll look into it.", False, "Only these placeholders"),
        ("Sorry! What happened? We will refund you.", False, "promises a specific outcome"),
        ("What happened? We'll look into it.", False, "Show the customer you understand"),
        ("Sorry! What's your order number? We'll look into it.", True, "continue in private"),
    ],
)
def test_a_template_that_breaks_the_formula_or_uses_other_placeholders_is_refused(carol, body, public, expected):
    with pytest.raises(ValidationError) as caught:
        add(carol, body=body, public=public)
    assert expected in " ".join(caught.value.message_dict["body"])
    assert not ResponseTemplate.objects.exists()


def test_placeholders_are_filled_with_the_persona_never_the_real_name(carol, alice, dave_ticket):
    text = response_template_render(template=add(carol), ticket=dave_ticket, author=alice)
    first = dave_ticket.customer.name.split()[0]
    assert text.startswith(f"Hi {first}, I'm sorry") and text.endswith(f"Harbor Wren, ticket {dave_ticket.reference}")
    assert "Alicia" not in text and "{" not in text


def test_the_leads_page_lists_adds_keeps_bad_input_and_toggles(client, carol):
    client.force_login(carol)
    url = reverse("leads:response_templates")
    bad = {"category": "press_media", "title": "Press", "body": "We guarantee a fix by Friday."}
    response = client.post(url, bad)
    html = response.content.decode()
    assert response.status_code == 400 and "We guarantee a fix by Friday." in html and "promises" in html
    response = client.post(url, {"category": "press_media", "title": "Press", "body": GOOD}, follow=True)
    html = response.content.decode()
    assert "Template added" in html and "Press or media" in html and "{customer_first_name}" in html
    template = ResponseTemplate.objects.get()
    client.post(reverse("leads:response_template_toggle"), {"template": template.pk, "active": "0"})
    template.refresh_from_db()
    assert not template.active


def test_agents_do_not_get_the_leads_page(client, alice):
    client.force_login(alice)
    assert client.get(reverse("leads:response_templates")).status_code == 404


def test_the_composer_offers_fitting_templates_and_inserts_after_the_typed_text(client, carol, alice, dave_ticket):
    private = add(carol)
    add(carol, title="Public", body=GOOD_PUBLIC, public=True)
    client.force_login(alice)
    html = client.get(reverse("ticket_detail", args=[dave_ticket.reference])).content.decode()
    assert f'<option value="{private.pk}">First reply</option>' in html and ">Public</option>" not in html
    url = reverse("leads:response_template_use", args=[dave_ticket.reference])
    html = client.post(url, {"template": private.pk, "body": "Typed first."}, **HX).content.decode()
    saved = ReplyVersion.objects.get(reply__author=alice).body
    assert saved.startswith("Typed first.\n\nHi ") and "Harbor Wren" in saved
    assert "Typed first." in html and 'id="composer"' in html


def test_another_queues_agent_cannot_use_a_template_on_the_ticket(client, carol, bob, dave_ticket):
    template = add(carol)
    client.force_login(bob)
    url = reverse("leads:response_template_use", args=[dave_ticket.reference])
    assert client.post(url, {"template": template.pk, "body": ""}).status_code == 404
    assert not ReplyVersion.objects.exists()


def test_a_public_template_greets_by_handle_never_by_real_name(carol, alice, dave_ticket):
    dave_ticket.replies_public = True
    template = add(carol, body=GOOD_PUBLIC, public=True)
    text = response_template_render(template=template, ticket=dave_ticket, author=alice)
    assert "@davec" in text and "Dave" not in text.replace("@davec", "")



def test_a_template_is_refused_by_the_patterns_only_never_by_the_learned_model(carol):
    """The learned stage warns in the composer; a lead's template, with no override, answers to the patterns."""
    from escalation.firstresponse import check, default_reply_model

    body = "Sorry about this! Could you tell me more? We'll look into it and have a new one with you tomorrow."
    warned = check(body, first_response=True, public=False, model=default_reply_model())
    assert [w.source for w in warned] == ["model"]  # the composer shows it, as advice
    template = response_template_add(lead=carol, category="press_media", title="Short", body=body)
    assert template.body == body


def test_the_leads_page_labels_its_form_in_the_viewers_language(client, carol):
    client.force_login(carol)
    html = client.get(reverse("leads:response_templates"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert ">Kategorie</label>" in html and ">Titel</label>" in html and "Platzhalter: {customer_first_name}" in html
    assert ">Category</label>" not in html and "Placeholders:" not in html
