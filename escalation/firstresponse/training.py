"""Training the checker's learned stage (`model.py`) and choosing its thresholds on the development set.

The model learns from the training drafts (the sets bench/data/firstresponse_sets.toml declares for training,
`sets.py`); the patterns were tuned on those too, so on them the patterns leave the model nothing to correct
and a threshold chosen there would say little. Each code's threshold is chosen on the development drafts (the
sets declared for development, never trained on) with the patterns in place, as the checker runs (a warning
when the patterns or the model find it): the threshold with the best F1 there, the lowest on a tie (recall
first). With only a few dozen good drafts there, that alone can settle on a threshold that warns many good
drafts elsewhere, so it is raised, if need be, until the model alone warns at most `GOOD_BUDGET` of the
training drafts without the code, out of fold (k-fold cross-validation).
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


def dev_thresholds(model: ReplyModel, dev: Sequence[dict], floors: Sequence[float]) -> tuple[list[float], dict]:
    """Each code's threshold on the development drafts, at least its floor, and the figures there (patterns
    alone, patterns + model at that threshold)."""
    rows: list[Scored] = []
    for row in dev:
        warned = check(row["text"], channel=row.get("channel", ""), first_response=row.get("first_response", True))
        scores = model.probabilities(model.featurize(row["text"]))[1]
        rows.append((set(row["codes"]), {w.code for w in warned}, dict(zip(model.categories, scores, strict=True))))
    thresholds, figures = [], {}
    for index, code in enumerate(model.categories):
        best = _best_threshold(rows, code)
        floor = floors[index]
        figures[code] = {"best_f1": best, "floor": floor, "patterns": _counts(rows, code, None)}
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


def reply_model_fit(
    rows: Sequence[dict],
    dev: Sequence[dict],
    *,
    k: int = 5,
    trained_on: dict[str, int] | None = None,
    tuned_on: dict[str, int] | None = None,
) -> tuple[ReplyModel, dict]:
    """The model trained on `rows` with thresholds chosen on `dev` (floored by the good-drafts budget out of
    fold); the figures: k-fold cross-validation of the model alone on `rows` at those thresholds, and the
    development drafts' figures."""
    examples = examples_from_rows(
        [{"text": row["text"], "categories": [c for c in row["codes"] if c in MODEL_CODES]} for row in rows],
        reply_features,
    )
    oof = out_of_fold(examples, MODEL_CODES, k)
    floors = [
        budget_floor([p[i] for p in oof], [code not in e.labels for e in examples])
        for i, code in enumerate(MODEL_CODES)
    ]
    model = model_train(examples, MODEL_CODES, trained_on=trained_on, format=FORMAT, featurize=reply_features)
    thresholds, dev_figures = dev_thresholds(model, dev, floors)
    model = dataclasses.replace(model, thresholds=thresholds, tuned_on=dict(tuned_on or {}), digest="")
    model.digest = model_digest(model)
    figures: dict = {"k": k, "rows": len(rows), "categories": {}, "dev": dev_figures}
    for index, code in enumerate(MODEL_CODES):
        truth = [code in e.labels for e in examples]
        figures["categories"][code] = {
            "threshold": thresholds[index],
            "labelled": sum(truth),
            **precision_recall([p[index] >= thresholds[index] for p in oof], truth),
        }
    clean = [i for i, e in enumerate(examples) if not e.labels]
    figures["clean"] = len(clean)
    figures["clean_flagged"] = sum(1 for i in clean if any(p >= t for p, t in zip(oof[i], thresholds, strict=True)))
    return model, figures


def training_report(figures: dict, sources: dict[str, int]) -> str:
    """What a training run prints first: the sets and rows it learned from, and the out-of-fold figures at the
    thresholds chosen on the development drafts."""
    lines = [
        f"trained on {figures['rows']} messages: " + ", ".join(f"{k} {v}" for k, v in sources.items()),
        f"{figures['k']}-fold cross-validation, model alone, at the thresholds chosen on the development set:",
        f"  {'category':18} {'labelled':>8} {'threshold':>9} {'precision':>9} {'recall':>7}",
    ]
    for category, row in figures["categories"].items():
        lines.append(
            f"  {category:18} {row['labelled']:8d} {row['threshold']:9.2f} {row['precision']:9.3f} {row['recall']:7.3f}"
        )
    share = figures["clean_flagged"] / figures["clean"] if figures["clean"] else float("nan")
    lines.append(f"  drafts without a promise flagged: {figures['clean_flagged']} / {figures['clean']} = {share:.1%}")
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
        chosen = f"threshold {row['threshold']:.2f} (best F1 {row['best_f1']:.2f}, budget floor {row['floor']:.2f})"
        lines.append(f"  {code:20} {chosen}: {cells[0]} -> {cells[1]}")
    good, before, after = figures["good"], figures["good_warned_patterns"], figures["good_warned"]
    lines.append(f"  good drafts warned: {before} / {good} -> {after} / {good}")
    return "\n".join(lines)
