"""The second training set written for the urgency model (bench/urgency_train3.py), and folds of hand-written sets."""

from bench import urgency_train3
from bench._harness import load_corpus
from escalation.detection import CATEGORIES, default_model
from escalation.detection.model import FORMAT_SENTENCES
from escalation.detection.sets import sets_with_role
from escalation.detection.training import folds_by_set, validation_sets


def test_the_committed_set_is_what_the_generator_writes():
    assert load_corpus(urgency_train3.OUT) == urgency_train3.build()


def test_every_category_in_many_voices_with_hard_negatives():
    rows = urgency_train3.build()
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
    assert model.trained_on["urgency_train3.jsonl"] == len(urgency_train3.build())
    assert "urgency_train3.jsonl" in sets_with_role("training")


def test_grammar_rows_are_trained_on_but_never_a_validation_fold():
    rows = urgency_train3.build()
    written = [row for row in rows if row["source"] == "written"]
    assert len(written) == len(urgency_train3.WRITTEN) and {row["source"] for row in rows} == {"grammar", "written"}
    origins = ["urgency_train3.jsonl"] * len(rows) + ["urgency_corpus.jsonl", "urgency_dev.jsonl"]
    named = validation_sets([*rows, {"text": "x"}, {"text": "y"}], origins)
    assert named[-2:] == [None, "urgency_dev.jsonl"]  # the corpus is a grammar's; the development set is not
    assert {n for n, row in zip(named[:-2], rows, strict=True) if row["source"] == "grammar"} == {None}
    held = folds_by_set(named)
    assert len(held) == 2 and sorted(len(fold) for fold in held) == [1, len(written)]
    assert not {i for fold in held for i in fold} & {i for i, n in enumerate(named) if n is None}
