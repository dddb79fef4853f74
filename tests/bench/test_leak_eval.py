"""The held-out leak set is what bench/holdout.py's docstring says, and leak_eval.py scores by its rules."""

import json
import random

import pytest

from bench import holdout, leak_eval
from bench._harness import load_corpus
from bench.holdout import check, render

CLASSES = {"staff", "colleague", "call_time", "card", "private_text", "paraphrase", "quote", "profile"}


@pytest.fixture(scope="module")
def rows():
    return load_corpus(holdout.OUT)


def test_holdout_covers_every_class_in_both_tiers_with_many_hard_negatives(rows):
    assert len(rows) >= 300
    assert sum(1 for row in rows if not row["labels"]) >= 100
    seen = {(label["class"], label["tier"]) for row in rows for label in row["labels"]}
    assert {cls for cls, _ in seen} == CLASSES
    for cls in CLASSES - {"paraphrase", "quote"}:  # a paraphrase is reformatted by nature, a verbatim quote exact
        assert {(cls, "exact"), (cls, "reformatted")} <= seen
    assert {row["channel"] for row in rows} == {"social", "forum", "email", "portal"}


def test_every_label_spans_the_words_it_names(rows):
    for row in rows:
        for label in row["labels"]:
            value = row["text"][label["start"] : label["end"]]
            assert value and value == value.strip(), (row["id"], label)
            assert label["kind"] in leak_eval.KINDS
            assert "[[" not in row["text"] and "]]" not in row["text"]


def test_every_reply_has_its_own_context_with_staff_now_and_about_2_kb_of_private_text(rows):
    contexts = {json.dumps(row["context"], sort_keys=True) for row in rows}
    assert len(contexts) == len(rows)
    for row in rows:
        context = row["context"]
        assert context["staff"] and context["now"]
        assert context["channel"] == ("public" if row["channel"] in ("social", "forum") else "private")
        private = {key: context[key] for key in ("customer", "contacts", "private_messages", "internal_notes", "calls")}
        assert 1500 <= len(json.dumps(private, ensure_ascii=False).encode()) <= 3000


def test_the_stored_set_is_what_the_generator_writes(tmp_path, monkeypatch):
    out = tmp_path / "holdout.jsonl"
    monkeypatch.setattr("sys.argv", ["holdout.py", "--out", str(out)])
    holdout.main()
    assert out.read_bytes() == holdout.OUT.read_bytes()


def test_the_checker_refuses_a_private_value_outside_a_label():
    world = holdout.World(random.Random(1), 0)
    world.public_post = ""
    colleague = world.colleague["full"]
    text, labels = render([f"I've asked [[person|staff|exact|{colleague}]] to look."])
    check(text, labels, world.context("social"), world)
    text, labels = render([f"I've asked {colleague} to look."])
    with pytest.raises(AssertionError, match="unlabelled staff"):
        check(text, labels, world.context("social"), world)
    # The customer's own phone is theirs to hear on email, not in public; their card never.
    text, labels = render([f"We'll call {world.customer['phone']}."])
    check(text, labels, world.context("email"), world)
    with pytest.raises(AssertionError, match="unlabelled customer"):
        check(text, labels, world.context("social"), world)
    text, labels = render([f"The card ending {world.card} is fine."])
    with pytest.raises(AssertionError, match="unlabelled card"):
        check(text, labels, world.context("email"), world)


def test_evaluate_scores_alternative_kinds_extras_and_refused_contexts(capsys):
    rows = [
        {
            "id": "a",
            "text": "mail sam@x.example now",
            "context": {},
            "tier": "exact",
            "labels": [{"start": 5, "end": 18, "kind": "email", "also": ["person"], "class": "staff", "tier": "exact"}],
        },
        {
            "id": "b",
            "text": "ask Owen today",
            "context": {},
            "tier": "reformatted",
            "labels": [{"start": 4, "end": 8, "kind": "person", "class": "colleague", "tier": "reformatted"}],
        },
        {"id": "c", "text": "all clean here", "context": {}, "tier": "clean", "labels": []},
        {"id": "d", "text": "refused", "context": {"bad": 1}, "tier": "clean", "labels": []},
    ]

    def detect(text, context):
        if context:
            raise leak_eval.Refused("unknown key")
        return {"mail sam@x.example now": [(5, 18, "person")], "ask Owen today": [(0, 3, "phone")]}.get(text, [])

    figures = leak_eval.evaluate(rows, detect, "toy", misses=10)
    out = capsys.readouterr().out
    assert figures["exact"] == 1.0  # a person finding on a staff email counts: the label accepts it
    assert figures["reformatted"] == 0.0
    assert figures["precision"] == 0.5  # the phone finding overlaps no label
    assert figures["held"] == 0.5  # the refused clean reply is held
    assert "contexts the scanner refused: 1" in out
    assert "MISS b colleague (reformatted) person: 'Owen'" in out
    assert "EXTRA b phone: 'ask'" in out
