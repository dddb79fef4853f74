"""Training the learned stage (`model.py`): logistic regression by stochastic gradient descent, in pure Python.

Pure Python because the training sets are small (a few thousand messages, a minute at most) and the run-time
model must be plain data anyway; a numerical library would add an install for no gain. The urgency model's
thresholds are chosen out of fold on the sets written by hand, one held out at a time, never on a set used to
evaluate the model and never on a grammar's rows: a grammar's variations resemble each other, so thresholds
chosen on them flagged three times the clean messages on hand-written ones. The model confirms the rules' hits
above a low floor per category (`floors_choose`), and its clean budget comes on top of the confirmed rules'
flags (`thresholds_choose`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import multiprocessing
import random
from collections import Counter
from collections.abc import Callable, Container, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .model import FORMAT, FORMAT_SENTENCES, LONG_SENTENCES, Reading, UrgencyModel, features, read
from .sets import is_grammar, speaks_for

# Which sets the model learns from, which it refuses and which categories each teaches are declared beside the
# data (bench/data/urgency_sets.toml, read by `sets.py`). A grammar's row (every row of a set declared
# `grammar`; in the others, rows marked "source": "grammar") weighs GRAMMAR_WEIGHT, about one over the rows a
# template makes, since a template's variations are many rows saying one thing, and is never a validation fold.
# A set written for some categories teaches only those: none of its rows is trained on for any other category,
# and a labelled row is not counted for one either. Threats and messages to agents share words with self-harm
# ("nothing left to lose", "I just want to see him again"): trained on as negatives for self-harm, they lowered
# its out-of-fold recall 0.927 -> 0.885, and its flags on them held it to the precision floor. Every clean row
# still judges every category when thresholds are chosen: a false flag costs a lead's time whatever taught it.
GRAMMAR_WEIGHT = 0.2
# Rule confirmation: a shipped rule's hit of a category stands only when the model's probability for it is at
# least the category's floor, the highest that keeps CONFIRM_KEEP of the rules' true hits out of fold
# (`floors_choose`). Most clean messages flagged are flagged by the rules (out of fold on the seventeen
# hand-written sets before urgency_train11/12: 156 of 2,719, 5.7 %, of 210 in all), in messages whose other words
# the model reads as ordinary; confirmed, 93 (3.4 %). Keeping 97 % of true hits the confirmed rules flagged
# 2.5 %, but legal and viral lost 0.02 of recall; keeping 99 %, 4.1 %. Self-harm is never confirmed: a missed
# self-harm message can cost a life, a false one costs a lead a minute. Nor are threats: confirmation would
# take 4 clean messages of 2,719 off their rules' flags for one threat of 719 missed, and a missed threat is a
# danger to a person too.
CONFIRM_KEEP = 0.98
UNCONFIRMED = frozenset({"self_harm", "threat_violence"})
# The model's clean budget, out of fold on the hand-written sets held out: on top of the clean rows the
# confirmed rules flag, the model may flag at most MODEL_BUDGET more of their clean rows, CATEGORY_BUDGET more
# in any one category, each category at precision PRECISION_FLOOR or more. Self-harm, where a miss can cost a
# life, is served first: each positive it finds counts PRIORITY times. The budget was once shared
# with the rules (3 % for both, the target); the rules flag more than that alone (5.7 % on the seventeen sets;
# confirmed, 3.4 %), so a shared budget leaves the model nothing. Confirmation frees 2.3 points of the clean
# share, and half a point goes back to the model, to self-harm first: at 2 % with priority 2 (as before)
# self-harm found 0.816 of its messages out of fold, at 2.5 % with priority 3 0.860 (precision 0.904 -> 0.864),
# every other recall unchanged, 5.4 % -> 5.9 % of clean messages flagged (7.7 % without confirmation).
MODEL_BUDGET = 0.025
# Confirmation never raises self-harm's threshold: its own rule hits are never confirmed, yet with confirmation
# the clean rows another category's rule flagged (now dropped) no longer carry its flags for free, and its
# threshold rose 0.46 -> 0.53, out-of-fold recall 0.879 -> 0.853. A missed self-harm message costs far more
# than a lead's minute, so its threshold is the lower of the two choices, with and without confirmation.
UNRAISED = frozenset({"self_harm"})
CATEGORY_BUDGET = 0.015
PRECISION_FLOOR = 0.8
# How many times a positive found counts when the budget is shared out: a missed self-harm message can cost a life,
# a missed threat a person's safety; both come before the other categories, self-harm first. Without a share for
# threats, a set rich in another category's positives takes threats' budget (train13's 90 harassment messages took
# out-of-fold threat recall to 0.662 on the twenty-two sets); threats at 2 beside self-harm at 3 won 0.781 but cost
# self-harm 0.878 -> 0.854, so self-harm counts 4: out of fold it keeps 0.878, threats 0.781, for 11 more clean
# messages flagged of 3,869 and lower recall in legal, viral, staff conduct and harassment (0.783 -> 0.701).
PRIORITY = {"self_harm": 4, "threat_violence": 2}
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
    weight: float = 1.0  # a grammar's row weighs less than one written by hand: its template repeats
    speaks: frozenset[str] | None = None  # the categories the row is trained on for (`speaks_for`); None: all

    def counts(self, category: str) -> bool:
        return self.speaks is None or category in self.speaks

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
    """Fit one logistic regression per category on `examples` (thresholds 0.5 unless given; no rule-confirmation
    floors, which `model_fit` sets on the fitted model); `format` and `featurize` say what the weights are for
    (the reply checker's model shares this code); `l2` defaults to `L2`."""
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
            e.weight,
            [e.counts(category) for category in categories],
        )
        for e in examples
    ]
    mass = sum(e.weight for e in examples)  # L2 per example, so down-weighted rows count as less data
    weights = [[0.0] * len(vocabulary) for _ in categories]
    bias = [0.0] * len(categories)
    order = list(range(len(rows)))
    rng = random.Random(SEED)
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        rate = LEARNING_RATE / (1 + epoch * 0.2)
        for index in order:
            columns, scale, targets, weight, counted = rows[index]
            for k, row in enumerate(weights):
                if not counted[k]:
                    continue
                z = bias[k] + scale * sum(map(row.__getitem__, columns))
                gradient = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))) - targets[k]
                if abs(gradient) < 1e-4:
                    continue
                step = rate * gradient * weight
                bias[k] -= step
                step *= scale
                for c in columns:
                    row[c] -= step
        shrink = (1.0 - rate * l2) ** mass
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


def folds(count: int, k: int) -> list[list[int]]:
    """Row indexes in k folds, shuffled with a fixed seed."""
    order = list(range(count))
    random.Random(SEED).shuffle(order)
    return [order[i::k] for i in range(k)]


def validation_sets(rows: Sequence[dict], origins: Sequence[str]) -> list[str | None]:
    """Each row's validation fold: the set of a row written by hand (the rows written by hand among the
    grammars' sets are one set; a set written wholly by hand is a fold of its own, even when its rows say
    `"source": "written"`), None for a row from a grammar, which is only ever trained on: a grammar's
    variations are like each other, so thresholds chosen on them do not carry to messages people write."""
    mixed = {origin for row, origin in zip(rows, origins, strict=True) if row.get("source") == "grammar"}
    named: list[str | None] = []
    for row, origin in zip(rows, origins, strict=True):
        if is_grammar(origin) or row.get("source") == "grammar":
            named.append(None)
        else:
            named.append("written among grammars" if origin in mixed else origin)
    return named


def folds_by_set(groups: Sequence[str | None]) -> list[list[int]]:
    """Leave one set out: a fold per named set (in order of first appearance); rows named None are in none."""
    members: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        if group is not None:
            members.setdefault(group, []).append(i)
    return list(members.values())


def out_of_fold(
    examples: Sequence[Example],
    categories: Sequence[str],
    k: int,
    *,
    held: Sequence[Sequence[int]] | None = None,
    format: str = FORMAT,
    l2: float | None = None,
    jobs: int = 1,
    alongside: Callable[[], object] | None = None,
) -> list[list[float]]:
    """Each held example's probabilities from the model trained on every other example (an empty list for a
    row never held); the folds are `held`, or k random ones. With `jobs` above 1 the folds are fitted in that
    many processes: each fit is seeded and depends on its rows alone, so the probabilities are the serial
    run's, bit for bit. `alongside` (the final fit) runs in this process while the workers fit the folds."""
    probabilities: list[list[float]] = [[] for _ in examples]
    chosen = held if held is not None else folds(len(examples), k)
    if jobs <= 1:
        fitted = [_fold_fit(examples, categories, fold, format=format, l2=l2) for fold in chosen]
        if alongside is not None:
            alongside()
    else:
        # Forked workers inherit the examples once (`_fold_start`) instead of each fold pickling them anew.
        context = multiprocessing.get_context("fork")
        shared = (examples, categories, format, l2)
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_fold_start, initargs=shared) as pool:
            pending = [pool.submit(_fold_worker, fold) for fold in chosen]
            if alongside is not None:
                alongside()
            fitted = [job.result() for job in pending]
    for fold, scores in zip(chosen, fitted, strict=True):
        for i, p in zip(fold, scores, strict=True):
            probabilities[i] = p
    return probabilities


def _fold_fit(
    examples: Sequence[Example], categories: Sequence[str], fold: Sequence[int], *, format: str, l2: float | None
) -> list[list[float]]:
    """The probabilities of the rows in `fold` from the model trained on every other row."""
    held_set = set(fold)
    kept = [e for i, e in enumerate(examples) if i not in held_set]
    model = model_train(kept, categories, format=format, l2=l2)
    return [model.probabilities(examples[i].found, examples[i].reading.sentences) for i in fold]


_shared: tuple = ()  # a fold worker's (examples, categories, format, l2), set once when it starts


def _fold_start(*shared: object) -> None:
    global _shared
    _shared = shared


def _fold_worker(fold: Sequence[int]) -> list[list[float]]:
    examples, categories, format, l2 = _shared
    return _fold_fit(examples, categories, fold, format=format, l2=l2)


def thresholds_choose(
    probabilities: Sequence[Sequence[float]],
    labels: Sequence[Container[str]],
    rules: Sequence[Container[str]],
    categories: Sequence[str],
    long: Sequence[bool] | None = None,
    *,
    budget: float = MODEL_BUDGET,
    category_budget: float = CATEGORY_BUDGET,
    floor: float = PRECISION_FLOOR,
) -> tuple[list[float], list[float]]:
    """Per category, the threshold above which the model adds a flag to the rules', chosen together: one for the
    rows that are not `long` and one for those that are (without `long`, every row is short and the long
    thresholds stay 1.0). Step by step, the category and band whose next lower threshold finds the most
    positives per clean row newly flagged (counted `PRIORITY` times: self-harm's, threats') is lowered, while the
    clean rows the model flags beyond the rules' stay within `budget` in all and `category_budget` per category
    (shares of the clean rows), and the category's precision (rules + model, both bands) is `floor` or more. 1.0
    is a category the model adds nothing to. A long message's probability is the highest of many sentences', so
    its clean rows reach a threshold more often, and the long threshold is lowered only where that finds
    positives."""
    bands = [int(b) for b in long] if long is not None else [0] * len(labels)  # 0: short, 1: long
    clean = {i for i, found in enumerate(labels) if not any(c in found for c in categories)}
    spent = {i for i in clean if any(c in rules[i] for c in categories)}
    allowed = len(spent) + budget * len(clean)
    thresholds = [[1.0] * len(categories) for _ in range(2)]
    flagged = [{i for i in range(len(labels)) if c in rules[i]} for c in categories]
    allowed_each = [len(rows & clean) + category_budget * len(clean) for rows in flagged]
    # Per band and category, the rows in the band by falling probability (0.05 or more, the lowest threshold).
    ranked = [
        [
            sorted(
                (i for i in range(len(labels)) if bands[i] == band and probabilities[i][k] >= 0.05),
                key=lambda i, k=k: -probabilities[i][k],
            )
            for k in range(len(categories))
        ]
        for band in range(2)
    ]
    while True:
        best: tuple[float, float, int, int, list[int]] | None = None  # (value, threshold, band, category, new)
        for k, category in enumerate(categories):
            each = len(flagged[k] & clean)
            positives = sum(1 for i in flagged[k] if category in labels[i])
            for band in range(2):
                candidates = [i for i in ranked[band][k] if i not in flagged[k]]
                new: list[int] = []
                gain = cost = new_clean = 0
                at = 0
                for step in range(round(thresholds[band][k] * 100) - 1, 4, -1):
                    threshold = step / 100
                    while at < len(candidates) and probabilities[candidates[at]][k] >= threshold:
                        i = candidates[at]
                        new.append(i)
                        if category in labels[i]:
                            gain += 1
                        elif i in clean:
                            new_clean += 1
                            cost += i not in spent
                        at += 1
                    if len(spent) + cost > allowed or each + new_clean > allowed_each[k]:
                        break
                    if not gain or positives + gain < floor * (len(flagged[k]) + len(new)):
                        continue
                    value = gain * PRIORITY.get(category, 1) / (cost + 0.5)
                    if best is None or value > best[0]:
                        best = (value, threshold, band, k, list(new))
        if best is None:
            short, longer = thresholds
            return short, longer
        _, threshold, band, k, new = best
        spent |= set(new) & clean
        thresholds[band][k] = threshold
        flagged[k] |= set(new)


def floors_choose(
    probabilities: Sequence[Sequence[float]],
    labels: Sequence[Container[str]],
    rules: Sequence[Container[str]],
    categories: Sequence[str],
    *,
    keep: float = CONFIRM_KEEP,
    unconfirmed: Container[str] = UNCONFIRMED,
) -> list[float]:
    """Per category, the highest probability (rounded down to 0.001) at or above which `keep` of the rows the
    rules rightly flag for it score out of fold: a rule hit below it does not stand. 0.0 for a category in
    `unconfirmed` or one the rules never rightly flag."""
    floors = []
    for k, category in enumerate(categories):
        rows = zip(probabilities, labels, rules, strict=True)
        true = sorted(p[k] for p, found, flags in rows if category in found and category in flags)
        if category in unconfirmed or not true:
            floors.append(0.0)
            continue
        below = math.floor((1.0 - keep) * len(true) + 1e-9)  # how many true hits may fall below the floor
        floors.append(math.floor(true[below] * 1000) / 1000)
    return floors


def rules_confirmed(
    probabilities: Sequence[Sequence[float]],
    rules: Sequence[Container[str]],
    categories: Sequence[str],
    floors: Sequence[float],
) -> list[set[str]]:
    """Each row's rule categories that stand: those whose probability is at their floor or above."""
    return [
        {c for k, c in enumerate(categories) if c in found and p[k] >= floors[k]}
        for p, found in zip(probabilities, rules, strict=True)
    ]


def precision_recall(flagged: Sequence[bool], truth: Sequence[bool]) -> dict[str, float]:
    """Precision and recall of flags against the truth, row by row (NaN where undefined): the one place both
    models' reports compute them."""
    tp = sum(1 for f, t in zip(flagged, truth, strict=True) if f and t)
    fp = sum(1 for f, t in zip(flagged, truth, strict=True) if f and not t)
    positives = sum(truth)
    return {
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / positives if positives else float("nan"),
    }


def _scores(flagged: Sequence[bool], truth: Sequence[bool], clean: Sequence[bool]) -> dict:
    return precision_recall(flagged, truth) | {
        "clean_flagged": sum(1 for f, c in zip(flagged, clean, strict=True) if f and c)
    }


def oof_figures(
    probabilities: Sequence[Sequence[float]],
    labels: Sequence[Container[str]],
    rules: Sequence[Container[str]],
    categories: Sequence[str],
    thresholds: Sequence[float],
    long_thresholds: Sequence[float] = (),
    long: Sequence[bool] = (),
) -> dict:
    """Out-of-fold figures of the rule flags `rules` alone and with the model at `thresholds` (for the rows that
    are `long`, at `long_thresholds`): per category precision, recall and clean rows flagged, and the clean rows
    flagged in all."""
    clean = [not any(c in found for c in categories) for found in labels]
    flags = [
        set(found) | {c for k, c in enumerate(categories) if p[k] >= (long_thresholds if longer else thresholds)[k]}
        for p, found, longer in zip(probabilities, rules, long or [False] * len(rules), strict=True)
    ]
    figures: dict = {"categories": {}}
    for category in categories:
        truth = [category in found for found in labels]
        figures["categories"][category] = {
            "rules": _scores([category in found for found in rules], truth, clean),
            **_scores([category in found for found in flags], truth, clean),
        }
    figures["rules_clean_flagged"] = sum(1 for c, found in zip(clean, rules, strict=True) if c and found)
    figures["clean_flagged"] = sum(1 for c, found in zip(clean, flags, strict=True) if c and found)
    return figures


def model_fit(
    rows: Sequence[dict],
    categories: Sequence[str],
    *,
    k: int = 5,
    trained_on: dict[str, int] | None = None,
    origins: Sequence[str] | None = None,
    rules_found: Sequence[Container[str]] | None = None,
    format: str = FORMAT,
    l2: float = URGENCY_L2,
    jobs: int = 1,
) -> tuple[UrgencyModel, dict]:
    """Train on every row, with thresholds chosen out of fold; also return the out-of-fold figures, rules
    alone and rules + model, for the report. A row with no category is clean.

    With `origins` (each row's set), a grammar's rows weigh `GRAMMAR_WEIGHT` and are never held out, and the
    folds leave one hand-written set out at a time; otherwise k random folds. `rules_found` (each row's
    categories found by the rules) are what the model's clean budget comes on top of (`thresholds_choose`).
    `jobs`: processes fitting the folds (`out_of_fold`); the model is the same whatever their number."""
    examples = examples_from_rows(rows, format=format)
    if origins is not None:
        groups = validation_sets(rows, origins)
        examples = [
            dataclasses.replace(e, weight=GRAMMAR_WEIGHT if g is None else e.weight, speaks=speaks_for(origin))
            for e, g, origin in zip(examples, groups, origins, strict=True)
        ]
        held = folds_by_set(groups)
    else:
        held = folds(len(examples), k)
    # The final fit needs no thresholds (they are set on it below), so it runs while the folds are fitted.
    final: list[UrgencyModel] = []
    oof = out_of_fold(
        examples,
        categories,
        k,
        held=held,
        format=format,
        l2=l2,
        jobs=jobs,
        alongside=lambda: final.append(model_train(examples, categories, format=format, l2=l2)),
    )
    scored = [i for i, p in enumerate(oof) if p]
    # What the model would say at run time confirms the rules, whatever set the row came from.
    raw = [list(oof[i]) for i in scored]
    # A labelled row is no evidence about a category its set was not written for; a clean row judges them all.
    for example, probabilities in zip(examples, oof, strict=True):
        if probabilities and example.labels:
            probabilities[:] = [p if example.counts(c) else 0.0 for p, c in zip(probabilities, categories, strict=True)]
    found = rules_found if rules_found is not None else [() for _ in rows]
    labels = [examples[i].labels for i in scored]
    rules = [found[i] for i in scored]
    probabilities = [oof[i] for i in scored]
    floors = floors_choose(raw, labels, rules, categories)
    confirmed = rules_confirmed(raw, rules, categories, floors)
    # Long messages (`LONG_SENTENCES`) have thresholds of their own.
    long = [len(examples[i].reading.sentences) >= LONG_SENTENCES for i in scored]
    thresholds, long_thresholds = thresholds_choose(probabilities, labels, confirmed, categories, long)
    # The thresholds without confirmation (chosen on top of every rule hit), for the report and self-harm's cap.
    unconfirmed, unconfirmed_long = thresholds_choose(probabilities, labels, rules, categories, long)

    def unraised(chosen: list[float], without: list[float]) -> list[float]:
        pairs = zip(chosen, without, categories, strict=True)
        return [min(t, before) if c in UNRAISED else t for t, before, c in pairs]

    thresholds, long_thresholds = unraised(thresholds, unconfirmed), unraised(long_thresholds, unconfirmed_long)
    before = oof_figures(probabilities, labels, rules, categories, unconfirmed, unconfirmed_long, long)
    after = oof_figures(probabilities, labels, confirmed, categories, thresholds, long_thresholds, long)
    figures: dict = {"k": len(held), "rows": len(rows), "held": len(scored)}
    figures["clean"] = sum(1 for label in labels if not label)
    figures |= {"before": before, "rules_clean_flagged": before["rules_clean_flagged"]}
    figures |= {"confirmed_clean_flagged": after["rules_clean_flagged"], "clean_flagged": after["clean_flagged"]}
    figures["categories"] = {
        category: {
            "threshold": thresholds[index],
            "long_threshold": long_thresholds[index],
            "floor": floors[index],
            "labelled": sum(1 for label in labels if category in label),
            "rules": before["categories"][category]["rules"],
            "confirmed": after["categories"][category]["rules"],
            "before": before["categories"][category]
            | {"threshold": unconfirmed[index], "long_threshold": unconfirmed_long[index]},
            **{key: value for key, value in after["categories"][category].items() if key != "rules"},
        }
        for index, category in enumerate(categories)
    }
    model = dataclasses.replace(
        final[0],
        thresholds=thresholds,
        long_thresholds=long_thresholds,
        trained_on=dict(trained_on or {}),
        floors=floors,
    )
    model.digest = model_digest(model)
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


def urgency_report(figures: dict, sources: dict[str, int]) -> str:
    """What `train_urgency_model` prints: the sets it learned from and, per category, the out-of-fold figures
    (each hand-written set held out in turn) of the rules alone, the rules the model confirms, and rules +
    model without and with confirmation, each at its own thresholds."""
    lines = [
        f"trained on {figures['rows']} messages: " + ", ".join(f"{k} {v}" for k, v in sources.items()),
        f"out of fold, {figures['held']} hand-written messages in {figures['k']} sets held out in turn "
        "(precision / recall / clean flagged; thresholds, short / long messages, unconfirmed -> confirmed):",
        f"  {'category':18} {'labelled':>8} {'floor':>5} {'thresholds':>21}  {'rules':>19}  {'rules confirmed':>19}"
        f"  {'rules + model':>19}  {'confirmed + model':>19}",
    ]
    for category, row in figures["categories"].items():
        cells = [
            f"{r['precision']:.3f} / {r['recall']:.3f} / {r['clean_flagged']:2d}"
            for r in (row["rules"], row["confirmed"], row["before"], row)
        ]
        lines.append(
            f"  {category:18} {row['labelled']:8d} {row['floor']:5.3f} {row['before']['threshold']:4.2f} / "
            f"{row['before']['long_threshold']:4.2f} -> {row['threshold']:4.2f} / {row['long_threshold']:4.2f}  "
            + "  ".join(f"{cell:>19}" for cell in cells)
        )
    clean = figures["clean"] or 1

    def share(count: int) -> str:
        return f"{count} / {figures['clean']} = {count / clean:.1%}"

    lines.append(
        f"  clean messages flagged: rules {share(figures['rules_clean_flagged'])}, confirmed "
        f"{share(figures['confirmed_clean_flagged'])}; rules + model {share(figures['before']['clean_flagged'])}, "
        f"confirmed + model {share(figures['clean_flagged'])}"
    )
    return "\n".join(lines)
