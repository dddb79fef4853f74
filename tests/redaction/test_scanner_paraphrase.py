"""Rewordings of a private message or note that carry one of its specific facts are held like quotes; replies on
the same topic that state no private fact are not."""

import pytest

from redaction.scanner import paraphrase, scan
from redaction.scanner.normalize import tokenize
from tests.redaction.findings import found

CTX = {
    "channel": "public",
    "private_messages": [
        "I cancelled my subscription on 2 March but you still billed me on the 5th, for £49.99.",
        "The bulk import stopped at row four thousand and now the whole file is locked.",
    ],
    "internal_notes": ["Refund issued 14 Nov via Stripe. Waiting for customer to confirm it arrived."],
}


def restated(text: str, context: dict = CTX) -> list[tuple[str, str]]:
    return [(f.owner, text[f.start : f.end]) for f in scan(text, context) if f.kind == "quote"]


@pytest.mark.parametrize(
    "text, owner",
    [
        ("Sorry that you cancelled on the 2nd but were still billed.", "customer"),
        ("We see you were still billed on the 5th although you had cancelled.", "customer"),
        ("The refund was issued, we are waiting for you to confirm it arrived.", "internal"),
        ("We are still waiting for you to confirm that the refund arrived.", "internal"),
        ("Your import stopped partway and the file is now locked, we are on it.", "customer"),
    ],
)
def test_a_restated_private_fact_is_held(text, owner) -> None:
    found = restated(text)
    assert found and found[0][0] == owner
    assert "restates a fact" in next(f.explanation for f in scan(text, CTX) if f.kind == "quote")


@pytest.mark.parametrize(
    "text",
    [
        "Your refund has been issued and should arrive within 5 days, please confirm once it arrives.",
        "Thanks for waiting, your refund was issued today.",
        "The import is limited to 250 rows per file for now.",  # the same topic, another fact
        "We charged the usual amount this month.",
    ],
)
def test_replies_on_the_same_topic_are_not_restatements(text) -> None:
    assert restated(text) == []


def test_on_a_private_channel_the_customers_own_words_are_theirs_but_notes_are_not() -> None:
    private = {**CTX, "channel": "private"}
    assert restated("Sorry that you cancelled on the 2nd but were still billed.", private) == []
    assert restated("The refund was issued, we are waiting for you to confirm it arrived.", private)


def test_a_fact_the_customer_posted_publicly_is_not_private() -> None:
    public = {**CTX, "public_post": "You billed me on the 5th although I cancelled on the 2nd!"}
    assert restated("Sorry that you cancelled on the 2nd but were still billed.", public) == []


def test_naming_whom_a_note_escalated_to_is_a_name_not_a_restated_fact() -> None:
    context = {
        "internal_notes": ["Escalated to Florentina Iliescu (florentina.iliescu) in escalations, callback agreed."],
        "staff": [{"name": "Florentina Iliescu", "username": "florentina.iliescu"}],
    }
    text = "If you see a note from florentina.iliescu in the portal, that's our escalations desk."
    assert found(text, context) == [("person", "florentina.iliescu")]
    # The near miss: the same note restated beyond the name is still a paraphrase.
    findings = scan("Florentina in escalations agreed a callback with you, escalated as urgent.", context)
    assert {f.kind for f in findings} == {"person", "quote"}


def test_the_table_of_stems_stays_bounded_and_stems_as_stem_does(monkeypatch) -> None:
    monkeypatch.setattr(paraphrase._STEMS, "size", 3)
    paraphrase._STEMS.clear()
    words = ("cancelled", "the", "billed", "refunds", "x1", "arrived", "cancelled")
    expected = ["cancel", "", "bil", "refund", "", "arriv", "cancel"]
    assert paraphrase._stems(words) == expected
    assert paraphrase._stems(words) == expected
    assert 0 < len(paraphrase._STEMS) <= 3


def test_a_fact_reads_its_days_and_amounts_only_when_a_restatement_needs_them() -> None:
    sources = [(text, "customer", tokenize(text).words) for text in CTX["private_messages"]]
    matcher = paraphrase.ParaphraseMatcher(sources, published="I paid £49.99 and nobody answers.")
    assert matcher.facts and all(fact._anchors is None for fact in matcher.facts.values())
    reply = "Sorry that you cancelled on the 2nd but were still billed."
    hits = [hit.explanation for hit in matcher.find(reply, tokenize(reply))]
    # Two words and the day; and the day alone, said in public (`_days`).
    assert hits == [
        "gives a day from the customer's private message",
        "restates a fact from the customer's private message in other words",
    ]
    read = [fact for fact in matcher.facts.values() if fact._anchors is not None]
    assert read and all(("amount", "49.99") not in fact.anchors for fact in read)  # the public post names it
    assert any(("day", "2") in fact.anchors for fact in read)
    assert len(read) < len(matcher.facts)  # the others were never asked
