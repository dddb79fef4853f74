"""One-click fixes read as English: the words around a value go with it, and the replacement names whose detail
it was. Each case applies the fix of the last finding and scans again, as the held panel does, until none is
left, and compares the sentence."""

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
        "addresses": ["12 Wellington Crescent, Leeds LS6 2AP"],
    },
    "contacts": [{"name": "Owen Fraser", "phone": "(02) 9999 1234"}],
    "private_messages": ["My order number is 5512093."],
    "agent": {"alias": "Harbor Wren", "real_name": "Alicia Stone"},
    "staff": [{"name": "Samuel Okafor", "username": "sokafor"}],
}


def fixed(text: str) -> str:
    while findings := scan(text, CTX):
        fix = suggest(text, findings[-1], alias="Harbor Wren", own_names=("Alicia Stone",), others=findings)
        assert fix is not None, findings[-1]
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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We will post it to 12 Wellington Crescent, Leeds LS6 2AP tomorrow.",
         "We will post it to the address on your account tomorrow."),
        ("We will post it to\n12 Wellington Crescent\nLeeds LS6 2AP",
         "We will post it to\nThe address on your account"),
        # Other kinds, or another person's detail, beside it are not parts of it.
        ("Call +61 2 9999 0000, priya.raman@acme.example",
         "Call the number on your account, the email address on your account"),
        ("Ring +61 2 9999 0000, (02) 9999 1234", "Ring the number on your account, their number"),
    ],
)
def test_the_parts_of_one_value_found_side_by_side_are_fixed_at_once(text, expected) -> None:
    findings = scan(text, CTX)
    fixes = {suggest(text, f, others=findings) for f in findings}
    assert len(fixes) == len({(f.kind, f.owner) for f in findings})  # one fix for the parts of one value
    assert fixed(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Your order number is 5512093.", "Your order number is shown in your account."),
        ("Your mobile number is +61 2 9999 0000, right?", "Your mobile number is shown in your account, right?"),
    ],
)
def test_a_value_a_verb_parts_from_its_noun_goes_with_the_verb(text, expected) -> None:
    assert fixed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Owen's number is (02) 9999 1234.",  # a colleague's: not in the customer's account
        "All we need is 5512093.",  # no noun of the value before the verb
    ],
)
def test_a_verb_without_the_customers_noun_before_it_stays(text) -> None:
    assert " is " in fixed(text) and "shown in your account" not in fixed(text)


def test_a_quote_has_no_one_click_fix() -> None:
    context = {**CTX, "internal_notes": ["Customer threatened to churn twice this year over the billing plan."]}
    text = "We know you threatened to churn twice this year over the billing plan."
    [finding] = scan(text, context)
    assert finding.kind == "quote" and suggest(text, finding) is None
