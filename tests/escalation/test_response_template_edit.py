"""Leads edit and retire response templates; every saved text is kept as a revision and every change audited."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agents.models_audit import AuditEntry
from escalation.response_models import ResponseTemplate, ResponseTemplateRevision
from escalation.responses import response_template_activate, response_template_add, response_template_edit

pytestmark = pytest.mark.django_db
GOOD = ("Hi {customer_first_name}, I'm sorry this happened. Could you tell me when it started? "
        "I'll look into it myself. {alias}")
BETTER = ("Hi {customer_first_name}, I'm sorry about the trouble. Which order is it about? "
          "We'll look into it today. {alias}")
FIELDS = {"category": "public_viral", "title": "First reply", "public": False, "kind": "first_response"}


@pytest.fixture
def template(carol):
    return response_template_add(lead=carol, body=GOOD, **FIELDS)


def test_editing_keeps_the_text_before_as_a_revision_and_is_audited(carol, template):
    edited = response_template_edit(lead=carol, template=template, body=BETTER, **FIELDS)
    assert edited.body == BETTER
    revisions = list(ResponseTemplateRevision.objects.filter(template=template).order_by("number"))
    assert [(r.number, r.body) for r in revisions] == [(1, GOOD), (2, BETTER)]
    entry = AuditEntry.objects.get(action="response_template.edit")
    assert (entry.actor, entry.data["changed"]) == (carol, ["body"])


def test_saving_without_a_change_adds_no_revision(carol, template):
    response_template_edit(lead=carol, template=template, body=GOOD, **FIELDS)
    assert template.revisions.count() == 1
    assert not AuditEntry.objects.filter(action="response_template.edit").exists()


def test_an_edit_that_breaks_the_formula_is_refused_and_changes_nothing(carol, template):
    with pytest.raises(ValidationError) as caught:
        response_template_edit(lead=carol, template=template, body="We will refund you. Sorry! What happened?",
                               **FIELDS)
    assert "promises a specific outcome" in " ".join(caught.value.message_dict["body"])
    template.refresh_from_db()
    assert template.body == GOOD and template.revisions.count() == 1


def test_an_apology_need_not_ask_for_details_but_must_not_promise(carol):
    apology = "I'm sorry for how we answered you, {customer_first_name}. We are reviewing what happened."
    response_template_add(lead=carol, category="staff_conduct", kind="apology", title="Sorry", body=apology)
    with pytest.raises(ValidationError, match="promises a specific outcome"):
        response_template_add(lead=carol, category="staff_conduct", kind="apology", title="Refund",
                              body="I'm sorry. We will refund you.")


def test_agents_cannot_edit(alice, template):
    with pytest.raises(PermissionDenied):
        response_template_edit(lead=alice, template=template, body=BETTER, **FIELDS)


def test_a_retired_template_is_kept_and_agents_no_longer_get_it(carol, template, dave_ticket):
    from escalation.responses import response_templates_for

    response_template_activate(lead=carol, template=template, active=False)
    assert ResponseTemplate.objects.filter(pk=template.pk, active=False).exists()
    assert template not in response_templates_for(dave_ticket)
    assert AuditEntry.objects.filter(action="response_template.disable", actor=carol).exists()


def test_the_edit_page_saves_keeps_bad_input_and_shows_history(client, carol, template):
    client.force_login(carol)
    url = reverse("leads:response_template_edit", args=[template.pk])
    html = client.get(url).content.decode()
    assert "Version 1" in html and "I&#x27;m sorry this happened" in html
    bad = {**FIELDS, "body": "Blah {secret}"}
    response = client.post(url, bad)
    assert response.status_code == 400 and "Only these placeholders" in response.content.decode()
    assert "Blah {secret}" in response.content.decode()
    response = client.post(url, {**FIELDS, "body": BETTER})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Version 2" in html and "Version 1" in html and "History (2)" in html
    listing = client.get(reverse("leads:response_templates")).content.decode()
    assert url in listing and "Retire" in listing


def test_agents_do_not_get_the_edit_page(client, alice, template):
    client.force_login(alice)
    assert client.get(reverse("leads:response_template_edit", args=[template.pk])).status_code == 404
