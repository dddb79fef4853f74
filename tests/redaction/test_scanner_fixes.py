"""One-click fixes read as English: the words around a value go with it, and the replacement names whose detail
it was. Each case scans the reply, applies the fix of every finding (last first) and compares the sentence."""

import pytest

from redaction.scanner import scan
from redaction.scanner.fixes import suggest

CTX = {
    "channel": "public",
    "region": "AU",
    "customer": {
        "name": "Priya Raman",
        "handle": "ledger_fan",
        "emails": ["priya.raman@acme.example"],
        "phones": ["+61 2 9999 0000"],
        "cards": ["4539 5260 1815 9083"],
        "account_ids": ["ACC-88213"],
    },
    "contacts": [{"name": "Owen Fraser", "phone": "(02) 9999 1234"}],
    "private_messages": ["My order number is 5512093."],
    "agent": {"alias": "Harbor Wren", "real_name": "Alicia Stone"},
    "staff": [{"name": "Samuel Okafor", "username": "sokafor"}],
}


def fixed(text: str) -> str:
    for finding in sorted(scan(text, CTX), key=lambda f: f.start, reverse=True):
        fix = suggest(text, finding, alias="Harbor Wren", own_names=("Alicia Stone",))
        assert fix is not None, finding
        text = fix.apply(text)
    return text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sorry, my card ending 9083 was charged twice.", "Sorry, the card on your account was charged twice."),
        ("We refunded your Visa 9083 today.", "We refunded the card on your account today."),
        ("We refunded 4539 5260 1815 9083 today.", "We refunded the card on your account today."),
        ("You can ring Owen on (02) 9999 1234.", "You can ring your colleague on their number."),
        ("We will call your mobile number +61 2 9999 0000 later.", "We will call the number on your account later."),
        ("Your account ACC-88213 is active.", "Your account is active."),
        ("Order 5512093 is on its way.", "Your order is on its way."),
        ("Write to priya.raman@acme.example for the form.", "Write to the email address on your account for the form."),
        ("Hi Priya, it is fixed.", "Hi there, it is fixed."),
        ("Samuel from our billing team will help.", "A colleague from our billing team will help."),
        ("Thanks, Alicia", "Thanks, Harbor Wren"),
    ],
)
def test_a_fix_reads_as_english(text, expected) -> None:
    assert fixed(text) == expected
    assert scan(fixed(text), CTX) == []


def test_a_quote_has_no_one_click_fix() -> None:
    context = {**CTX, "internal_notes": ["Customer threatened to churn twice this year over the billing plan."]}
    text = "We know you threatened to churn twice this year over the billing plan."
    [finding] = scan(text, context)
    assert finding.kind == "quote" and suggest(text, finding) is None
