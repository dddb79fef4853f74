"""A participle negated by "un-" is its verb's ("unmonitored" as "monitored"): "not" is a function word, so a reply
that says "wasn't monitored" restates a note's "unmonitored" as it would "not monitored"."""

from redaction.scanner import scan

NOTE = {"channel": "public", "internal_notes": ["Branch inbox unmonitored while the manager is on leave."]}


def quotes(text: str, context: dict = NOTE) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, context) if f.kind == "quote"]


def test_a_negated_participle_is_restated_by_its_verb_with_not() -> None:
    assert quotes("Your email went to a branch inbox that wasn't being monitored.") == [
        "branch inbox that wasn't being monitored"
    ]
    assert quotes("Sorry, nobody monitored the branch inbox.") == ["monitored the branch inbox"]


def test_a_word_of_the_note_beside_another_negated_word_restates_nothing() -> None:
    assert quotes("Our support inbox is unmoderated, so replies can take a day.") == []
