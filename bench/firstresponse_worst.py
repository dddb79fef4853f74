"""CPU time of the first-response checker on the longest draft it reads (`MAX_CHARS`, the product's reply limit
TACT_MESSAGE_MAX_CHARS): the worst cases, since it runs on every draft as the agent types and at Send.

    .venv/bin/python bench/firstresponse_worst.py [--repeat N] [--chars N] [--profile CASE]

Each case is a draft of `--chars` characters: random words, one word repeated, real drafts (the corpus's,
concatenated), and inputs that are hard for regular expressions (runs of spaces, punctuation, question marks,
quotation marks, one enormous word) and for the checker's reading of each match (one long sentence of
promises, each read in its sentence and clause). Printed per case: the median CPU time of `check` with the
patterns alone and with patterns + the shipped model, over `--repeat` runs in one warm process (CPU time: the
machine is shared). `--profile CASE` prints cProfile's top functions for one case instead.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from escalation.firstresponse import MAX_CHARS, check, default_patterns, default_reply_model  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "data" / "firstresponse_corpus.jsonl"


def _fill(piece: Callable[[], str], chars: int) -> str:
    parts, size = [], 0
    while size < chars:
        part = piece()
        parts.append(part)
        size += len(part)
    return "".join(parts)[:chars]


def cases(chars: int) -> dict[str, str]:
    """The drafts measured, each `chars` long, the same on every run."""
    rng = random.Random(7)
    drafts = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    vocabulary = sorted({word for text in drafts for word in text.split()})
    letters = "abcdefghijklmnopqrstuvwxyz"
    return {
        "random words": _fill(lambda: rng.choice(vocabulary) + " ", chars),
        "nonsense words": _fill(lambda: "".join(rng.choices(letters, k=rng.randint(2, 12))) + " ", chars),
        "one word repeated": _fill(lambda: "sorry ", chars),
        "one sentence of promises": _fill(lambda: "we will refund you and ", chars),
        "one clause of promises": _fill(lambda: "we will refund you ", chars),
        "promises, one a sentence": _fill(lambda: "We will refund you. ", chars),
        "real drafts": _fill(lambda: rng.choice(drafts) + " ", chars),
        "real drafts, one paragraph per draft": _fill(lambda: rng.choice(drafts) + "\n\n", chars),
        "spaces": "we " + " " * (chars - 6) + "ok.",
        "punctuation": _fill(lambda: rng.choice(".,;:!?-—()'\"*"), chars),
        "question marks": "?" * chars,
        "word? repeated": _fill(lambda: "why? ", chars),
        "quotation marks": _fill(lambda: '"a" ', chars),
        "one enormous word": "a" * chars,
        "newlines and bullets": _fill(lambda: "\n- ", chars),
    }


def cpu(text: str, repeat: int, model: object) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        check(text, channel="social", model=model)  # type: ignore[arg-type]
        times.append(time.process_time() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per case; the median is printed")
    parser.add_argument("--chars", type=int, default=MAX_CHARS, help="length of each draft")
    parser.add_argument("--profile", metavar="CASE", help="cProfile one case (patterns + model)")
    args = parser.parse_args()
    drafts = cases(args.chars)
    default_patterns()
    model = default_reply_model()
    check("warm up", model=model)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(check, drafts[args.profile], channel="social", model=model)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        return
    print(f"median CPU seconds per draft of {args.chars:,} characters, {args.repeat} runs")
    print(f"  {'case':38} {'patterns':>9} {'+ model':>9}")
    worst = 0.0
    for name, text in drafts.items():
        alone, both = cpu(text, args.repeat, None), cpu(text, args.repeat, model)
        worst = max(worst, alone, both)
        print(f"  {name:38} {alone:9.3f} {both:9.3f}")
    print(f"worst: {worst:.3f} s")


if __name__ == "__main__":
    main()
