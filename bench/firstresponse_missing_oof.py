"""Could the learned model decide the missing-X codes? Out-of-fold figures on the training drafts.

    .venv/bin/python bench/firstresponse_missing_oof.py [--patterns FILE]

A head per missing-X code (`missing_empathy`, `missing_info_request`, `missing_commitment`), the reply model's
features and trainer, is fitted with each training set left out in turn (bench/data/firstresponse_sets.toml, role
"training"; development and evaluation sets are never read) and scored on the set left out: a set its drafts were
never in, as a blind set would be. Printed, precision / recall per code and the good drafts warned for a missing
part, on all the training drafts and on the last set declared: the patterns (tuned on these drafts: regression
figures, unless `--patterns` names a file that never saw the last set), the model alone at three thresholds (first
responses only, as the checker warns a missing part), and the patterns with the model as a veto (a missing-X
warning of the patterns dropped when the model's probability is below the threshold). Several minutes on one core.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import load_corpus  # noqa: E402
from escalation.detection.training import examples_from_rows, out_of_fold  # noqa: E402
from escalation.firstresponse import check, default_patterns  # noqa: E402
from escalation.firstresponse.model import reply_features  # noqa: E402
from escalation.firstresponse.patterns import patterns_load  # noqa: E402
from escalation.firstresponse.sets import DATA, sets_with_role  # noqa: E402

MISSING = ("missing_empathy", "missing_info_request", "missing_commitment")


def figures(rows: list[dict], flagged: list[set[str]], only: set[int] | None) -> str:
    cells = []
    for code in MISSING:
        tp = fp = fn = 0
        for i, row in enumerate(rows):
            if only is None or i in only:
                said, want = code in flagged[i], code in row["codes"]
                tp, fp, fn = tp + (said and want), fp + (said and not want), fn + (want and not said)
        precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
        recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
        cells.append(f"{code[8:]} {precision} / {recall}")
    good = [i for i, row in enumerate(rows) if not row["codes"] and (only is None or i in only)]
    warned = sum(1 for i in good if flagged[i])
    return "  ".join(cells) + f"  good drafts warned {warned} / {len(good)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patterns", type=Path, help="a patterns file to measure instead of the shipped one")
    args = parser.parse_args()
    patterns = patterns_load(args.patterns.read_text(encoding="utf-8")) if args.patterns else default_patterns()
    names = sets_with_role("training")
    rows: list[dict] = []
    held: list[list[int]] = []
    for name in names:
        start = len(rows)
        rows.extend(load_corpus(DATA / name))
        held.append(list(range(start, len(rows))))
    warned = [
        {w.code for w in check(r["text"], channel=r.get("channel", ""), patterns=patterns)} & set(MISSING)
        if r["first_response"]
        else set()
        for r in rows
    ]
    examples = examples_from_rows(
        [{"text": r["text"], "categories": [c for c in r["codes"] if c in MISSING]} for r in rows], reply_features
    )
    oof = out_of_fold(examples, MISSING, len(held), held=held)
    print(f"patterns {patterns.digest}; {len(rows)} training drafts, each set left out in turn; precision / recall")
    last = set(held[-1])
    for title, only in (("all training sets", None), (f"{names[-1]} (left out)", last)):
        print(f"\n{title}:")
        print(f"  {'patterns':26} {figures(rows, warned, only)}")
        for threshold in (0.3, 0.5, 0.7):
            alone = [
                {c for j, c in enumerate(MISSING) if p[j] >= threshold and r["first_response"]}
                for p, r in zip(oof, rows, strict=True)
            ]
            print(f"  {f'model alone >= {threshold}':26} {figures(rows, alone, only)}")
        for threshold in (0.05, 0.1, 0.2):
            veto = [
                {c for j, c in enumerate(MISSING) if c in w and p[j] >= threshold}
                for w, p in zip(warned, oof, strict=True)
            ]
            print(f"  {f'patterns, veto below {threshold}':26} {figures(rows, veto, only)}")


if __name__ == "__main__":
    main()
