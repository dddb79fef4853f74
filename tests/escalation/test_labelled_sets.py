"""The loader both manifests of labelled sets share (`escalation.labelled_sets`): an entry the trainers would
misread is refused with the set's name, and the sets keep the manifest's order."""

from types import SimpleNamespace

import pytest

from escalation.labelled_sets import manifest_entries, names_with_role

ROLES = ("training", "evaluation")


def declared(entries):
    return {name: SimpleNamespace(role=entry["role"]) for name, entry in entries.items()}


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ('role = "tuning"\nabout = "x"\nweight = 1', "role 'tuning' is not one of training, evaluation"),
        ('role = "training"\nabout = "x"', "needs exactly role, weight and about"),
        ('role = "training"\nabout = "x"\nweight = 1\ngrammar = true', "needs exactly role, weight and about"),
        ('role = "training"\nabout = 3\nweight = 1', "about must be a string"),
    ],
)
def test_an_entry_a_trainer_would_misread_is_refused_with_the_sets_name(entry, complaint):
    with pytest.raises(ValueError, match=complaint) as raised:
        manifest_entries(f'["new.jsonl"]\n{entry}\n', roles=ROLES, fields=("weight",))
    assert str(raised.value).startswith("new.jsonl: ")


def test_entries_and_roles_keep_the_manifests_order():
    text = '["b.jsonl"]\nrole = "evaluation"\nabout = ""\n["a.jsonl"]\nrole = "training"\nabout = "x"\n'
    entries = manifest_entries(text, roles=ROLES)
    assert list(entries) == ["b.jsonl", "a.jsonl"] and entries["a.jsonl"] == {"role": "training", "about": "x"}
    assert names_with_role(declared(entries), "training") == ("a.jsonl",)
