"""Training the learned stage (`model.py`): logistic regression by stochastic gradient descent, in pure Python.

Pure Python because the training sets are small (a few thousand messages, a minute at most) and the run-time
model must be plain data anyway; a numerical library would add an install for no gain. Each category's
threshold is chosen by k-fold cross-validation on the training rows (the out-of-fold probability that gives
the best F1, raised until the category flags at most `CLEAN_BUDGET` of the clean rows), never on a set used to
evaluate the model. The urgency model's folds hold whole sets, so each threshold is chosen on messages written
apart from those the model learnt from, as a blind set is.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import FORMAT, FORMAT_SENTENCES, Reading, UrgencyModel, features, read

# The shipped labelled sets the model learns from (bench/data). Held-out sets 4 and 5 are never among them:
# they measure the model, so nothing is trained or tuned on them.
TRAINING_SETS = (
    "urgency_corpus.jsonl",
    "urgency_dev.jsonl",
    "urgency_holdout.jsonl",
    "urgency_holdout2.jsonl",
    "urgency_holdout3.jsonl",
    "urgency_train2.jsonl",  # written for the model (bench/urgency_train2.py): weak categories, hard negatives
    "urgency_train3.jsonl",  # written for the model (bench/urgency_train3.py): many voices, veiled and indirect
)
EVALUATION_ONLY = ("urgency_holdout4.jsonl", "urgency_holdout5.jsonl", "urgency_holdout6.jsonl")
# Each category may flag at most this share of the clean training messages out of fold (one in 200): seven
# categories at most 3.5 % together, and in practice they overlap. Best-F1 thresholds alone flagged 5 %.
CLEAN_BUDGET = 0.005
MIN_DF = 2  # an n-gram seen in one training message only is noise, not evidence
EPOCHS = 30  # epochs and rate chosen by 5-fold cross-validation on the training rows (mean F1 over categories)
LEARNING_RATE = 4.0
L2 = 1e-6  # per example and step (the reply checker's model)
# The urgency model's (`model_fit`), chosen by cross-validation with whole sets held out (mean average
# precision over the categories: 1e-6 0.888, 1e-5 0.889, 3e-5 0.885, 1e-4 0.856).
URGENCY_L2 = 1e-5
SEED = 20261204


@dataclass(frozen=True)
class Example:
    reading: Reading
    labels: frozenset[str]

    @property
    def found(self) -> dict[str, tuple[int, int]]:
        return self.reading.found


def examples_from_rows(
    rows: Sequence[dict], featurize: Callable[[str], dict[str, tuple[int, int]]] = features, *, format: str = FORMAT
) -> list[Example]:
    """Labelled rows ({"text", "categories"}) as feature sets, n-grams by `featurize`, or read by sentence for
    a model of `FORMAT_SENTENCES`."""
    if format == FORMAT_SENTENCES:
        return [Example(read(row["text"]), frozenset(row["categories"])) for row in rows]
    return [Example(Reading(featurize(row["text"])), frozenset(row["categories"])) for row in rows]


def model_train(
    examples: Sequence[Example],
    categories: Sequence[str],
    *,
    thresholds: Sequence[float] | None = None,
    trained_on: dict[str, int] | None = None,
    format: str = FORMAT,
    featurize: Callable[[str], dict[str, tuple[int, int]]] = features,
    l2: float | None = None,
) -> UrgencyModel:
    """Fit one logistic regression per category on `examples` (thresholds 0.5 unless given); `format` and
    `featurize` say what the weights are for (the reply checker's model shares this code); `l2` defaults to
    `L2`."""
    l2 = L2 if l2 is None else l2
    df: Counter[str] = Counter()
    for example in examples:
        df.update(example.found.keys())
    vocabulary = {feature: i for i, feature in enumerate(sorted(f for f, n in df.items() if n >= MIN_DF))}
    rows = [
        (
            [c for c in map(vocabulary.get, e.found) if c is not None],
            1.0 / math.sqrt(len(e.found) or 1),
            [category in e.labels for category in categories],
        )
        for e in examples
    ]
    weights = [[0.0] * len(vocabulary) for _ in categories]
    bias = [0.0] * len(categories)
    order = list(range(len(rows)))
    rng = random.Random(SEED)
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = LEARNING_RATE / (1 + epoch * 0.2)
        for index in order:
            columns, scale, targets = rows[index]
            for k, row in enumerate(weights):
                z = bias[k] + scale * sum(map(row.__getitem__, columns))
                gradient = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - targets[k]
                if abs(gradient) < 1e-4:
                    continue
                step = rate * gradient
                bias[k] -= step
                step *= scale
                for c in columns:
                    row[c] -= step
        shrink = (1.0 - rate * l2) ** len(rows)
        for row in weights:
            row[:] = [w * shrink for w in row]
    model = UrgencyModel(
        categories=list(categories),
        vocabulary=vocabulary,
        weights=weights,
        bias=bias,
        thresholds=list(thresholds) if thresholds is not None else [0.5] * len(categories),
        trained_on=dict(trained_on or {}),
        format=format,
        featurize=featurize,
    )
    model.digest = model_digest(model)
    return model


def model_digest(model: UrgencyModel) -> str:
    """What names a model in reports: a hash of its weights file without the digest itself."""
    return hashlib.sha256(json.dumps(model.as_json() | {"digest": ""}, sort_keys=True).encode()).hexdigest()[:16]


def folds(count: int, k: int, groups: Sequence[str] | None = None) -> list[list[int]]:
    """Row indexes in k folds, shuffled with a fixed seed. With `groups` (each row's set), a set is never split:
    a fold holds whole sets (the largest first, each into the smallest fold so far), so a template's variations
    are never on both sides and the held fold is as new to the model as a blind set."""
    order = list(range(count))
    random.Random(SEED).shuffle(order)
    if groups is None:
        return [order[i::k] for i in range(k)]
    members: dict[str, list[int]] = {}
    for i in order:
        members.setdefault(groups[i], []).append(i)
    packed: list[list[int]] = [[] for _ in range(min(k, len(members)))]
    for name in sorted(members, key=lambda g: (-len(members[g]), g)):
        min(packed, key=len).extend(members[name])
    return packed


def out_of_fold(
    examples: Sequence[Example],
    categories: Sequence[str],
    k: int,
    *,
    groups: Sequence[str] | None = None,
    format: str = FORMAT,
    l2: float | None = None,
) -> list[list[float]]:
    """Each example's probabilities from the model trained on the other k-1 folds."""
    probabilities: list[list[float]] = [[] for _ in examples]
    for held in folds(len(examples), k, groups):
        held_set = set(held)
        kept = [e for i, e in enumerate(examples) if i not in held_set]
        model = model_train(kept, categories, format=format, l2=l2)
        for i in held:
            probabilities[i] = model.probabilities(examples[i].found, examples[i].reading.sentences)[1]
    return probabilities


def threshold_choose(
    probabilities: Sequence[float], truth: Sequence[bool], clean: Sequence[bool], *, budget: float = CLEAN_BUDGET
) -> float:
    """The threshold with the best F1 over these out-of-fold probabilities (the lower one on a tie), raised
    until at most `budget` of the clean messages reach it."""
    best, best_f1 = 0.5, -1.0
    for step in range(5, 96):
        threshold = step / 100
        tp = sum(1 for p, t in zip(probabilities, truth, strict=True) if t and p >= threshold)
        fp = sum(1 for p, t in zip(probabilities, truth, strict=True) if not t and p >= threshold)
        fn = sum(1 for p, t in zip(probabilities, truth, strict=True) if t and p < threshold)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = threshold, f1
    clean_probabilities = [p for p, c in zip(probabilities, clean, strict=True) if c]
    allowed = budget * len(clean_probabilities)
    while best < 0.99 and sum(1 for p in clean_probabilities if p >= best) > allowed:
        best = round(best + 0.01, 2)
    return best


def model_fit(
    rows: Sequence[dict],
    categories: Sequence[str],
    *,
    k: int = 5,
    trained_on: dict[str, int] | None = None,
    clean_budget: float = CLEAN_BUDGET,
    groups: Sequence[str] | None = None,
    format: str = FORMAT,
    l2: float = URGENCY_L2,
) -> tuple[UrgencyModel, dict]:
    """Train on every row, with thresholds chosen by k-fold cross-validation on the same rows; also return the
    cross-validation figures (model alone, at the chosen thresholds) for the report. A row with no category is
    clean; each category may flag at most `clean_budget` of the clean rows out of fold. With `groups` (each
    row's set) the folds hold whole sets."""
    examples = examples_from_rows(rows, format=format)
    oof = out_of_fold(examples, categories, k, groups=groups, format=format, l2=l2)
    thresholds = []
    figures: dict = {"k": k, "rows": len(rows), "categories": {}}
    for index, category in enumerate(categories):
        truth = [category in e.labels for e in examples]
        column = [p[index] for p in oof]
        counted = [not e.labels for e in examples]
        threshold = threshold_choose(column, truth, counted, budget=clean_budget)
        thresholds.append(threshold)
        tp = sum(1 for p, t in zip(column, truth, strict=True) if t and p >= threshold)
        fp = sum(1 for p, t in zip(column, truth, strict=True) if not t and p >= threshold)
        positives = sum(truth)
        figures["categories"][category] = {
            "threshold": threshold,
            "labelled": positives,
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / positives if positives else float("nan"),
        }
    clean = [i for i, e in enumerate(examples) if not e.labels]
    figures["clean"] = len(clean)
    figures["clean_flagged"] = sum(1 for i in clean if any(p >= t for p, t in zip(oof[i], thresholds, strict=True)))
    model = model_train(examples, categories, thresholds=thresholds, trained_on=trained_on, format=format, l2=l2)
    return model, figures


def labelled_sets_load(paths: Sequence[Path], *, refused: Sequence[str]) -> tuple[list[dict], list[str]]:
    """The labelled rows of JSON-lines files, with the file name each row came from; ValueError for a file kept
    for evaluation (named in `refused`: no model is ever trained on it) or one that does not exist."""
    rows: list[dict] = []
    origins: list[str] = []
    for path in paths:
        if path.name in refused:
            raise ValueError(f"{path.name} is kept for evaluation: the model is never trained on it")
        if not path.exists():
            raise ValueError(f"{path}: no such file")
        loaded = _load(path)
        rows += loaded
        origins += [path.name] * len(loaded)
    return rows, origins


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def training_report(
    figures: dict, sources: dict[str, int], *, clean: str = "clean messages", chosen: str = "on the folds"
) -> str:
    """What a training run prints: the sets and rows it learned from, and the cross-validation figures; `clean`
    names the rows with no label, `chosen` where the thresholds were chosen."""
    lines = [
        f"trained on {figures['rows']} messages: " + ", ".join(f"{k} {v}" for k, v in sources.items()),
        f"{figures['k']}-fold cross-validation, model alone, at the thresholds chosen {chosen}:",
        f"  {'category':18} {'labelled':>8} {'threshold':>9} {'precision':>9} {'recall':>7}",
    ]
    for category, row in figures["categories"].items():
        lines.append(
            f"  {category:18} {row['labelled']:8d} {row['threshold']:9.2f} {row['precision']:9.3f} {row['recall']:7.3f}"
        )
    share = figures["clean_flagged"] / figures["clean"] if figures["clean"] else float("nan")
    lines.append(f"  {clean} flagged: {figures['clean_flagged']} / {figures['clean']} = {share:.1%}")
    return "\n".join(lines)
