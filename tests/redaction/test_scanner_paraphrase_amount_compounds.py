"""An amount joined into a compound by hyphens ("20-€-Gutschein", "a 20-pound voucher") is the amount it says: a
note's decision restated with it and two of its words is found, as with "20 € Gutschein"; another amount is not
the note's."""

import pytest

from redaction.scanner import paraphrase, scan

CONTEXT = {
    "channel": "private",
    "customer": {"name": "Jonas Weber"},
    "staff": [{"name": "Sabine Roth", "username": "sroth", "email": "sabine.roth@rad.example"}],
    "internal_notes": ["Kulanz: Nacharbeit gratis + 20 € Gutschein, freigegeben von Sabine Roth."],
}


@pytest.mark.parametrize(
    "text, amount",
    [("einen 20-€-Gutschein", "20"), ("a 20-pound voucher", "20"), ("ein 50-Euro-Gutschein", "50"), ("20 €", "20")],
)
def test_an_amount_joined_by_hyphens_is_read(text: str, amount: str) -> None:
    assert paraphrase.amounts_in(text) == {("amount", amount)}


def test_a_note_s_decision_with_its_amount_in_a_compound_is_a_restatement() -> None:
    text = "Hallo Jonas, Sabine hat zusätzlich einen 20-€-Gutschein freigegeben."
    quotes = [text[f.start : f.end] for f in scan(text, CONTEXT) if f.kind == "quote"]
    assert quotes == ["Gutschein freigegeben"]


def test_another_amount_in_a_compound_is_not_the_note_s() -> None:
    text = "Hallo Jonas, Sabine hat zusätzlich einen 30-€-Gutschein freigegeben."
    assert [f.kind for f in scan(text, CONTEXT) if f.kind == "quote"] == []
