"""A colleague said in passing, by the team they work in ("Penny from compliance", "penny from compliance", "Sam on
the lettings team", "Ravi (fraud)") or as whom a case went to ("passed it to gareth", "looped in Penny"), is a
person even when their first name is an ordinary word; the ordinary word after a determiner stays a word ("a penny
from every sale", "the bill from accounts")."""

import pytest

from redaction.scanner import scan

CONTEXT = {
    "channel": "private",
    "customer": {"name": "Linh Tran"},
    "staff": [
        {"name": "Penny Sorensen", "username": "psorensen", "email": "penny.sorensen@acme.example"},
        {"name": "Bill Hartley", "username": "bhartley", "email": "bill.hartley@acme.example"},
        {"name": "Gareth Tindall", "username": "gtindall", "email": "gareth.tindall@acme.example"},
    ],
}


def people(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text, CONTEXT) if f.kind == "person"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("Hi Linh, penny from compliance is reviewing the repair.", "penny"),
        ("Hi Linh, Penny from compliance is reviewing the repair.", "Penny"),
        ("Hi Linh, Penny on the claims team is reviewing the repair.", "Penny"),
        ("Hi Linh, Penny (compliance) is reviewing the repair.", "Penny"),
        ("Hi Linh, bill in collections has paused the reminders.", "bill"),
        ("Hi Linh, our compliance lead Penny is reviewing the repair.", "Penny"),
        ("Hi Linh, I've passed it to Penny, who handles these.", "Penny"),
        ("Hi Linh, I've looped in Penny on this.", "Penny"),
        ("Hi Linh, Penny and I went through the invoice.", "Penny"),
        ("Hi Linh, i passed it to gareth yesterday.", "gareth"),
        ("Hi Linh, handed over to gareth this morning.", "gareth"),
    ],
)
def test_a_colleague_said_by_team_or_handover_is_a_person(text: str, name: str) -> None:
    assert people(text) == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Hi Linh, not a penny from compliance fees will be charged.",
        "Hi Linh, a penny from every sale goes to charity.",
        "Hi Linh, the bill from accounts is attached.",
        "Hi Linh, your bill in collections has been paused.",
        "Hi Linh, prices rose in it over the year.",
    ],
)
def test_the_ordinary_word_after_a_determiner_is_no_person(text: str) -> None:
    assert people(text) == []
