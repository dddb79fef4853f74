"""The training set written for the urgency model (bench/urgency_train2.py)."""

from bench import urgency_train2
from bench._harness import load_corpus
from escalation.detection import CATEGORIES, default_model
from escalation.detection.sets import sets_with_role


def test_the_committed_set_is_what_the_generator_writes():
    assert load_corpus(urgency_train2.OUT) == urgency_train2.build()


def test_the_set_is_mostly_hard_negatives_with_the_weak_categories():
    rows = urgency_train2.build()
    assert len(rows) >= 400
    clean = [row for row in rows if not row["categories"]]
    assert len(clean) / len(rows) >= 0.5
    alarming = (
        "kill", "shoot", "bomb", "died", "dead", "dying", "attack", "fire", "murder", "strangle", "threat", "fight",
        "lawyer", "solicitor", "court", "legal", "journalist", "press", "reporter", "news", "paper", "viral",
        "trending", "agent", "staff", "rep ", "rude", "address", "cute", "screenshot",
    )  # fmt: skip
    assert sum(any(word in row["text"].lower() for word in alarming) for row in clean) >= len(clean) * 3 // 4
    for category in ("threat_violence", "staff_conduct", "agent_harassment", "press_media"):
        assert sum(category in row["categories"] for row in rows) >= 40
    assert {c for row in rows for c in row["categories"]} <= set(CATEGORIES)


def test_the_shipped_model_learns_from_it():
    assert "urgency_train2.jsonl" in sets_with_role("training")
    assert default_model().trained_on["urgency_train2.jsonl"] == len(urgency_train2.build())
