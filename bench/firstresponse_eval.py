"""Precision and recall of the first-response checker per warning code, the share of good drafts warned, and
speed.

    .venv/bin/python bench/firstresponse_eval.py [--set FILE ...] [--misses] [--seconds S]

By default every labelled set bench/data/firstresponse_sets.toml declares for training or development is
measured, in its order (the manifest's `about` line is each table's title): the patterns were tuned on the
training sets and the model trained on them (its weights file names them, `trained_on`), and the model's
thresholds were chosen on the development sets and on the training sets held out in turn (`tuned_on`), so all
their figures are regression figures. The
blind sets the manifest declares for evaluation, never trained or tuned on, are measured only when named with
--set, and their errors are never printed, not even with --misses.
Each set is measured twice in one run: the patterns alone, and patterns + the learned stage
(escalation/firstresponse/reply_model.json, `manage.py train_reply_model`), which warns for promises and blame
the patterns miss. A set's title says when the model was trained on it (its weights file's `trained_on`) or its
thresholds were chosen on it (`tuned_on`).
A draft counts for a code when the checker returns at least one warning with that code; a draft's label is
its whole set of codes, and a good draft is one labelled with none. Throughput is one process, warm, over
the set's drafts in a loop, counted in CPU time (on a shared machine wall time would count other people's
work).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import load_corpus  # noqa: E402
from escalation.firstresponse import CODES, ReplyModel, check, default_patterns, default_reply_model  # noqa: E402
from escalation.firstresponse.sets import DATA, reply_sets, sets_with_role  # noqa: E402

# The default run (title, file); --misses never prints an evaluation set's errors, even one named by --set, so
# nobody tunes on it.
SETS = [(labelled.about, DATA / name) for name, labelled in reply_sets().items() if labelled.role != "evaluation"]
HELD_OUT = set(sets_with_role("evaluation"))
TARGETS = "targets: promises_outcome recall >= 0.9; good drafts warned <= 10 %"


def predicted(row: dict, model: ReplyModel | None = None) -> set[str]:
    warnings = check(row["text"], channel=row.get("channel", ""), first_response=row["first_response"], model=model)
    return {w.code for w in warnings}


def measure(rows: list[dict], *, misses: bool, model: ReplyModel | None = None) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    good = good_warned = 0
    for row in rows:
        got, want = predicted(row, model), set(row["codes"])
        for code in CODES:
            tp[code] += code in got and code in want
            fp[code] += code in got and code not in want
            fn[code] += code not in got and code in want
        if not want:
            good += 1
            good_warned += bool(got)
        if misses and got != want:
            print(f"  {row['id']}: want {sorted(want)} got {sorted(got)}: {row['text']!r}")
    return {"tp": tp, "fp": fp, "fn": fn, "good": good, "good_warned": good_warned}


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "  - "


def report(title: str, rows: list[dict], results: list[tuple[str, dict]]) -> None:
    print(f"\n{title}: {len(rows)} drafts, {results[0][1]['good']} good; precision / recall")
    print(f"  {'code':22} " + " ".join(f"{name:>16}" for name, _ in results) + f" {'labelled':>9}")
    for code in CODES:
        cells = []
        for _, result in results:
            tp, fp, fn = result["tp"][code], result["fp"][code], result["fn"][code]
            cells.append(f"{ratio(tp, tp + fp)} / {ratio(tp, tp + fn)}")
        labelled = results[0][1]["tp"][code] + results[0][1]["fn"][code]
        print(f"  {code:22} " + " ".join(f"{cell:>16}" for cell in cells) + f" {labelled:>9}")
    shares = []
    for _, result in results:
        share = result["good_warned"] / result["good"] if result["good"] else 0.0
        shares.append(f"{result['good_warned']}/{result['good']} = {share:.1%}")
    print(f"  {'good drafts warned':22} " + " ".join(f"{cell:>16}" for cell in shares))


def throughput(rows: list[dict], seconds: float, model: ReplyModel | None = None) -> float:
    for row in rows:
        predicted(row, model)  # warm
    done, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        for row in rows:
            predicted(row, model)
        done += len(rows)
    return done / (time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", type=Path, help="measure this JSON-lines file instead")
    parser.add_argument("--misses", action="store_true", help="print the tuned-on set's wrong drafts")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to time throughput")
    args = parser.parse_args()
    sets = [(f"set {path}", path) for path in args.set] if args.set else SETS
    model = default_reply_model()
    print(f"patterns {default_patterns().digest}; {TARGETS}")
    if model is None:
        print("no reply model installed (escalation/firstresponse/reply_model.json): patterns alone")
    else:
        trained = ", ".join(f"{name} ({count})" for name, count in model.trained_on.items())
        print(f"reply model {model.digest}: {len(model.vocabulary):,} n-grams, trained on {trained}")
    first_rows: list[dict] = []
    for title, path in sets:
        if not path.exists():
            print(f"\n{title}: {path.name} not present")
            continue
        rows = load_corpus(path)
        may_print = path.name not in HELD_OUT
        first_rows = first_rows or rows
        results = [("patterns", measure(rows, misses=args.misses and may_print))]
        if model is not None:
            results.append(("patterns+model", measure(rows, misses=args.misses and may_print, model=model)))
            if path.name in model.trained_on:
                title += " [the model was trained on it: regression figures]"
            elif path.name in model.tuned_on:
                title += " [the model's thresholds were chosen on it: regression figures]"
        report(title, rows, results)
    speeds = f"patterns {throughput(first_rows, args.seconds):,.0f} drafts/s"
    if model is not None:
        speeds += f", patterns + model {throughput(first_rows, args.seconds, model):,.0f} drafts/s"
    print(f"\nthroughput: {speeds} (one process, CPU time)")


if __name__ == "__main__":
    main()
