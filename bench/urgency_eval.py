"""Precision and recall of urgency detection per category, the share of clean messages flagged, and speed.

    .venv/bin/python bench/urgency_eval.py [--set FILE ...] [--misses] [--seconds S]

By default every labelled set bench/data/urgency_sets.toml declares for training or for the rules is measured,
in its order (the manifest's `about` line is each table's title). The rules were tuned on some of them and the
model trained on every training set (the weights file names them, `trained_on`), so their figures are
regression figures: they show the detectors still do what they learned, not how well they generalise. The
blind sets the manifest declares for evaluation, never trained or tuned on, are measured only when named with
--set, and their errors are never printed, not even with --misses. Each set is measured twice in one run: the
phrase rules alone, and the rules with the learned stage beside them (escalation/detection/urgency_model.json,
`manage.py train_urgency_model`), which is what the intake task runs.
A message counts for a category when the classifier returns that category; the labels are the message's whole
set of categories. Throughput is one process on one core, warm, over the set's messages in a loop, counted in
CPU time (on a shared machine wall time would count other people's work). Files written by
`manage.py export_urgency_labels` are measured with --set FILE.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import load_corpus  # noqa: E402
from escalation.detection import CATEGORIES, UrgencyModel, classify, default_model, default_ruleset  # noqa: E402
from escalation.detection.sets import DATA, sets_with_role, urgency_sets  # noqa: E402

# The default run (title, file); --misses never prints an evaluation set's errors, even one named by --set, so
# nobody tunes on it.
SETS = [(labelled.about, DATA / name) for name, labelled in urgency_sets().items() if labelled.role != "evaluation"]
HELD_OUT = set(sets_with_role("evaluation"))
TARGETS = "targets: self_harm recall >= 0.97 at precision >= 0.8; every recall >= 0.9; clean flagged <= 3 %"


def evaluate(rows: list[dict], *, model: UrgencyModel | None = None, misses: bool = False) -> dict:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    clean = flagged = 0
    for row in rows:
        found = {d.category: d for d in classify(row["text"], channel=row.get("channel", ""), model=model)}
        labels = set(row["categories"])
        for category in CATEGORIES:
            if category in found and category in labels:
                tp[category] += 1
            elif category in found:
                fp[category] += 1
                if misses:
                    print(
                        f"  FP {category:17} {row['id']}: {found[category].source} {found[category].triggers} | "
                        f"{_short(row['text'])}"
                    )
            elif category in labels:
                fn[category] += 1
                if misses:
                    print(f"  FN {category:17} {row['id']}: {_short(row['text'])}")
        if not labels:
            clean += 1
            flagged += bool(found)
    return {"tp": tp, "fp": fp, "fn": fn, "clean": clean, "flagged": flagged}


def _short(text: str) -> str:
    return " ".join(text.split())[:160]


def throughput(rows: list[dict], seconds: float, model: UrgencyModel | None = None) -> tuple[float, float]:
    texts = [(row["text"], row.get("channel", "")) for row in rows]
    for text, channel in texts:  # warm: rules compiled, regex caches filled
        classify(text, channel=channel, model=model)
    count = 0
    started = time.process_time()  # CPU time of this process: other work on a shared machine does not count
    while (elapsed := time.process_time() - started) < seconds:
        for text, channel in texts:
            classify(text, channel=channel, model=model)
        count += len(texts)
    return count / elapsed, sum(len(t) for t, _ in texts) / len(texts)


def report(title: str, rows: list[dict], results: list[tuple[str, dict, float]], mean_chars: float) -> None:
    """One table per set: precision / recall per category for each way of classifying, side by side."""
    first = results[0][1]
    positives = len(rows) - first["clean"]
    print(
        f"\n{title}: {len(rows)} messages, {first['clean']} clean ({first['clean'] / len(rows):.0%}), "
        f"{positives} with a category, mean {mean_chars:,.0f} characters"
    )
    print(f"  {'category':18} {'labelled':>8}" + "".join(f" {name + ' P / R':>22}" for name, _, _ in results))
    for category in CATEGORIES:
        cells = []
        for _, result, _ in results:
            tp, fp, fn = result["tp"][category], result["fp"][category], result["fn"][category]
            precision = tp / (tp + fp) if tp + fp else float("nan")
            recall = tp / (tp + fn) if tp + fn else float("nan")
            cells.append(f"{precision:.3f} / {recall:.3f}")
        labelled = first["tp"][category] + first["fn"][category]
        print(f"  {category:18} {labelled:8d}" + "".join(f" {cell:>22}" for cell in cells))
    flagged = [
        f"{r['flagged']} / {r['clean']} = {r['flagged'] / r['clean']:.1%}" if r["clean"] else "-" for _, r, _ in results
    ]
    print(f"  {'clean flagged':27}" + "".join(f" {cell:>22}" for cell in flagged))
    print(f"  {'messages / CPU-second':27}" + "".join(f" {rate:>22,.0f}" for _, _, rate in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", action="append", type=Path, help="a labelled JSON-lines file (repeatable)")
    parser.add_argument(
        "--misses", action="store_true", help="print every false positive and negative (not for the evaluation sets)"
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to measure throughput")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, whatever the machine
    sets = [(str(path), path) for path in args.set] if args.set else SETS
    started = time.perf_counter()
    rules = default_ruleset()
    print(f"{len(rules.rules)} default rules compiled in {time.perf_counter() - started:.2f} s (digest {rules.digest})")
    model = default_model()
    if model is None:
        print("no urgency model installed (escalation/detection/urgency_model.json): rules alone")
    else:
        print(
            f"urgency model {model.digest}: {len(model.vocabulary):,} n-grams, trained on "
            + ", ".join(f"{name} ({count})" for name, count in model.trained_on.items())
        )
    print(TARGETS)
    for title, path in sets:
        if not path.exists():
            print(f"\n{title} — {path.name}: not present")
            continue
        rows = load_corpus(path)
        misses = args.misses and path.name not in HELD_OUT
        if misses:
            print(f"\n{title}: misses of {'rules + model' if model else 'the rules'}")
        rate, mean_chars = throughput(rows, args.seconds)
        results = [("rules", evaluate(rows), rate)]
        if model is not None:
            combined = evaluate(rows, model=model, misses=misses)
            results.append(("rules+model", combined, throughput(rows, args.seconds, model)[0]))
            if path.name in model.trained_on:
                title += " [the model was trained on it: regression figures]"
        elif misses:
            evaluate(rows, misses=True)
        report(f"{title} — {path.name}", rows, results, mean_chars)


if __name__ == "__main__":
    main()
