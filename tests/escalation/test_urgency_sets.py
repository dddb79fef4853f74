"""The manifest of labelled urgency sets (bench/data/urgency_sets.toml): every set declares its role and the
categories it teaches, and the trainer and the bench read them from there."""

import pytest

from bench._harness import load_corpus
from escalation.detection import CATEGORIES, default_model
from escalation.detection.sets import DATA, ROLES, is_grammar, sets_parse, sets_with_role, speaks_for, urgency_sets
from escalation.detection.training import folds_by_set, validation_sets


def test_every_urgency_set_in_bench_data_is_declared():
    on_disk = {path.name for path in DATA.glob("urgency_*.jsonl")}
    assert on_disk - set(urgency_sets()) == set()


def test_every_set_trained_on_or_measured_by_default_exists():
    assert all((DATA / name).exists() for name, s in urgency_sets().items() if s.role != "evaluation")


def test_the_shipped_model_learned_from_exactly_the_sets_declared_for_training():
    trained_on = default_model().trained_on
    assert list(trained_on) == list(sets_with_role("training"))
    assert all(trained_on[name] == len(load_corpus(DATA / name)) for name in trained_on)


def test_the_blind_sets_measured_many_times_were_retired_into_training():
    """Held-out 4 to 17 were measured for every model and used for decisions, so they were no longer blind:
    they teach now (each a fold of its own), and the fresh blind set measures."""
    retired = [f"urgency_holdout{n}.jsonl" for n in (4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)]
    assert all(urgency_sets()[name].role == "training" and speaks_for(name) is None for name in retired)
    assert set(sets_with_role("evaluation")) == {"urgency_holdout20.jsonl"}
    assert urgency_sets()["urgency_holdout18.jsonl"].role == "rules"  # read for rules after two looks
    assert urgency_sets()["urgency_holdout19.jsonl"].role == "rules"
    origins = [name for name in retired for _ in range(2)]
    folds = folds_by_set(validation_sets([{"text": "x"}] * len(origins), origins))
    assert folds == [[2 * i, 2 * i + 1] for i in range(len(retired))]


def test_the_roles_partition_the_sets_and_keep_the_manifests_order():
    names = list(urgency_sets())
    by_role = [sets_with_role(role) for role in ROLES]
    assert sorted(n for group in by_role for n in group) == sorted(names)
    assert sets_with_role("training") == tuple(n for n in names if n in sets_with_role("training"))
    assert sets_with_role("training")[0] == "urgency_corpus.jsonl"


def test_a_grammar_set_is_never_a_fold_and_an_undeclared_origin_teaches_everything():
    assert is_grammar("urgency_corpus.jsonl") and not is_grammar("urgency_dev.jsonl")
    assert validation_sets([{"text": "a"}, {"text": "b"}], ["urgency_corpus.jsonl", "leads' decisions"]) == [
        None,
        "leads' decisions",
    ]
    assert speaks_for("leads' decisions") is None and not is_grammar("extra.jsonl")


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ('role = "tuning"\nspeaks_for = "all"\ngrammar = false\nabout = "x"', "role 'tuning'"),
        ('role = "training"\nspeaks_for = ["self_harm", "fraud"]\ngrammar = false\nabout = "x"', "speaks_for"),
        ('role = "training"\nspeaks_for = []\ngrammar = false\nabout = "x"', "speaks_for"),
        ('role = "training"\nspeaks_for = "all"\ngrammar = "no"\nabout = "x"', "grammar"),
        ('role = "training"\nspeaks_for = "all"\ngrammar = false', "exactly"),
    ],
)
def test_a_manifest_the_trainer_would_misread_is_refused_with_the_sets_name(entry, complaint):
    with pytest.raises(ValueError, match=complaint) as raised:
        sets_parse(f'["new.jsonl"]\n{entry}\n')
    assert str(raised.value).startswith("new.jsonl: ")


def test_a_set_declared_for_some_categories_teaches_only_those():
    parsed = sets_parse('["a.jsonl"]\nrole = "training"\nspeaks_for = ["self_harm"]\ngrammar = false\nabout = "x"\n')
    assert parsed["a.jsonl"].speaks_for == {"self_harm"} and {"self_harm"} < set(CATEGORIES)
