"""Every kind of leak is caught, in the exact form and the reworded forms agents write."""

import pytest

from redaction.scanner import scan

CTX = {
    "channel": "public",
    "tz": "Europe/London",
    "customer": {
        "name": "Priya Raman",
        "handle": "ledger_fan",
        "emails": ["priya.raman@acme.co.uk"],
        "phones": ["+44 20 7946 0123"],
        "addresses": ["Flat 3, 12 Baker Street, London NW1 6XE"],
        "account_ids": ["ACC-88213"],
        "cards": ["4242", "5555 5555 5555 4444"],
        "ips": ["203.0.113.7"],
        "organization": "Acme Ltd",
    },
    "contacts": [{"name": "Tom Becker", "email": "tom.becker@acme.co.uk", "phone": "07700 900123", "role": "IT"}],
    "private_messages": ["Our finance team cannot export the quarterly ledger since the upgrade last night."],
    "internal_notes": ["Customer is on the legacy billing plan and threatened to churn twice this year."],
    "calls": [{"at": "2024-03-05T15:02:00+00:00", "duration_s": 600}],
    "agent": {"alias": "Alex", "real_name": "Samuel Okafor"},
    "company": {"names": ["Tact"], "emails": ["support@tact.example"], "phones": ["+1 800 555 0199"]},
}


def kinds(text: str, context: dict = CTX) -> list[tuple[str, str, str]]:
    return [(f.kind, f.source, text[f.start : f.end]) for f in scan(text, context)]


@pytest.mark.parametrize(
    "text, kind, found",
    [
        ("Write to priya.raman@acme.co.uk please.", "email", "priya.raman@acme.co.uk"),
        ("Write to Priya.Raman@ACME.CO.UK please.", "email", "Priya.Raman@ACME.CO.UK"),
        ("Write to priya dot raman at acme dot co dot uk.", "email", "priya dot raman at acme dot co dot uk"),
        ("We called +44 20 7946 0123 today.", "phone", "+44 20 7946 0123"),
        ("We called 020 7946 0123 today.", "phone", "020 7946 0123"),
        ("We called +44 (0)20-7946-0123 today.", "phone", "+44 (0)20-7946-0123"),
        ("We called 0044 20 7946 0123 today.", "phone", "0044 20 7946 0123"),
        ("We called 02079460123 today.", "phone", "02079460123"),
        ("Delivery to 12 Baker Street went fine.", "address", "12 Baker Street"),
        ("Delivery to 12 Baker St. went fine.", "address", "12 Baker St"),
        ("Delivery to the NW1 6XE area.", "address", "NW1 6XE"),
        ("Your account ACC-88213 is active.", "account_id", "ACC-88213"),
        ("Your account acc88213 is active.", "account_id", "acc88213"),
        ("Your account #88213 is active.", "account_id", "88213"),
        ("Charged to the card ending in 4242.", "card", "ending in 4242"),
        ("Charged to the card ending 4444.", "card", "ending 4444"),
        ("Charged to **** 4242 today.", "card", "**** 4242"),
        ("Charged to 5555 5555 5555 4444 today.", "card", "5555 5555 5555 4444"),
        ("Your login came from 203.0.113.7 last night.", "ip", "203.0.113.7"),
        ("I spoke with Tom about it.", "person", "Tom"),
        ("Tom Becker confirmed it.", "person", "Tom Becker"),
        ("Ms Raman, the fix is live.", "person", "Raman"),
        ("Hi Priya, the fix is live.", "person", "Priya"),
        ("Our engineer Samuel Okafor looked at it.", "person", "Samuel Okafor"),
    ],
)
def test_context_values_are_found_however_written(text: str, kind: str, found: str) -> None:
    assert (kind, "context", found) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "As discussed on 5 March at 3:02pm, we will refund you.",
        "As discussed on 05/03 at 15:02, we will refund you.",
        "As discussed on 03/05 at 15:02, we will refund you.",
        "As discussed on Mar 5, 3:02pm, we will refund you.",
        "As discussed on March 5th at 15:02, we will refund you.",
        "As discussed Tuesday around 3pm, we will refund you.",
        "As discussed on 2024-03-05 15:02, we will refund you.",
        "When we spoke at 3:05pm I promised a refund.",
        "Following our call on 5 March, we will refund you.",
    ],
)
def test_call_times_are_found_in_any_wording(text: str) -> None:
    assert [k for k, _, _ in kinds(text)] == ["call_time"]


def test_call_time_is_read_in_the_agents_timezone() -> None:
    summer = {**CTX, "calls": [{"at": "2024-07-02T15:02:00+01:00"}]}  # 14:02 UTC, logged in London (BST)
    assert kinds("On 2 July at 15:02 we agreed a refund.", summer)[0][0] == "call_time"
    assert kinds("On 2 July at 14:02 we agreed a refund.", summer) == []


def test_around_tolerates_half_an_hour_but_exact_times_do_not() -> None:
    assert kinds("On 5 March around 3:30pm we agreed.")[0][0] == "call_time"
    assert kinds("On 5 March at 3:50pm we agreed.") == []
    assert kinds("On 5 March around 4:30pm we agreed.") == []


def test_verbatim_quotes_are_found_regardless_of_case_and_punctuation() -> None:
    text = "You said: OUR FINANCE TEAM cannot export the quarterly-ledger, since the upgrade!"
    found = kinds(text)
    assert found[0][0] == "quote" and found[0][1] == "context"
    note = "Heads up: customer is on the legacy billing plan and threatened to churn."
    assert kinds(note)[0][0] == "quote"


def test_short_shared_runs_are_not_quotes() -> None:
    assert kinds("Your finance team cannot export, we know.") == []


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Also cc jane.doe@example.org on this.", "email"),
        ("Their number is +1 415 555 0132.", "phone"),
        ("The card 4539 5260 1815 9083 was declined.", "card"),
        ("Refund to GB82 WEST 1234 5698 7654 32 today.", "iban"),
        ("Their SSN is 536-22-1234.", "gov_id"),
        ("NI number AB 12 34 56 C on file.", "gov_id"),
        ("Traffic from 198.51.100.23 was blocked.", "ip"),
        ("Traffic from 2001:db8:85a3::8a2e:370:7334 was blocked.", "ip"),
    ],
)
def test_generic_patterns_need_no_context(text: str, kind: str) -> None:
    found = kinds(text, {})
    assert [(k, s) for k, s, _ in found] == [(kind, "pattern")]


def test_a_quote_around_an_email_keeps_both_findings() -> None:
    context = {"internal_notes": ["escalate to bob.smith@example.org because the customer is very upset today"]}
    text = "We will escalate to bob.smith@example.org because the customer is very upset today."
    found = kinds(text, context)
    assert ("email", "context", "bob.smith@example.org") in found  # the note is where it comes from
    assert any(k == "quote" for k, _, _ in found)


@pytest.mark.parametrize(
    "text, value",
    [
        ("DNI 12345678Z, please.", "12345678Z"),
        ("NIE X1234567L on file.", "X1234567L"),
        ("Aadhaar 2345 6789 0124 here.", "2345 6789 0124"),
        ("CPF 390.533.447-05 ok.", "390.533.447-05"),
        ("BSN 111222333 is on the form.", "111222333"),
        ("Your SSN 536 22 1234 is on the form.", "536 22 1234"),  # spaced: found with its cue
        ("Codice fiscale RSSMRA85T10A562S, grazie.", "RSSMRA85T10A562S"),
        ("cf: rssmra85t10a562s.", "rssmra85t10a562s"),  # agents type it as they read it
    ],
)
def test_government_ids_with_valid_check_digits_are_found(text: str, value: str) -> None:
    assert [(k, s, v) for k, s, v in kinds(text, {})] == [("gov_id", "pattern", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Codice fiscale RSSMRA85T10A562X.",  # wrong check letter
        "Ticket XRSSMRA85T10A562S.",  # inside a longer token
        "Order ABCDEF12G34H567I shipped.",  # the shape, but not a fiscal code
        "Reference 111222333 on the form.",  # a BSN needs its cue word: 9 digits are too common
        "Reference 536 22 1234 on the form.",  # so does a spaced SSN
    ],
)
def test_id_shapes_without_a_valid_id_or_cue_are_not_found(text: str) -> None:
    assert kinds(text, {}) == []
