"""Rule confirmation: a shipped rule's hit stands only when the learned model scores its category at the
category's floor or above; self-harm's stands whatever the model says, and so does a lead's rule."""

import dataclasses
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from escalation import intake
from escalation.detection import CATEGORIES, RuleSpec, classify, default_model, defaults_load, ruleset_compile
from escalation.detection.model import model_dumps, model_from_json
from escalation.detection.training import UNCONFIRMED, examples_from_rows, floors_choose, model_train
from tests.factories import MessageFactory

LEGAL = "I have instructed my solicitor and we will be taking legal action."
SELF_HARM = "I want to kill myself"
# The toy model knows cats, not lawsuits or self-harm: it scores both categories low on these messages.
TOY = [
    {"text": "my cat is purring on the sofa", "categories": ["self_harm"]},
    {"text": "the cat keeps purring all night", "categories": ["self_harm"]},
    {"text": "where is my parcel please", "categories": []},
    {"text": "please reset my password", "categories": []},
]


def _model(**floors: float):
    model = model_train(examples_from_rows(TOY), CATEGORIES, thresholds=[1.0] * len(CATEGORIES))
    return dataclasses.replace(model, floors=[floors.get(c, 0.0) for c in CATEGORIES])


def _legal_probability() -> float:
    return _model().score(LEGAL).probabilities[CATEGORIES.index("legal_regulatory")]


def test_a_rule_hit_below_its_floor_does_not_raise():
    assert [d.category for d in classify(LEGAL)] == ["legal_regulatory"]
    assert _legal_probability() < 0.5
    assert classify(LEGAL, model=_model(legal_regulatory=0.5)) == []
    assert [d.category for d in classify(LEGAL, model=_model())] == ["legal_regulatory"]  # no floor: it stands


def test_a_confirmed_rule_hit_keeps_the_rules_explanation_and_says_what_confirmed_it():
    floor = round(_legal_probability(), 3)
    (detection,) = classify(LEGAL, model=_model(legal_regulatory=floor))
    assert detection == dataclasses.replace(classify(LEGAL)[0], confirmed=(floor, floor))
    assert detection.source == "rules"
    assert detection.as_dict()["confirmed"] == [floor, floor]
    assert classify(LEGAL)[0].as_dict()["confirmed"] is None  # without the model nothing was asked


def test_self_harm_and_threat_rule_hits_stand_whatever_the_model_says():
    model = _model(**{c: 0.99 for c in CATEGORIES if c != "self_harm"})
    assert model.score(SELF_HARM).probabilities[0] < 0.5
    (detection,) = classify(SELF_HARM, model=model)
    assert detection.category == "self_harm" and detection.source == "rules" and detection.confirmed is None
    # However low their true rule hits score out of fold, self-harm and threats get no floor; legal does.
    probabilities = [[0.01] * 7, [0.02] * 7]
    labels = rules = [{"self_harm", "threat_violence", "legal_regulatory"}] * 2
    assert floors_choose(probabilities, labels, rules, CATEGORIES)[:3] == [0.0, 0.0, 0.01]
    assert floors_choose(probabilities, labels, rules, CATEGORIES, unconfirmed=())[:3] == [0.01, 0.01, 0.01]
    assert UNCONFIRMED == {"self_harm", "threat_violence"}


def test_a_lead_s_rule_stands_unconfirmed():
    specs, policies = defaults_load()
    added = RuleSpec("legal_regulatory", "trigger", "report you to the parish council", "strong", "lead")
    rules = ruleset_compile([*specs, added], policies)
    text = "I will report you to the parish council."
    (detection,) = classify(text, rules=rules, model=_model(legal_regulatory=0.99))
    assert detection.category == "legal_regulatory" and detection.confirmed is None


def test_an_explicit_shipped_rule_stands_unconfirmed_and_the_rest_of_its_category_still_needs_the_model():
    model = _model(legal_regulatory=0.99)
    (detection,) = classify("I'm going to sue you.", model=model)
    assert detection.category == "legal_regulatory" and detection.confirmed is None
    assert detection.triggers == ("I'm going to sue you",)
    assert classify("Our solicitor will be in touch.", model=model) == []  # a shipped rule not marked explicit


# The explicit first-person threats to sue stand whatever the model says; the shipped model gave a bare
# "I'm going to sue you." 0.098 against legal's floor.
EXPLICIT = [
    ("I'm going to sue you.", "I'm going to sue you"),
    ("I am going to sue your company.", "I am going to sue your company"),
    ("We will take you to court.", "We will take you to court"),
    ("Im gonna sue u", "Im gonna sue u"),
    ("Fine. See you in court.", "See you in court"),
    ("If you don't refund me by Friday, I'll sue you.", "I'll sue you"),
]
NOT_EXPLICIT = [
    "I'm not going to sue you, I just want my refund.",
    "I would never take you to court over a parcel.",
    "He said 'I'll sue you' as a joke and we all laughed.",
    "My neighbour is going to sue the council over the hedge.",
    "I'm going to see Sue from accounts tomorrow about the invoice.",
    "'I'm going to sue you all' - me to my alarm every Monday.",
    "See you in court 3 for the badminton final!",
]


@pytest.mark.parametrize(("text", "words"), EXPLICIT)
def test_the_shipped_model_cannot_drop_an_explicit_threat_to_sue(text, words):
    for model in (default_model(), _model(legal_regulatory=0.99)):
        (detection,) = [d for d in classify(text, model=model) if d.category == "legal_regulatory"]
        assert (detection.source, detection.triggers, detection.confirmed) == ("rules", (words,), None)
        assert [text[s:e] for s, e in detection.spans] == [words]


# Suing is not violence: the threat model must not read an intent to sue as a threat. The conditional form
# ("If you don't refund me by Friday, I'll sue you.") shares its words with conditional threats ("if you don't
# refund me I'll come down there"), and the model c2c532c406751ffe reads it as one (0.56 against threats'
# threshold of 0.52; its predecessor 0.42 against 0.58): it is raised as legal and as a threat.
@pytest.mark.parametrize(("text", "words"), [(text, words) for text, words in EXPLICIT if not text.startswith("If ")])
def test_a_threat_to_sue_is_raised_as_legal_and_not_as_violence(text, words):
    assert [d.category for d in classify(text, model=default_model())] == ["legal_regulatory"]


@pytest.mark.parametrize("text", NOT_EXPLICIT)
def test_negated_quoted_third_person_and_everyday_suing_is_not_raised(text):
    assert "legal_regulatory" not in [d.category for d in classify(text, model=default_model())]


# The model has learned from a few dozen German messages and reads most as ordinary: the German legal steps and
# approaches to an agent stand unconfirmed, and a German sentence with none of their words is still not raised.
GERMAN = [
    ("legal_regulatory", "Ich habe heute Beschwerde bei der Schlichtungsstelle eingereicht."),
    ("legal_regulatory", "Mein Rechtsanwalt schreibt Ihnen nächste Woche."),
    ("legal_regulatory", "Ich verlange Auskunft nach Art. 15 DSGVO."),
    ("agent_harassment", "Ich habe dich auf TikTok gefunden, du bist ja süß."),
]


@pytest.mark.parametrize(("category", "text"), GERMAN)
def test_a_german_legal_step_or_approach_to_an_agent_stands_whatever_the_model_says(category, text):
    for model in (default_model(), _model(**{category: 0.99})):
        (detection,) = [d for d in classify(text, model=model) if d.category == category]
        assert (detection.source, detection.confirmed) == ("rules", None)
    assert classify("Meine Schwester ist Anwältin und findet Ihre App gut.", model=default_model()) == []


def test_floors_keep_nearly_every_true_rule_hit_and_ignore_the_rest():
    cats = ["self_harm", "legal_regulatory"]
    # 50 true legal rule hits scoring 0.01 .. 0.50; a false rule hit and a hit the rules missed score lower.
    probabilities = [[0.0, n / 100] for n in range(1, 51)] + [[0.0, 0.001], [0.0, 0.002]]
    labels = [{"legal_regulatory"}] * 50 + [set(), {"legal_regulatory"}]
    rules = [{"legal_regulatory"}] * 51 + [set()]
    assert floors_choose(probabilities, labels, rules, cats, keep=0.98) == [0.0, 0.02]  # 49 of 50 stand
    assert floors_choose(probabilities, labels, rules, cats, keep=1.0) == [0.0, 0.01]
    assert floors_choose(probabilities, labels, rules, cats, keep=0.9) == [0.0, 0.06]  # 45 of 50 stand


def test_the_floors_are_kept_with_the_weights():
    model = _model(legal_regulatory=0.123)
    loaded = model_from_json(json.loads(model_dumps(model)))
    assert loaded.floors == model.floors and loaded.floor("legal_regulatory") == 0.123
    assert "floors" not in json.loads(model_dumps(dataclasses.replace(model, floors=[])))  # the reply checker's


@pytest.mark.django_db
def test_the_lead_sees_that_the_model_confirmed_a_rule_hit(client, carol, dave_ticket, monkeypatch):
    floor = round(_legal_probability(), 3)
    monkeypatch.setattr(intake, "default_model", lambda: _model(legal_regulatory=floor))
    message = MessageFactory(ticket=dave_ticket, body=LEGAL)
    intake.message_classify(message_id=message.pk)
    escalation = dave_ticket.escalations.get()
    assert escalation.detection["source"] == "rules" and escalation.detection["confirmed"] == [floor, floor]
    client.force_login(carol)
    page = client.get(reverse("leads:escalation", args=[escalation.pk])).content.decode()
    assert f"confirmed by the learned model (probability {floor}; a rule of this category needs {floor})" in page


@pytest.mark.django_db
def test_a_rule_hit_the_model_does_not_confirm_raises_nothing(dave_ticket, monkeypatch):
    monkeypatch.setattr(intake, "default_model", lambda: _model(legal_regulatory=0.5))
    message = MessageFactory(ticket=dave_ticket, body=LEGAL)
    assert intake.message_classify(message_id=message.pk).categories == []
    assert not dave_ticket.escalations.exists()


@pytest.mark.django_db
def test_classify_messages_keeps_its_format_for_confirmed_and_unconfirmed_rule_hits(monkeypatch):
    from escalation.management.commands import classify_messages

    lines = json.dumps({"id": 1, "text": LEGAL}) + "\n"
    for floor, expected in ((round(_legal_probability(), 3), ["legal_regulatory"]), (0.5, [])):
        monkeypatch.setattr(classify_messages, "default_model", lambda floor=floor: _model(legal_regulatory=floor))
        out = io.StringIO()
        call_command("classify_messages", stdin=io.StringIO(lines), stdout=out, stderr=io.StringIO())
        row = json.loads(out.getvalue())
        assert list(row) == ["id", "categories"] and [c["category"] for c in row["categories"]] == expected
        assert all(list(c) == ["category", "score", "spans"] for c in row["categories"])


def test_the_shipped_model_confirms_rule_hits_at_low_floors_but_never_self_harm_or_threats():
    model = default_model()
    assert model.floor("self_harm") == model.floor("threat_violence") == 0.0
    assert all(0 < model.floor(c) < 0.5 for c in CATEGORIES if c not in UNCONFIRMED)
    (legal,) = classify(LEGAL, model=model)
    assert legal.source == "rules" and legal.confirmed is not None and legal.confirmed[0] >= legal.confirmed[1]
    (self_harm,) = classify(SELF_HARM, model=model)
    assert self_harm.source == "rules" and self_harm.confirmed is None
