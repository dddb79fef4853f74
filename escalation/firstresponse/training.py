"""Training the checker's learned stage (`model.py`) and choosing its thresholds.

The model learns from the training drafts (the sets bench/data/firstresponse_sets.toml declares for training,
`sets.py`); the patterns were tuned on those too, so on them the patterns leave the model nothing to correct
and a threshold chosen there would say little. The promise head's threshold is chosen on the development drafts
(the sets declared for development, never trained on) with the patterns in place, as the checker runs (a
warning when the patterns or the model find it): the threshold with the best F1 there, the lowest on a tie
(recall first). With only a few dozen good drafts there, that alone can settle on a threshold that warns many
good drafts elsewhere, so it is raised, if need be, until the model alone warns at most `GOOD_BUDGET` of the
training drafts without the code, out of fold (k-fold cross-validation).

The blame head's cannot be chosen by F1 there: the patterns find every blame of the development sets (fixes
were made from them), so the best F1 there is a head that never warns. Its threshold is chosen out of fold on the
training drafts, for precision (`PRECISION_FLOOR`), within the same budget, and raised, if need be, until the
model alone warns at most `GOOD_BUDGET` of the development drafts without blame: those are drafts it never
learned from, near misses among them ("some customers have reported the same crash, so you're not alone").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from escalation.detection.training import (
    examples_from_rows,
    model_digest,
    model_train,
    out_of_fold,
    precision_recall,
)

from .checker import check
from .model import FORMAT, MODEL_CODES, ReplyModel, reply_features

CANDIDATES = [step / 100 for step in range(5, 96)]
# Each code may warn at most this share of the training drafts without it, out of fold, leaving the rest of
# the 10 % good-drafts target to the patterns.
GOOD_BUDGET = 0.02
# Codes whose threshold is chosen out of fold for precision rather than on the development drafts: the lowest
# candidate at which the model alone is at least this precise, there and at every higher candidate. A warning
# on a good draft costs the agent's trust in the rest, so precision comes before recall.
PRECISION_FLOOR = {"blames_customer": 0.95}


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


# A development draft as the threshold search reads it: its codes, what the patterns warned, the model's scores.
Scored = tuple[set[str], set[str], dict[str, float]]


def _counts(rows: Sequence[Scored], code: str, threshold: float | None) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of `code` with the model at `threshold` beside the
    patterns (None: the patterns alone)."""
    said = [
        (code in found or (threshold is not None and scores[code] >= threshold), code in want)
        for want, found, scores in rows
    ]
    return sum(s and w for s, w in said), sum(s and not w for s, w in said), sum(w and not s for s, w in said)


def _best_threshold(rows: Sequence[Scored], code: str) -> float:
    """The candidate with the best F1 for `code`, the lowest on a tie."""
    return max(CANDIDATES, key=lambda threshold: (_f1(*_counts(rows, code, threshold)), -threshold))


def budget_floor(probabilities: Sequence[float], without: Sequence[bool]) -> float:
    """The lowest candidate at which at most `GOOD_BUDGET` of the drafts `without` the code reach it."""
    scores = [p for p, w in zip(probabilities, without, strict=True) if w]
    allowed = GOOD_BUDGET * len(scores)
    return next((t for t in CANDIDATES if sum(p >= t for p in scores) <= allowed), CANDIDATES[-1])


def precision_floor(probabilities: Sequence[float], truth: Sequence[bool], floor: float) -> float:
    """The lowest candidate from which up the model alone is at least `floor` precise (1.0 for none): a
    threshold that is precise by chance between two that are not is not chosen."""
    chosen = 1.0
    for threshold in reversed(CANDIDATES):
        said = [p >= threshold for p in probabilities]
        tp = sum(1 for s, t in zip(said, truth, strict=True) if s and t)
        if tp < floor * sum(said):
            break
        chosen = threshold if tp else chosen
    return chosen


def dev_thresholds(model: ReplyModel, dev: Sequence[dict], floors: Sequence[float]) -> tuple[list[float], dict]:
    """Each code's threshold on the development drafts, at least its floor: the best F1 there, or for a code
    chosen for precision out of fold (`PRECISION_FLOOR`) the lowest within `GOOD_BUDGET` of the drafts without
    it; and the figures there (patterns alone, patterns + model at that threshold)."""
    rows: list[Scored] = []
    for row in dev:
        scores = model.probabilities(model.featurize(row["text"]))
        rows.append((set(row["codes"]), _warned(row), dict(zip(model.categories, scores, strict=True))))
    thresholds, figures = [], {}
    for index, code in enumerate(model.categories):
        floor = floors[index]
        if code in PRECISION_FLOOR:
            best = budget_floor([scores[code] for _, _, scores in rows], [code not in want for want, _, _ in rows])
        else:
            best = _best_threshold(rows, code)
        figures[code] = {"dev": best, "floor": floor, "patterns": _counts(rows, code, None)}
        best = max(best, floor)
        thresholds.append(best)
        figures[code]["threshold"] = best
        figures[code]["combined"] = _counts(rows, code, best)
    good = [(found, scores) for want, found, scores in rows if not want]
    figures["good"] = len(good)
    figures["good_warned_patterns"] = sum(1 for found, _ in good if found)
    figures["good_warned"] = sum(
        1
        for found, scores in good
        if found or any(scores[c] >= t for c, t in zip(model.categories, thresholds, strict=True))
    )
    return thresholds, figures


def _warned(row: dict) -> set[str]:
    """The codes the patterns warn a labelled draft for, as the checker runs on it."""
    warned = check(row["text"], channel=row.get("channel", ""), first_response=row.get("first_response", True))
    return {w.code for w in warned}


def reply_model_fit(
    rows: Sequence[dict],
    dev: Sequence[dict],
    *,
    k: int = 5,
    trained_on: dict[str, int] | None = None,
    tuned_on: dict[str, int] | None = None,
) -> tuple[ReplyModel, dict]:
    """The model trained on `rows` with thresholds chosen on `dev` or out of fold (`PRECISION_FLOOR`), floored
    by the good-drafts budget out of fold; the figures: k-fold cross-validation on `rows` at those thresholds
    (the model alone, the patterns alone, both), and the development drafts' figures."""
    examples = examples_from_rows(
        [{"text": row["text"], "categories": [c for c in row["codes"] if c in MODEL_CODES]} for row in rows],
        reply_features,
    )
    oof = out_of_fold(examples, MODEL_CODES, k)
    floors = []
    for i, code in enumerate(MODEL_CODES):
        scores, truth = [p[i] for p in oof], [code in e.labels for e in examples]
        floor = budget_floor(scores, [not t for t in truth])
        if code in PRECISION_FLOOR:
            floor = max(floor, precision_floor(scores, truth, PRECISION_FLOOR[code]))
        floors.append(floor)
    model = model_train(examples, MODEL_CODES, trained_on=trained_on, format=FORMAT, featurize=reply_features)
    thresholds, dev_figures = dev_thresholds(model, dev, floors)
    model = dataclasses.replace(model, thresholds=thresholds, tuned_on=dict(tuned_on or {}), digest="")
    model.digest = model_digest(model)
    patterns = [_warned(row) for row in rows]
    said = [[p >= t for p, t in zip(scores, thresholds, strict=True)] for scores in oof]
    figures: dict = {"k": k, "rows": len(rows), "categories": {}, "dev": dev_figures}
    for index, code in enumerate(MODEL_CODES):
        truth = [code in e.labels for e in examples]
        found = [code in warned for warned in patterns]
        figures["categories"][code] = {
            "threshold": thresholds[index],
            "labelled": sum(truth),
            "model": precision_recall([s[index] for s in said], truth),
            "patterns": precision_recall(found, truth),
            "both": precision_recall([f or s[index] for f, s in zip(found, said, strict=True)], truth),
        }
    good = [i for i, row in enumerate(rows) if not row["codes"]]
    figures["good"] = len(good)
    figures["good_warned_patterns"] = sum(1 for i in good if patterns[i])
    figures["good_warned"] = sum(1 for i in good if patterns[i] or any(said[i]))
    return model, figures


def training_report(figures: dict, sources: dict[str, int]) -> str:
    """What a training run prints first: the sets and rows it learned from, and the out-of-fold figures at the
    chosen thresholds, the model alone, the patterns alone (tuned on these drafts) and both."""
    lines = [
        f"trained on {figures['rows']} messages: " + ", ".join(f"{k} {v}" for k, v in sources.items()),
        f"{figures['k']}-fold cross-validation on them at the chosen thresholds, precision / recall:",
        f"  {'code':18} {'labelled':>8} {'threshold':>9} {'model':>13} {'patterns':>13} {'both':>13}",
    ]
    for code, row in figures["categories"].items():
        cells = " ".join(f"{row[k]['precision']:.3f} / {row[k]['recall']:.3f}" for k in ("model", "patterns", "both"))
        lines.append(f"  {code:18} {row['labelled']:8d} {row['threshold']:9.2f} {cells}")
    good = figures["good"] or 1
    lines.append(
        f"  good drafts warned: patterns {figures['good_warned_patterns']} / {figures['good']} = "
        f"{figures['good_warned_patterns'] / good:.1%}, patterns + model {figures['good_warned']} / "
        f"{figures['good']} = {figures['good_warned'] / good:.1%}"
    )
    return "\n".join(lines)


def dev_report(figures: dict) -> str:
    """The development drafts' lines of a training run's report."""
    lines = ["development drafts (the thresholds were chosen here: tuned on), patterns -> patterns + model:"]
    for code in MODEL_CODES:
        row = figures[code]
        cells = []
        for key in ("patterns", "combined"):
            tp, fp, fn = row[key]
            precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
            recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
            cells.append(f"{precision} / {recall}")
        here = "budget here" if code in PRECISION_FLOOR else "best F1"
        floor = "precision floor" if code in PRECISION_FLOOR else "budget floor"
        chosen = f"threshold {row['threshold']:.2f} ({here} {row['dev']:.2f}, {floor} {row['floor']:.2f})"
        lines.append(f"  {code:20} {chosen}: {cells[0]} -> {cells[1]}")
    good, before, after = figures["good"], figures["good_warned_patterns"], figures["good_warned"]
    lines.append(f"  good drafts warned: {before} / {good} -> {after} / {good}")
    return "\n".join(lines)
