"""Train the first-response checker's learned stage and write its weights file.

    manage.py train_reply_model [--set FILE ...] [--folds 5] [--output FILE]

It learns from the labelled drafts bench/data/firstresponse_sets.toml declares for training and any --set
files ({"text", "codes", "first_response"} lines, as bench/firstresponse_eval.py reads them). Each code's
threshold is chosen for the least cost of its misses and its warnings (a good draft warned costs most) on the
hand-written drafts it did not learn from: each training set held out in turn, and the drafts the manifest declares
for development (never trained on); it prints those figures, k-fold cross-validation on the training drafts, and
the development drafts' figures with the patterns in place.
The weights go to escalation/firstresponse/reply_model.json: commit it and deploy, nothing is trained at run
time. The development sets and the blind sets declared for evaluation (the reply checker's and the urgency
detector's) are refused as training sets, by name, before they are read.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from escalation.detection.sets import sets_with_role as urgency_sets_with_role
from escalation.firstresponse.model import WEIGHTS
from escalation.firstresponse.sets import sets_with_role
from escalation.firstresponse.training import dev_report, reply_model_fit, training_report
from escalation.management.training import training_arguments, training_sets_load, weights_write


class Command(BaseCommand):
    help = "Train the reply checker's model from the shipped labelled drafts; write its weights."

    def add_arguments(self, parser: CommandParser) -> None:
        training_arguments(parser, weights=WEIGHTS)
        parser.add_argument("--folds", type=int, default=5, help="k of the cross-validation (default 5)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["folds"] < 2:
            raise CommandError("--folds must be 2 or more")
        evaluation = sets_with_role("evaluation")
        rows, origins = training_sets_load(
            sets_with_role("training"),
            extra=options["set"],
            refused=evaluation + urgency_sets_with_role("evaluation") + sets_with_role("development"),
        )
        dev, dev_origins = training_sets_load(sets_with_role("development"), refused=evaluation)
        sources = dict(Counter(origins))
        model, figures = reply_model_fit(
            rows, dev, origins=origins, dev_origins=dev_origins, k=options["folds"], trained_on=sources
        )
        self.stdout.write(training_report(figures, sources))
        self.stdout.write(dev_report(figures["dev"]))
        weights_write(self, model, options)
