"""What the two training commands share: their arguments, reading the sets, and the precision/recall helper."""

import math

from escalation.detection.training import precision_recall


def test_precision_and_recall_count_rows_and_are_undefined_without_flags_or_positives():
    assert precision_recall([True, True, False, False], [True, False, True, False]) == {
        "precision": 0.5,
        "recall": 0.5,
    }
    nothing = precision_recall([False, False], [False, False])
    assert math.isnan(nothing["precision"]) and math.isnan(nothing["recall"])
