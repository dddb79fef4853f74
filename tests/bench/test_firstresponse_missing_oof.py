"""The missing-X out-of-fold bench counts its figures right."""

from bench import firstresponse_missing_oof as oof


def test_figures_count_precision_recall_and_good_drafts_warned():
    rows = [
        {"codes": ["missing_empathy"]},
        {"codes": []},
        {"codes": ["missing_commitment"]},
        {"codes": []},
    ]
    flagged = [{"missing_empathy"}, {"missing_empathy"}, set(), set()]
    line = oof.figures(rows, flagged, None)
    assert "empathy 0.50 / 1.00" in line
    assert "commitment - / 0.00" in line
    assert line.endswith("good drafts warned 1 / 2")
    assert oof.figures(rows, flagged, {2, 3}).endswith("good drafts warned 0 / 1")

