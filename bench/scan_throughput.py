"""Scanner throughput on one core over the leak corpus.

    .venv/bin/python bench/scan_throughput.py [--runs 7] [--corpus FILE]

Warm figures scan every reply with its context already compiled (the worker's steady state:
several replies per ticket, matchers cached by fingerprint); the context is passed as the dict
the worker builds, so the cache look-up is included. Times are CPU time of this process
(time.process_time), so a busy shared machine does not count other processes' work against the
scanner; a reference loop is timed too, to scale the figures to another machine. Cold is the
one-off cost of compiling a context. Peak memory covers compiling every corpus context and one
warm pass (tracemalloc), plus the process's maximum resident set.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from redaction.scanner import (  # noqa: E402
    ScanContext,
    compile_context,
    engine,  # noqa: E402
    scan,
)

CORPUS = Path(__file__).parent / "data" / "leak_corpus.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with args.corpus.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    items = [(row["text"], row["context"]) for row in rows]
    total_bytes = sum(len(text.encode()) for text, _ in items)

    # Every corpus reply has its own context; the worker sees a few replies per ticket. Size the
    # cache to hold them all so "warm" measures scanning, not recompiling.
    engine.CACHE_SIZE = 3 * len(items)
    engine.cache_clear()
    tracemalloc.start()
    cold = []
    for _, context in items:
        parsed = ScanContext.from_dict(context)
        start = time.perf_counter()
        compile_context(parsed)
        cold.append(time.perf_counter() - start)
    for text, context in items:  # warm-up, and caches each dict under its repr digest
        scan(text, context)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    runs = [_timed(lambda: [scan(text, context) for text, context in items]) for _ in range(args.runs)]
    word = re.compile(r"\w+")
    reference = statistics.median(
        _timed(lambda: [word.findall(text.lower()) for text, _ in items]) for _ in range(args.runs)
    )

    median = statistics.median(runs)
    n = len(items)
    print(f"corpus: {n} replies, {total_bytes / n:.0f} bytes per reply on average")
    print(
        f"warm scan, one core: {n / median:,.0f} replies/s, {total_bytes / median / 1e6:.2f} MB/s, "
        f"{median / n * 1e6:.0f} us per reply (median of {args.runs} runs; "
        f"slowest {n / max(runs):,.0f}, fastest {n / min(runs):,.0f} replies/s)"
    )
    print(
        f"reference (findall of words over the same replies): {reference / n * 1e6:.1f} us per reply; "
        f"a scan costs {median / reference:.0f}x that"
    )
    print(
        f"cold compile per context: median {statistics.median(cold) * 1e3:.2f} ms, "
        f"p95 {sorted(cold)[int(len(cold) * 0.95)] * 1e3:.2f} ms"
    )
    print(
        f"peak traced memory: {peak / 1e6:.1f} MB for {n} compiled contexts and one pass; "
        f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )


def _timed(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


if __name__ == "__main__":
    main()
