"""Training the checker's learned stage (`model.py`) and choosing its thresholds.

The model learns from the training drafts (the sets bench/data/firstresponse_sets.toml declares for training,
`sets.py`). Each head's threshold is chosen on drafts it did not learn from: each hand-written training set held
out whole in turn (as the urgency model's are, `escalation.detection.training`), and the development sets, never
trained on. A blind set is a new writer's, and random folds put a writer's near-twin drafts on both sides of the
split, so they flatter the model on the near misses that cost most: at the blame threshold random folds chose
(0.67, the lowest at which the model alone was 0.95 precise), the blind sets 10 and 11 saw the blame head warn good
drafts the patterns passed. Sets generated from templates (`GENERATED`) are trained on but choose nothing: their
drafts resemble each other and their twin set's.

A head's threshold is the one with the least cost there, for the model alone: each flawed draft it misses costs 1,
each draft it warns wrongly 1, and each good draft (no code at all) it warns `GOOD_COST`. A good draft warned is
what the targets count and what teaches an agent to ignore the checker. The patterns were tuned on these drafts, so
they say nothing here about what the model adds on a new set; the model alone is measured.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from escalation.detection.training import (
    examples_from_rows,
    folds_by_set,
    model_digest,
    model_train,
    out_of_fold,
    precision_recall,
)

from .checker import check
from .model import FORMAT, MODEL_CODES, ReplyModel, reply_features

CANDIDATES = [step / 100 for step in range(5, 100)]
# What a good draft warned costs, in flawed drafts missed. With train9's near misses, 10 chooses promises 0.75 and
# blame 0.80 (8 good drafts warned where chosen, recall 0.648); 5 lets the blame head warn 10 for 0.681, 15 raises it to
# 0.83 (7, 0.624), 20 to 0.95 (3, 0.479). Promises stay at 0.75 from 5 to 20.
GOOD_COST = 10
# Sets generated from templates: trained on, never used to choose a threshold (train3 and dev3 share their templates).
GENERATED = frozenset({"firstresponse_corpus.jsonl", "firstresponse_train3.jsonl", "firstresponse_dev3.jsonl"})


def cost_threshold(probabilities: Sequence[float], truth: Sequence[bool], good: Sequence[bool]) -> float:
    """The candidate with the least cost for the model alone: a positive missed costs 1, a negative warned 1, a
    good draft warned `GOOD_COST`; the lowest on a tie (recall first)."""

    def cost(threshold: float) -> float:
        total = 0.0
        for p, positive, clean in zip(probabilities, truth, good, strict=True):
            if positive:
                total += p < threshold
            elif p >= threshold:
                total += GOOD_COST if clean else 1
        return total

    return min(CANDIDATES, key=lambda threshold: (cost(threshold), threshold))


# A development draft as the report reads it: its codes, what the patterns warned, the model's scores.
Scored = tuple[set[str], set[str], dict[str, float]]


def _counts(rows: Sequence[Scored], code: str, threshold: float | None) -> tuple[int, int, int]:
    """True positives, false positives and false negatives of `code` with the model at `threshold` beside the
    patterns (None: the patterns alone)."""
    said = [
        (code in found or (threshold is not None and scores[code] >= threshold), code in want)
        for want, found, scores in rows
    ]
    return sum(s and w for s, w in said), sum(s and not w for s, w in said), sum(w and not s for s, w in said)


def dev_figures(model: ReplyModel, dev: Sequence[dict]) -> dict:
    """The development drafts' figures at the model's thresholds: each code's counts with the patterns alone and
    with the model beside them, and the good drafts warned."""
    rows: list[Scored] = []
    for row in dev:
        scores = model.probabilities(model.featurize(row["text"]))
        rows.append((set(row["codes"]), _warned(row), dict(zip(model.categories, scores, strict=True))))
    figures: dict = {}
    for code, threshold in zip(model.categories, model.thresholds, strict=True):
        figures[code] = {
            "threshold": threshold,
            "patterns": _counts(rows, code, None),
            "combined": _counts(rows, code, threshold),
        }
    good = [(found, scores) for want, found, scores in rows if not want]
    figures["good"] = len(good)
    figures["good_warned_patterns"] = sum(1 for found, _ in good if found)
    figures["good_warned"] = sum(
        1
        for found, scores in good
        if found or any(scores[c] >= t for c, t in zip(model.categories, model.thresholds, strict=True))
    )
    return figures


def _warned(row: dict) -> set[str]:
    """The codes the patterns warn a labelled draft for, as the checker runs on it."""
    warned = check(row["text"], channel=row.get("channel", ""), first_response=row.get("first_response", True))
    return {w.code for w in warned}


def reply_model_fit(
    rows: Sequence[dict],
    dev: Sequence[dict],
    *,
    origins: Sequence[str],
    dev_origins: Sequence[str],
    k: int = 5,
    trained_on: dict[str, int] | None = None,
) -> tuple[ReplyModel, dict]:
    """The model trained on `rows` (each from the set named in `origins`), each head's threshold chosen for least
    cost (`cost_threshold`) on the drafts it did not learn from: each hand-written training set held out in turn
    and the hand-written development sets; the figures: the model alone on those at the chosen thresholds, k-fold
    cross-validation on `rows` (the model alone, the patterns alone, both) and the development drafts' figures."""
    examples = examples_from_rows(
        [{"text": row["text"], "categories": [c for c in row["codes"] if c in MODEL_CODES]} for row in rows],
        reply_features,
    )
    model = model_train(examples, MODEL_CODES, trained_on=trained_on, format=FORMAT, featurize=reply_features)
    held = folds_by_set([None if origin in GENERATED else origin for origin in origins])
    by_set = out_of_fold(examples, MODEL_CODES, k, held=held)
    unseen = [(by_set[i], set(rows[i]["codes"]), origins[i]) for i in sorted(i for fold in held for i in fold)]
    unseen += [
        (model.probabilities(model.featurize(row["text"])), set(row["codes"]), origin)
        for row, origin in zip(dev, dev_origins, strict=True)
        if origin not in GENERATED
    ]
    good = [not codes for _, codes, _ in unseen]
    thresholds = [
        cost_threshold([scores[index] for scores, _, _ in unseen], [code in codes for _, codes, _ in unseen], good)
        for index, code in enumerate(MODEL_CODES)
    ]
    tuned_on = dict(Counter(origin for _, _, origin in unseen))
    model = dataclasses.replace(model, thresholds=thresholds, tuned_on=tuned_on, digest="")
    model.digest = model_digest(model)
    oof = out_of_fold(examples, MODEL_CODES, k)
    patterns = [_warned(row) for row in rows]
    said = [[p >= t for p, t in zip(scores, thresholds, strict=True)] for scores in oof]
    figures: dict = {"k": k, "rows": len(rows), "categories": {}, "dev": dev_figures(model, dev)}
    figures["unseen"] = {"sets": len(tuned_on), "rows": len(unseen), "good": sum(good), "categories": {}}
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
        warned = [scores[index] >= thresholds[index] for scores, _, _ in unseen]
        labelled = [code in codes for _, codes, _ in unseen]
        figures["unseen"]["categories"][code] = precision_recall(warned, labelled) | {
            "labelled": sum(labelled),
            "good_warned": sum(1 for w, g in zip(warned, good, strict=True) if w and g),
        }
    clean = [i for i, row in enumerate(rows) if not row["codes"]]
    figures["good"] = len(clean)
    figures["good_warned_patterns"] = sum(1 for i in clean if patterns[i])
    figures["good_warned"] = sum(1 for i in clean if patterns[i] or any(said[i]))
    return model, figures


def training_report(figures: dict, sources: dict[str, int]) -> str:
    """What a training run prints first: the sets and rows it learned from; the model alone at the chosen
    thresholds on the drafts they were chosen on (those it did not learn from); and k-fold cross-validation at them,
    the model alone, the patterns alone (tuned on these drafts) and both."""
    unseen = figures["unseen"]
    lines = [
        f"trained on {figures['rows']} messages: " + ", ".join(f"{k} {v}" for k, v in sources.items()),
        f"thresholds chosen on {unseen['sets']} hand-written sets the model did not learn from, each training set "
        f"held out in turn, and the development sets ({unseen['rows']} drafts, {unseen['good']} good; a good draft "
        f"warned costs {GOOD_COST}), the model alone, precision / recall:",
    ]
    for code, row in unseen["categories"].items():
        threshold = figures["categories"][code]["threshold"]
        lines.append(
            f"  {code:18} {row['labelled']:8d} {threshold:9.2f} {row['precision']:.3f} / {row['recall']:.3f}, "
            f"good drafts warned {row['good_warned']}"
        )
    lines += [
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
    """The development drafts' lines of a training run's report: drafts the model never learned from."""
    lines = ["development drafts (never trained on; the hand-written ones chose the thresholds), patterns -> + model:"]
    for code in MODEL_CODES:
        row = figures[code]
        cells = []
        for key in ("patterns", "combined"):
            tp, fp, fn = row[key]
            precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
            recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
            cells.append(f"{precision} / {recall}")
        lines.append(f"  {code:20} threshold {row['threshold']:.2f}: {cells[0]} -> {cells[1]}")
    good, before, after = figures["good"], figures["good_warned_patterns"], figures["good_warned"]
    lines.append(f"  good drafts warned: {before} / {good} -> {after} / {good}")
    return "\n".join(lines)
