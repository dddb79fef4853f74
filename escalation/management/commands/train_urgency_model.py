"""Train the learned stage of urgency detection and write its weights file.

    manage.py train_urgency_model [--no-database] [--set FILE ...] [--output FILE]

It learns from the labelled sets shipped in bench/data (`training.TRAINING_SETS`), any --set files, and,
unless --no-database, leads' decisions on detections (`urgency_labels_export`: confirmed categories are
labels, a message whose detections were all dismissed is a clean one). Thresholds are chosen out of fold:
each hand-written set (leads' decisions are one) is held out in turn, the grammars' rows are only trained on,
and each category's threshold keeps the shipped rules' clean flags and the model's within one budget; it
prints those out-of-fold figures. The weights go to escalation/detection/urgency_model.json, which the
workers read at start: commit it and deploy, nothing is trained at run time. The held-out sets kept for
evaluation (`training.EVALUATION_ONLY`) are refused.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from escalation.detection import CATEGORIES, classify
from escalation.detection.model import FORMAT_SENTENCES, WEIGHTS, model_dumps
from escalation.detection.training import (
    EVALUATION_ONLY,
    TRAINING_SETS,
    labelled_sets_load,
    model_fit,
    urgency_report,
)


class Command(BaseCommand):
    help = "Train the urgency model from the shipped labelled sets and leads' decisions; write its weights."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--set", action="append", default=[], help="another labelled JSON-lines file")
        parser.add_argument("--no-database", action="store_true", help="leave out leads' decisions")
        parser.add_argument("--output", default=str(WEIGHTS), help="where to write the weights")

    def handle(self, *args: Any, **options: Any) -> None:
        data = Path(settings.BASE_DIR) / "bench" / "data"
        paths = [data / name for name in TRAINING_SETS] + [Path(p) for p in options["set"]]
        try:
            rows, origins = labelled_sets_load(paths, refused=EVALUATION_ONLY)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not options["no_database"]:
            labelled = self._labels()
            rows += labelled
            origins += ["leads' decisions"] * len(labelled)
        sources = dict(Counter(origins))
        # The shipped rules (not leads' changes): the budget they share with the model is the product's default.
        found = [{d.category for d in classify(row["text"], channel=row.get("channel", ""))} for row in rows]
        model, figures = model_fit(
            rows, CATEGORIES, trained_on=sources, origins=origins, rules_found=found, format=FORMAT_SENTENCES
        )
        Path(options["output"]).write_text(model_dumps(model), encoding="utf-8")
        self.stdout.write(urgency_report(figures, sources))
        self.stdout.write(f"weights: {options['output']} ({len(model.vocabulary):,} n-grams, digest {model.digest})")

    def _labels(self) -> list[dict]:
        from escalation.urgency_labels import urgency_labels_export

        try:
            return list(urgency_labels_export())
        except DatabaseError:
            self.stderr.write("train_urgency_model: no escalations table (database not migrated); sets only")
            return []
