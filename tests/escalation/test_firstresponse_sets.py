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


def test_the_manifest_is_read_with_the_reply_checkers_roles_and_no_field_of_its_own():
    """The shared loader's refusals are tested in test_labelled_sets.py; these are the first-response roles."""
    assert sets_parse('["new.jsonl"]\nrole = "development"\nabout = "x"\n')["new.jsonl"].role == "development"
    for entry, complaint in [
        ('role = "rules"\nabout = "x"', "role 'rules'"),
        ('role = "training"\nabout = "x"\ngrammar = true', "exactly"),
    ]:
        with pytest.raises(ValueError, match=complaint):
            sets_parse(f'["new.jsonl"]\n{entry}\n')
