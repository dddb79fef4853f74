"""Threats and messages to agents written for the model in many voices, the harmless senses its clean
messages taught the rules, and how sets written for some categories count only for those."""

import dataclasses
from pathlib import Path

import pytest

from bench._harness import load_corpus
from escalation.detection import CATEGORIES, classify
from escalation.detection.sets import sets_with_role, speaks_for, urgency_sets
from escalation.detection.training import (
    examples_from_rows,
    folds_by_set,
    model_fit,
    model_train,
    validation_sets,
)
from tests.escalation.test_urgency_model import TOY

TRAIN5 = Path(__file__).resolve().parents[2] / "bench" / "data" / "urgency_train5.jsonl"


def categories(text: str) -> set[str]:
    return {d.category for d in classify(text)}


@pytest.mark.parametrize(
    ("category", "harmless", "urgent"),
    [
        (  # a ward, a leaflet or a course about self-harm: someone's work
            "self_harm",
            "My sister is a nurse on a self-harm unit, can the parcel go to her neighbour?",
            "My sister has been self-harming again and won't talk to anyone.",
        ),
        (
            "self_harm",
            "Please send 50 more booklets on suicide prevention for the school.",
            "My son has been talking about suicide since the exams.",
        ),
        (  # a slice or some slack cut for oneself
            "self_harm",
            "I'm cutting myself some slack this month, can I skip a payment?",
            "I've started cutting myself again, I can't stop.",
        ),
        (  # out before a visit arrives
            "self_harm",
            "I'll be gone by the time your courier comes, leave it in the shed.",
            "I'll be gone by the time you read this.",
        ),
        (  # an errand in the car park
            "threat_violence",
            "I'll be in the car park near your depot from 9 to pick up my parcel.",
            "I'll be in the car park near your depot at 9, tell your manager to come out.",
        ),
        (  # finding someone a document
            "threat_violence",
            "I'll find you the receipt tonight and send it over.",
            "I'll find you, and you'll wish I hadn't.",
        ),
        (  # something happening to a parcel
            "threat_violence",
            "I'd hate for anything to happen to my laptop in transit, is it insured?",
            "I'd hate for anything to happen to your staff on their way home.",
        ),
        (  # a hazard reported
            "threat_violence",
            "A customer is going to get hurt on that loose step by your door, please fix it.",
            "A member of your staff is going to get hurt if my car isn't fixed by Friday.",
        ),
        (  # a how-to blog post
            "press_media",
            "I wrote a blog post about how to set up the router with a mesh kit, happy to share it.",
            "I'm writing a blog post about how your company treats its customers.",
        ),
        (  # the writer's own video went viral, about something else
            "public_viral",
            "My dog's video went viral and now the whole street wants your squeaky toy.",
            "My video about your awful service went viral, 2 million views.",
        ),
        (  # seen in the news, a thank-you to the team
            "agent_harassment",
            "I saw your team in the local news for the charity run, well done.",
            "I saw you in the gym last night, you looked amazing.",
        ),
        (
            "agent_harassment",
            "We sent chocolates to your office as a thank you for sorting the refund.",
            "I sent flowers to your office, Amy. Did you like them? I'll send more to your home.",
        ),
    ],
)
def test_a_harmless_sense_is_clean_and_its_near_miss_is_found(category, harmless, urgent):
    assert category not in categories(harmless)
    assert category in categories(urgent)


def test_the_set_is_written_by_hand_in_many_voices_with_hard_negatives():
    rows = load_corpus(TRAIN5)
    assert {row["source"] for row in rows} == {"written"} and len({row["id"] for row in rows}) == len(rows)
    threats = [row for row in rows if "threat_violence" in row["categories"]]
    agents = [row for row in rows if "agent_harassment" in row["categories"]]
    clean = [row for row in rows if not row["categories"]]
    assert len(threats) >= 95 and len(agents) >= 85 and len(clean) >= 170
    assert {row["channel"] for row in threats + agents} >= {"chat", "email", "phone", "portal", "social", "forum"}
    assert sum(row["text"].count("\n\n") >= 2 for row in threats + agents) >= 5  # buried in long emails
    assert any("\n> " in row["text"] or "Original Message" in row["text"] for row in clean)  # quoted only
    others = {
        row["text"]
        for name in sets_with_role("training")
        if name != TRAIN5.name
        for row in load_corpus(TRAIN5.parent / name)
    }
    assert not others & {row["text"] for row in rows}
    # The rules flag few of its clean messages: the harmless senses above were written from them.
    assert len([row for row in clean if classify(row["text"], channel=row["channel"], model=None)]) <= 4  # of 245


def test_a_wholly_hand_written_set_is_a_fold_of_its_own():
    rows = [{"text": "a", "source": "written"}, {"text": "b", "source": "grammar"}, {"text": "c", "source": "written"}]
    origins = ["urgency_train3.jsonl", "urgency_train3.jsonl", "urgency_train5.jsonl"]
    named = validation_sets(rows, origins)
    assert named == ["written among grammars", None, "urgency_train5.jsonl"]
    assert folds_by_set(named) == [[0], [2]]


def test_a_row_teaches_only_the_categories_its_set_speaks_for():
    train4 = urgency_sets()["urgency_train4.jsonl"].speaks_for
    assert train4 is not None and "self_harm" not in train4 and {"threat_violence", "agent_harassment"} <= train4
    examples = examples_from_rows(TOY)
    muted = [dataclasses.replace(e, speaks=frozenset({"threat_violence"})) for e in examples]
    model = model_train(muted, CATEGORIES)
    self_harm = CATEGORIES.index("self_harm")
    assert model.bias[self_harm] == 0.0 and not any(model.weights[self_harm])
    assert any(model_train(examples, CATEGORIES).weights[self_harm])
    assert speaks_for("urgency_train5.jsonl") == {"threat_violence", "agent_harassment", "staff_conduct"}
    assert speaks_for("urgency_dev.jsonl") is None  # a set with every category teaches every category


def test_a_clean_row_of_such_a_set_judges_every_category():
    rows = [*TOY, {"text": "the cat purring woke me", "categories": []}]
    rows += [{"text": "a purring cat, and I know where you park", "categories": ["threat_violence"]}]
    origins = ["urgency_dev.jsonl"] * len(TOY) + ["urgency_train5.jsonl"] * 2
    _, figures = model_fit(rows, CATEGORIES, origins=origins)
    assert figures["held"] == len(rows) and figures["clean"] == 6  # five clean of the dev set, one of train5
    assert figures["categories"]["self_harm"]["labelled"] == 3
    assert figures["categories"]["threat_violence"]["labelled"] == 1
