"""What the two training commands (train_urgency_model, train_reply_model) share: the same --set and --output
arguments, the labelled sets read from bench/data with a refused set reported as a command error, and the
weights written with one closing line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from escalation.detection.model import UrgencyModel, model_dumps
from escalation.detection.training import labelled_sets_load


def training_arguments(parser: CommandParser, *, weights: Path) -> None:
    parser.add_argument("--set", action="append", default=[], help="another labelled JSON-lines file")
    parser.add_argument("--output", default=str(weights), help="where to write the weights")


def training_sets_load(
    names: Sequence[str], *, extra: Sequence[str] = (), refused: Sequence[str]
) -> tuple[list[dict], list[str]]:
    """The rows of the shipped sets `names` (bench/data) and the `extra` files, with each row's file name; a
    file kept for evaluation (`refused`) or missing stops the command."""
    data = Path(settings.BASE_DIR) / "bench" / "data"
    try:
        return labelled_sets_load([data / name for name in names] + [Path(p) for p in extra], refused=refused)
    except ValueError as error:
        raise CommandError(str(error)) from error


def weights_write(command: BaseCommand, model: UrgencyModel, options: dict[str, Any]) -> None:
    Path(options["output"]).write_text(model_dumps(model), encoding="utf-8")
    command.stdout.write(f"weights: {options['output']} ({len(model.vocabulary):,} n-grams, digest {model.digest})")
