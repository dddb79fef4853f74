"""Precision and recall of the first-response checker per warning code, the share of good drafts warned, and
speed.

    .venv/bin/python bench/firstresponse_eval.py [--set FILE ...] [--misses] [--seconds S]

By default three labelled sets are measured: bench/data/firstresponse_corpus.jsonl (written by
bench/firstresponse_corpus.py), which the shipped patterns were tuned on — its figures are regression
figures — and two held-out sets never tuned on (their errors are never printed, not even with --misses):
firstresponse_holdout.jsonl, whole replies written by hand before the patterns were, and
firstresponse_holdout2.jsonl, written after the first measurement in other voices (terse social replies with
typos and emoji, long formal emails quoting the customer, promises and blame in words no pattern names).
A draft counts for a code when the checker returns at least one warning with that code; a draft's label is
its whole set of codes, and a good draft is one labelled with none. Throughput is one process, warm, over
the set's drafts in a loop, counted in CPU time (on a shared machine wall time would count other people's
work).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from escalation.firstresponse import CODES, check, default_patterns  # noqa: E402

DATA = Path(__file__).parent / "data"
# (title, file, whether --misses may print its errors: never for the held-out set, so nobody tunes on it)
SETS = [
    ("tuned-on set (regression figures)", DATA / "firstresponse_corpus.jsonl", True),
    ("held-out set (never tuned on)", DATA / "firstresponse_holdout.jsonl", False),
    ("second held-out set (never tuned on)", DATA / "firstresponse_holdout2.jsonl", False),
]
TARGETS = "targets: promises_outcome recall >= 0.9; good drafts warned <= 10 %"


def predicted(row: dict) -> set[str]:
    return {w.code for w in check(row["text"], channel=row.get("channel", ""), first_response=row["first_response"])}


def measure(rows: list[dict], *, misses: bool) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    good = good_warned = 0
    for row in rows:
        got, want = predicted(row), set(row["codes"])
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


def report(title: str, rows: list[dict], result: dict) -> None:
    print(f"\n{title}: {len(rows)} drafts, {result['good']} good")
    print(f"  {'code':22} {'precision':>9} {'recall':>7} {'labelled':>9}")
    for code in CODES:
        tp, fp, fn = result["tp"][code], result["fp"][code], result["fn"][code]
        print(f"  {code:22} {ratio(tp, tp + fp):>9} {ratio(tp, tp + fn):>7} {tp + fn:>9}")
    share = result["good_warned"] / result["good"] if result["good"] else 0.0
    print(f"  good drafts warned: {result['good_warned']}/{result['good']} = {share:.1%}")


def throughput(rows: list[dict], seconds: float) -> float:
    for row in rows:
        predicted(row)  # warm
    done, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        for row in rows:
            predicted(row)
        done += len(rows)
    return done / (time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", type=Path, help="measure this JSON-lines file instead")
    parser.add_argument("--misses", action="store_true", help="print the tuned-on set's wrong drafts")
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to time throughput")
    args = parser.parse_args()
    sets = [(f"set {path}", path, True) for path in args.set] if args.set else SETS
    print(f"patterns {default_patterns().digest}; {TARGETS}")
    first_rows: list[dict] = []
    for title, path, may_print in sets:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        first_rows = first_rows or rows
        report(title, rows, measure(rows, misses=args.misses and may_print))
    print(f"\nthroughput: {throughput(first_rows, args.seconds):,.0f} drafts/s (one process, CPU time)")


if __name__ == "__main__":
    main()
