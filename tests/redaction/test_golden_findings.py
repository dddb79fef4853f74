"""Every finding on the regression and held-out sets is what the golden file records: any detection change shows.

The blind set is left out on purpose: recording its findings would show which of its replies fail.

The golden file is written by `.venv/bin/python bench/leak_eval.py --write-golden`. A detection change
that is meant regenerates it, and its diff is reviewed and committed with the change; a fast path or a
refactoring must leave it as it is.
"""

import json

from bench import leak_eval
from bench._harness import load_corpus

REGENERATE = ".venv/bin/python bench/leak_eval.py --write-golden"


def _by_reply(records):
    return {(record["set"], record["id"]): record for record in records}


def test_findings_on_both_evaluation_sets_match_the_golden_file():
    with leak_eval.GOLDEN.open(encoding="utf-8") as lines:
        golden = _by_reply(json.loads(line) for line in lines if line.strip())
    current = _by_reply(leak_eval.golden_findings())
    assert {name for name, _ in golden} == set(leak_eval.GOLDEN_SETS)
    changed = sorted(key for key in golden.keys() | current.keys() if golden.get(key) != current.get(key))
    shown = "\n".join(
        f"  {key}: golden {golden.get(key)}\n  {' ' * len(str(key))}  now    {current.get(key)}" for key in changed[:5]
    )
    assert not changed, (
        f"findings changed on {len(changed)} of {len(golden)} replies of the evaluation sets:\n{shown}\n"
        f"If this detection change is intended, regenerate the golden file with `{REGENERATE}`, "
        "check its diff, and commit it with the change; otherwise the change altered what the scanner finds."
    )


def test_the_golden_file_is_what_write_golden_writes(tmp_path):
    written = tmp_path / "golden.jsonl"
    assert leak_eval.golden_write(written) == sum(
        len(load_corpus(leak_eval.SETS[name][0])) for name in leak_eval.GOLDEN_SETS
    )
    records = [json.loads(line) for line in written.read_text(encoding="utf-8").splitlines()]
    assert all(("findings" in record) != ("refused" in record) for record in records)
    assert any(record.get("findings") for record in records)  # the sets have leaks the scanner finds
