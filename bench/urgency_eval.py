"""Precision and recall of urgency detection per category, the share of clean messages flagged, and speed.

    .venv/bin/python bench/urgency_eval.py [--set FILE ...] [--misses] [--seconds S]

By default every labelled set is measured: bench/data/urgency_corpus.jsonl and bench/data/urgency_dev.jsonl
(texting, typos, non-native English, euphemism and veiled threats, with near-misses), which the shipped rules
were tuned on (their figures are regression figures), and the held-out sets written by hand and never tuned on
(their errors are never printed, not even with --misses): urgency_holdout.jsonl, written before any tuning,
urgency_holdout2.jsonl, in another voice (short chat lines, phone notes) before the second round,
urgency_holdout3.jsonl, longer and formal messages each beside a near-identical clean one, after the last, and
urgency_holdout4.jsonl, written blind, by someone who had not seen the rules or the other sets, after tolerant
reading and proximity rules were added (240 messages in many voices and channels, half clean, with near-misses
for every category).
A message counts for a category when the classifier returns that category; the labels are the message's whole
set of categories. Throughput is one process on one core, warm, over the set's messages in a loop, counted in
CPU time (on a shared machine wall time would count other people's work). Files written by
`manage.py export_urgency_labels` are measured with --set FILE.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from escalation.detection import CATEGORIES, classify, default_ruleset  # noqa: E402

DATA = Path(__file__).parent / "data"
# (title, file, whether --misses may print its errors: never for the held-out sets, so nobody tunes on them)
SETS = [
    ("tuned-on set (regression figures)", DATA / "urgency_corpus.jsonl", True),
    ("tuned-on development set (regression figures)", DATA / "urgency_dev.jsonl", True),
    ("held-out set (never tuned on)", DATA / "urgency_holdout.jsonl", False),
    ("second held-out set (never tuned on)", DATA / "urgency_holdout2.jsonl", False),
    ("third held-out set (written after the last round)", DATA / "urgency_holdout3.jsonl", False),
    ("fourth held-out set (written blind, never tuned on)", DATA / "urgency_holdout4.jsonl", False),
]
TARGETS = "targets: self_harm recall >= 0.97 at precision >= 0.8; every recall >= 0.9; clean flagged <= 3 %"


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def evaluate(rows: list[dict], *, misses: bool = False) -> dict:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    clean = flagged = 0
    for row in rows:
        found = {d.category: d for d in classify(row["text"], channel=row.get("channel", ""))}
        labels = set(row["categories"])
        for category in CATEGORIES:
            if category in found and category in labels:
                tp[category] += 1
            elif category in found:
                fp[category] += 1
                if misses:
                    print(f"  FP {category:17} {row['id']}: {found[category].triggers} | {_short(row['text'])}")
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


def throughput(rows: list[dict], seconds: float) -> tuple[float, float]:
    texts = [(row["text"], row.get("channel", "")) for row in rows]
    for text, channel in texts:  # warm: rules compiled, regex caches filled
        classify(text, channel=channel)
    count = 0
    started = time.process_time()  # CPU time of this process: other work on a shared machine does not count
    while (elapsed := time.process_time() - started) < seconds:
        for text, channel in texts:
            classify(text, channel=channel)
        count += len(texts)
    return count / elapsed, sum(len(t) for t, _ in texts) / len(texts)


def report(title: str, rows: list[dict], result: dict, rate: float, mean_chars: float) -> None:
    positives = len(rows) - result["clean"]
    print(f"\n{title}: {len(rows)} messages, {result['clean']} clean ({result['clean'] / len(rows):.0%}), "
          f"{positives} with a category")
    print(f"  {'category':18} {'labelled':>8} {'precision':>9} {'recall':>7}")
    for category in CATEGORIES:
        tp, fp, fn = result["tp"][category], result["fp"][category], result["fn"][category]
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        print(f"  {category:18} {tp + fn:8d} {precision:9.3f} {recall:7.3f}")
    share = result["flagged"] / result["clean"] if result["clean"] else float("nan")
    print(f"  clean messages flagged: {result['flagged']} / {result['clean']} = {share:.1%}")
    print(f"  throughput: {rate:,.0f} messages per CPU-second, one core (mean {mean_chars:,.0f} characters)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", action="append", type=Path, help="a labelled JSON-lines file (repeatable)")
    parser.add_argument("--misses", action="store_true",
                        help="print every false positive and negative (not for the held-out sets)")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to measure throughput")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, whatever the machine
    sets = [(str(path), path, True) for path in args.set] if args.set else SETS
    started = time.perf_counter()
    rules = default_ruleset()
    print(f"{len(rules.rules)} default rules compiled in {time.perf_counter() - started:.2f} s (digest {rules.digest})")
    print(TARGETS)
    for title, path, may_show in sets:
        if not path.exists():
            print(f"\n{title} — {path.name}: not present")
            continue
        rows = load(path)
        misses = args.misses and may_show
        if misses:
            print(f"\n{title}: misses")
        result = evaluate(rows, misses=misses)
        rate, mean_chars = throughput(rows, args.seconds)
        report(f"{title} — {path.name}", rows, result, rate, mean_chars)


if __name__ == "__main__":
    main()
