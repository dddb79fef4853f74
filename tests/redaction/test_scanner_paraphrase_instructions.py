"""An instruction to staff after a dash ("— do not disclose until ...") is how to handle a note's fact, not the fact:
its words do not count among those a restatement must share."""

from redaction.scanner import scan

NOTE = {
    "channel": "private",
    "internal_notes": [
        "Possible price rise at contract renewal flagged by pricing - do not disclose until the audit is settled."
    ],
}


def quotes(text: str, context: dict = NOTE) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "quote"]


def test_the_fact_before_an_instruction_is_restated_without_its_words() -> None:
    assert quotes("Heads up: there may be a price rise at renewal.") == ["price rise at renewal"]
    assert quotes("Our pricing team has flagged your renewal.") == ["pricing team has flagged your renewal"]


def test_two_words_of_the_fact_restate_nothing() -> None:
    assert quotes("Your contract renewal date is shown in your account.") == []
