"""Train the learned stage of urgency detection and write its weights file.

    manage.py train_urgency_model [--no-database] [--set FILE ...] [--folds 5] [--output FILE]

It learns from the labelled sets shipped in bench/data (`training.TRAINING_SETS`), any --set files, and,
unless --no-database, leads' decisions on detections (`urgency_labels_export`: confirmed categories are
labels, a message whose detections were all dismissed is a clean one). Thresholds are chosen by k-fold
cross-validation on those rows, whose figures it prints. The weights go to
escalation/detection/urgency_model.json, which the workers read at start: commit it and deploy, nothing is
trained at run time. The held-out sets kept for evaluation (urgency_holdout4.jsonl, urgency_holdout5.jsonl) are
refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from escalation.detection import CATEGORIES
from escalation.detection.model import WEIGHTS, model_dumps
from escalation.detection.training import EVALUATION_ONLY, GENERATED_SETS, TRAINING_SETS, model_fit


class Command(BaseCommand):
    help = "Train the urgency model from the shipped labelled sets and leads' decisions; write its weights."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--set", action="append", default=[], help="another labelled JSON-lines file")
        parser.add_argument("--no-database", action="store_true", help="leave out leads' decisions")
        parser.add_argument("--folds", type=int, default=5, help="k of the cross-validation (default 5)")
        parser.add_argument("--output", default=str(WEIGHTS), help="where to write the weights")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["folds"] < 2:
            raise CommandError("--folds must be 2 or more")
        data = Path(settings.BASE_DIR) / "bench" / "data"
        paths = [data / name for name in TRAINING_SETS] + [Path(p) for p in options["set"]]
        rows: list[dict] = []
        budget_rows: list[bool] = []  # the clean budget is counted on rows not generated from templates
        sources: dict[str, int] = {}
        for path in paths:
            if path.name in EVALUATION_ONLY:
                raise CommandError(f"{path.name} is kept for evaluation: the model is never trained on it")
            if not path.exists():
                raise CommandError(f"{path}: no such file")
            loaded = _load(path)
            rows += loaded
            budget_rows += [path.name not in GENERATED_SETS] * len(loaded)
            sources[path.name] = len(loaded)
        if not options["no_database"]:
            labelled = self._labels()
            rows += labelled
            budget_rows += [True] * len(labelled)
            sources["leads' decisions"] = len(labelled)
        model, figures = model_fit(rows, CATEGORIES, k=options["folds"], trained_on=sources, budget_rows=budget_rows)
        Path(options["output"]).write_text(model_dumps(model), encoding="utf-8")
        self.stdout.write(_report(figures, sources))
        self.stdout.write(f"weights: {options['output']} ({len(model.vocabulary):,} n-grams, digest {model.digest})")

    def _labels(self) -> list[dict]:
        from escalation.urgency_labels import urgency_labels_export

        try:
            return list(urgency_labels_export())
        except DatabaseError:
            self.stderr.write("train_urgency_model: no escalations table (database not migrated); sets only")
            return []


def _load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _report(figures: dict, sources: dict[str, int]) -> str:
    lines = [
        f"trained on {figures['rows']} messages: " + ", ".join(f"{k} {v}" for k, v in sources.items()),
        f"{figures['k']}-fold cross-validation, model alone, at the thresholds chosen on the folds:",
        f"  {'category':18} {'labelled':>8} {'threshold':>9} {'precision':>9} {'recall':>7}",
    ]
    for category, row in figures["categories"].items():
        lines.append(
            f"  {category:18} {row['labelled']:8d} {row['threshold']:9.2f} {row['precision']:9.3f} {row['recall']:7.3f}"
        )
    share = figures["clean_flagged"] / figures["clean"] if figures["clean"] else float("nan")
    lines.append(f"  clean messages flagged: {figures['clean_flagged']} / {figures['clean']} = {share:.1%}")
    if figures.get("budget_clean"):
        written = figures["budget_clean_flagged"] / figures["budget_clean"]
        lines.append(
            f"  of them not generated from templates: {figures['budget_clean_flagged']} / {figures['budget_clean']}"
            f" = {written:.1%}"
        )
    return "\n".join(lines)
