"""The second training set written for the urgency model (bench/urgency_train3.py), and folds of whole sets."""

import importlib.util
import json
from pathlib import Path

from escalation.detection import CATEGORIES, default_model
from escalation.detection.model import FORMAT_SENTENCES
from escalation.detection.training import EVALUATION_ONLY, TRAINING_SETS, folds

BENCH = Path(__file__).resolve().parents[2] / "bench"


def generator():
    spec = importlib.util.spec_from_file_location("urgency_train3", BENCH / "urgency_train3.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_set_is_what_the_generator_writes():
    module = generator()
    shipped = [json.loads(line) for line in module.OUT.read_text(encoding="utf-8").splitlines()]
    assert shipped == module.build()


def test_every_category_in_many_voices_with_hard_negatives():
    rows = generator().build()
    clean = [row for row in rows if not row["categories"]]
    assert len(rows) >= 1500 and len(clean) / len(rows) >= 0.4
    for category in CATEGORIES:
        mine = [row for row in rows if category in row["categories"]]
        assert len(mine) >= 60
        assert {row["channel"] for row in mine} >= {"chat", "email", "phone", "portal"}
    assert sum(len(row["categories"]) > 1 for row in rows) >= 100
    # Long emails with the signal among routine paragraphs, and signals only in a quoted earlier message (clean).
    assert sum(row["text"].count("\n\n") >= 3 and bool(row["categories"]) for row in rows) >= 100
    quoted_only = [row for row in clean if "\n> " in row["text"]]
    assert len(quoted_only) >= 20


def test_the_shipped_model_reads_sentences_and_learns_from_it():
    model = default_model()
    assert model.format == FORMAT_SENTENCES
    assert model.trained_on["urgency_train3.jsonl"] == len(generator().build())
    assert "urgency_holdout6.jsonl" in EVALUATION_ONLY and "urgency_train3.jsonl" in TRAINING_SETS


def test_folds_hold_whole_sets():
    groups = ["a"] * 50 + ["b"] * 30 + ["c"] * 20 + ["d"] * 5
    packed = folds(len(groups), 3, groups)
    assert sorted(i for fold in packed for i in fold) == list(range(len(groups)))
    assert [sorted({groups[i] for i in fold}) for fold in packed] == [["a"], ["b"], ["c", "d"]]
    assert len(folds(len(groups), 5, groups)) == 4  # no more folds than sets
