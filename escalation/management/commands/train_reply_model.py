"""Train the first-response checker's learned stage and write its weights file.

    manage.py train_reply_model [--set FILE ...] [--folds 5] [--output FILE]

It learns from the labelled drafts shipped in bench/data (`escalation.firstresponse.model.TRAINING_SETS`) and
any --set files ({"text", "codes", "first_response"} lines, as bench/firstresponse_eval.py reads them). Each
code's threshold is chosen on the development drafts (`DEV_SETS`, never trained on), with the patterns in
place; it prints their figures there and k-fold cross-validation of the model alone on the training drafts.
The weights go to escalation/firstresponse/reply_model.json: commit it and deploy, nothing is trained at run
time. The development set and the held-out sets kept for evaluation are refused as training sets.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from escalation.detection.model import model_dumps
from escalation.detection.training import EVALUATION_ONLY as URGENCY_EVALUATION_ONLY
from escalation.detection.training import labelled_sets_load, training_report
from escalation.firstresponse.model import DEV_SETS, EVALUATION_ONLY, TRAINING_SETS, WEIGHTS
from escalation.firstresponse.training import dev_report, reply_model_fit


class Command(BaseCommand):
    help = "Train the reply checker's model from the shipped labelled drafts; write its weights."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--set", action="append", default=[], help="another labelled JSON-lines file")
        parser.add_argument("--folds", type=int, default=5, help="k of the cross-validation (default 5)")
        parser.add_argument("--output", default=str(WEIGHTS), help="where to write the weights")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["folds"] < 2:
            raise CommandError("--folds must be 2 or more")
        data = Path(settings.BASE_DIR) / "bench" / "data"
        paths = [data / name for name in TRAINING_SETS] + [Path(p) for p in options["set"]]
        try:
            rows, origins = labelled_sets_load(paths, refused=EVALUATION_ONLY + URGENCY_EVALUATION_ONLY + DEV_SETS)
            dev, dev_origins = labelled_sets_load([data / name for name in DEV_SETS], refused=EVALUATION_ONLY)
        except ValueError as error:
            raise CommandError(str(error)) from error
        sources = dict(Counter(origins))
        model, figures = reply_model_fit(
            rows, dev, k=options["folds"], trained_on=sources, tuned_on=dict(Counter(dev_origins))
        )
        Path(options["output"]).write_text(model_dumps(model), encoding="utf-8")
        report = training_report(figures, sources, clean="drafts without a promise", chosen="on the development set")
        self.stdout.write(report)
        self.stdout.write(dev_report(figures["dev"]))
        self.stdout.write(f"weights: {options['output']} ({len(model.vocabulary):,} n-grams, digest {model.digest})")
