"""What the two training commands share: their arguments, reading the sets, and the precision/recall helper."""

import io
import math

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from escalation.detection.training import precision_recall


@pytest.mark.parametrize("command", ["train_urgency_model", "train_reply_model"])
def test_a_missing_set_stops_either_command_before_writing_weights(tmp_path, command):
    output = tmp_path / "weights.json"
    with pytest.raises(CommandError, match="no such file"):
        call_command(command, "--set", str(tmp_path / "absent.jsonl"), "--output", str(output), stdout=io.StringIO())
    assert not output.exists()


def test_precision_and_recall_count_rows_and_are_undefined_without_flags_or_positives():
    assert precision_recall([True, True, False, False], [True, False, True, False]) == {
        "precision": 0.5,
        "recall": 0.5,
    }
    nothing = precision_recall([False, False], [False, False])
    assert math.isnan(nothing["precision"]) and math.isnan(nothing["recall"])
