"""The manifest of labelled first-response sets (bench/data/firstresponse_sets.toml): every set declares its
role, and the reply model's trainer and the bench read it from there."""

import pytest

from escalation.firstresponse.sets import DATA, ROLES, reply_sets, sets_parse, sets_with_role


def test_every_first_response_set_in_bench_data_is_declared():
    on_disk = {path.name for path in DATA.glob("firstresponse_*.jsonl")}
    assert on_disk - set(reply_sets()) == set()


def test_every_set_trained_or_tuned_on_exists():
    assert all((DATA / name).exists() for name, s in reply_sets().items() if s.role != "evaluation")


def test_the_roles_partition_the_sets_and_keep_the_manifests_order():
    names = list(reply_sets())
    assert sorted(n for role in ROLES for n in sets_with_role(role)) == sorted(names)
    assert sets_with_role("training")[0] == "firstresponse_corpus.jsonl"
    assert sets_with_role("development") == (
        "firstresponse_dev.jsonl",
        "firstresponse_dev3.jsonl",
        "firstresponse_dev4.jsonl",
    )


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ('role = "tuning"\nabout = "x"', "role 'tuning'"),
        ('role = "training"', "exactly"),
        ('role = "training"\nabout = "x"\ngrammar = true', "exactly"),
        ('role = "training"\nabout = 3', "about"),
    ],
)
def test_a_manifest_the_trainer_would_misread_is_refused_with_the_sets_name(entry, complaint):
    with pytest.raises(ValueError, match=complaint) as raised:
        sets_parse(f'["new.jsonl"]\n{entry}\n')
    assert str(raised.value).startswith("new.jsonl: ")
