"""Leads extend and disable urgency rules on a page; the change reaches classification without a restart."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agents.models_audit import AuditEntry
from escalation.detection import classify
from escalation.urgency_models import UrgencyRule
from escalation.urgency_rules import urgency_rule_add, urgency_rule_enable, urgency_ruleset

pytestmark = pytest.mark.django_db
PAGE = "/leads/urgency-rules/"


def found(text: str) -> list[str]:
    return [d.category for d in classify(text, rules=urgency_ruleset())]


def test_the_page_lists_rules_and_is_for_leads_only(client, carol, alice, dave):
    assert reverse("leads:urgency_rules") == PAGE
    for outsider in (alice, dave):
        client.force_login(outsider)
        assert client.get(PAGE).status_code == 404
        assert client.post(PAGE, {"category": "self_harm", "kind": "trigger", "pattern": "x y"}).status_code == 404
    assert not UrgencyRule.objects.exists()
    client.force_login(carol)
    page = client.get(PAGE, {"category": "self_harm", "q": "suicid"}).content.decode()
    assert "<h1>Urgency rules</h1>" in page and "<code>suicid*</code>" in page
    assert "kill myself laughing" not in page  # filtered to self_harm phrases containing "suicid"


def test_a_lead_adds_a_rule_and_the_next_classification_uses_it(client, carol):
    text = "I'm putting all of this on the village noticeboard."
    assert found(text) == []
    client.force_login(carol)
    response = client.post(PAGE, {"category": "public_viral", "kind": "trigger", "strength": "strong",
                                  "pattern": "Village  NOTICEBOARD", "note": "local escalations"})
    assert response.status_code == 302
    rule = UrgencyRule.objects.get()
    assert (rule.pattern, rule.strength, rule.created_by) == ("village noticeboard", "strong", carol)
    assert found(text) == ["public_viral"]
    assert AuditEntry.objects.filter(action="urgency_rule.add", actor=carol).count() == 1
    assert "village noticeboard" in client.get(PAGE, {"q": "noticeboard"}).content.decode()


def test_a_phrase_that_does_not_compile_is_refused_and_kept(client, carol):
    client.force_login(carol)
    response = client.post(PAGE, {"category": "press_media", "kind": "trigger", "strength": "weak",
                                  "pattern": "(local radio"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "is never closed" in page and 'value="(local radio"' in page
    assert not UrgencyRule.objects.exists()


def test_a_duplicate_is_refused_with_a_message(carol):
    urgency_rule_add(lead=carol, category="press_media", kind="trigger", pattern="radio phone-in", strength="weak")
    with pytest.raises(ValidationError, match="already a rule"):
        urgency_rule_add(lead=carol, category="press_media", kind="trigger", pattern="Radio  phone-in")


def test_only_leads_change_rules(alice):
    with pytest.raises(PermissionDenied):
        urgency_rule_add(lead=alice, category="press_media", kind="trigger", pattern="radio phone-in")
    with pytest.raises(PermissionDenied):
        urgency_rule_enable(lead=alice, category="self_harm", kind="trigger", pattern="suicid*", enabled=False)


def test_a_lead_turns_a_shipped_harmless_sense_off_and_on_again(client, carol):
    text = "You'll pay less on the annual plan."
    harmless = ("(you'll|youll|you will|you won't|you wont) (pay|be paying) (less|more|only|nothing|the same|extra|"
                "twice|for|a fee|the difference|monthly|yearly|annually|in|by|via|with|on|upfront)")
    assert found(text) == []
    client.force_login(carol)
    toggle = reverse("leads:urgency_rule_toggle")
    client.post(toggle, {"category": "threat_violence", "kind": "harmless", "pattern": harmless, "enabled": "0"})
    assert UrgencyRule.objects.get().enabled is False
    assert found(text) == ["threat_violence"]  # "you'll pay" reads as a veiled threat without it
    page = client.get(PAGE, {"category": "threat_violence", "q": "be paying"}).content.decode()
    assert "Off <button" in page and "Turn on" in page
    client.post(toggle, {"category": "threat_violence", "kind": "harmless", "pattern": harmless, "enabled": "1"})
    assert found(text) == []
    assert AuditEntry.objects.filter(action__startswith="urgency_rule.").count() == 2


def test_toggling_an_unknown_rule_says_so(client, carol):
    client.force_login(carol)
    response = client.post(reverse("leads:urgency_rule_toggle"),
                           {"category": "self_harm", "kind": "trigger", "pattern": "no such phrase", "enabled": "0"},
                           follow=True)
    assert "There is no such rule." in response.content.decode()
    assert not UrgencyRule.objects.exists()


def test_the_compiled_rules_are_cached_until_a_rule_changes(carol, django_assert_max_num_queries):
    first = urgency_ruleset()
    with django_assert_max_num_queries(1):
        assert urgency_ruleset() is first
    urgency_rule_add(lead=carol, category="press_media", kind="trigger", pattern="radio phone-in", strength="weak")
    assert urgency_ruleset() is not first


def test_the_page_names_categories_kinds_and_strengths_as_leads_read_them(client, carol):
    client.force_login(carol)
    page = client.get(PAGE, {"category": "self_harm", "q": "suicid"}).content.decode()
    assert "<td>Self-harm</td>" in page and "<td>Trigger</td>" in page and "<td>Strong</td>" in page
    assert '<option value="agent_harassment">Harassment of an agent</option>' in page
    assert "<td>self_harm</td>" not in page and "Agent harassment" not in page
    german = client.get(PAGE, {"category": "self_harm", "q": "suicid"}, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<td>Selbstverletzung</td>" in german and "<td>Auslöser</td>" in german
    assert '<label for="id_strength">Stärke</label>' in german and "<td>Strong</td>" not in german


def test_the_page_marks_the_shipped_rules_that_stand_without_the_model(client, carol):
    client.force_login(carol)
    page = client.get(PAGE, {"category": "legal_regulatory", "q": "see (you"}).content.decode()
    assert "<code>see (you|you all|you lot) in court</code>" in page
    assert page.count("explicit: stands without the learned model's confirmation") == 1
    urgency_rule_enable(lead=carol, category="legal_regulatory", kind="trigger",
                        pattern="see (you|you all|you lot) in court", enabled=False)
    page = client.get(PAGE, {"category": "legal_regulatory", "q": "see (you"}).content.decode()
    assert page.count("explicit: stands without the learned model's confirmation") == 1
