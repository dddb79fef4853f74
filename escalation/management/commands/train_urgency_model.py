"""Train the learned stage of urgency detection and write its weights file.

    manage.py train_urgency_model [--no-database] [--set FILE ...] [--output FILE] [--jobs N]

It learns from the labelled sets bench/data/urgency_sets.toml declares for training, any --set files, and,
unless --no-database, leads' decisions on detections (`urgency_labels_export`: confirmed categories are
labels, a message whose detections were all dismissed is a clean one). Thresholds are chosen out of fold:
each hand-written set (leads' decisions are one) is held out in turn, the grammars' rows are only trained on,
and each category's threshold keeps the clean messages the model flags beyond the shipped rules' within a
budget; it
prints those out-of-fold figures. The weights go to escalation/detection/urgency_model.json, which the
workers read at start: commit it and deploy, nothing is trained at run time. The sets the manifest declares
for evaluation are refused by name, before they are read. --jobs N fits the held-out sets in N processes
(most of the run's time); the weights file is byte for byte the one a single process writes.
"""

from __future__ import annotations

from argparse import ArgumentTypeError
from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from escalation.detection import CATEGORIES, classify
from escalation.detection.model import FORMAT_SENTENCES, WEIGHTS
from escalation.detection.sets import sets_with_role
from escalation.detection.training import model_fit, urgency_report
from escalation.management.training import training_arguments, training_sets_load, weights_write


class Command(BaseCommand):
    help = "Train the urgency model from the shipped labelled sets and leads' decisions; write its weights."

    def add_arguments(self, parser: CommandParser) -> None:
        training_arguments(parser, weights=WEIGHTS)
        parser.add_argument("--no-database", action="store_true", help="leave out leads' decisions")
        parser.add_argument(
            "--jobs", type=_positive, default=1, help="processes fitting the held-out sets (same weights file)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows, origins = training_sets_load(
            sets_with_role("training"), extra=options["set"], refused=sets_with_role("evaluation")
        )
        if not options["no_database"]:
            labelled = self._labels()
            rows += labelled
            origins += ["leads' decisions"] * len(labelled)
        sources = dict(Counter(origins))
        # The shipped rules (not leads' changes): the model's budget on top of theirs is the product's default.
        found = [{d.category for d in classify(row["text"], channel=row.get("channel", ""))} for row in rows]
        model, figures = model_fit(
            rows,
            CATEGORIES,
            trained_on=sources,
            origins=origins,
            rules_found=found,
            format=FORMAT_SENTENCES,
            jobs=options["jobs"],
        )
        self.stdout.write(urgency_report(figures, sources))
        weights_write(self, model, options)

    def _labels(self) -> list[dict]:
        from escalation.urgency_labels import urgency_labels_export

        try:
            return list(urgency_labels_export())
        except DatabaseError:
            self.stderr.write("train_urgency_model: no escalations table (database not migrated); sets only")
            return []


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ArgumentTypeError("must be 1 or more")
    return number
