"""What must not hold a reply: the company's own details, the handle, versions, codes, ordinary dates."""

import pytest

from redaction.scanner import scan

CTX = {
    "tz": "Europe/London",
    "customer": {
        "name": "Priya Raman",
        "handle": "priya_r",
        "emails": ["priya.raman@acme.co.uk"],
        "phones": ["+44 20 7946 0123"],
        "account_ids": ["ACC-88213"],
        "cards": ["4242"],
    },
    "contacts": [{"name": "Will Turner", "email": "will@acme.co.uk"}, {"name": "Grace Hopper"}],
    "calls": [{"at": "2024-03-08T09:00:00+00:00", "duration_s": 600}],  # a Friday, 9am
    "public_post": "My order ACC-88213 is stuck, call me on 020 7946 0123 please.",
    "agent": {"alias": "Alex", "real_name": "Samuel Okafor"},
    "company": {
        "names": ["Tact"],
        "emails": ["support@tact.example"],
        "phones": ["+1 800 555 0199"],
        "urls": ["https://status.tact.example"],
        "domains": ["tact.example"],
        "ips": ["192.0.2.10"],
    },
}


@pytest.mark.parametrize(
    "text",
    [
        "Call us on +1 800 555 0199 or 1-800-555-0199.",
        "Write to support@tact.example or billing@tact.example.",
        "Status lives at https://status.tact.example/incidents/42.",
        "Please allowlist 192.0.2.10.",
        "Thanks @priya_r for the report, and thanks Priya_r!",
        "Hi Priya,",  # the first name is part of the public handle
        "Alex here, happy to help. Best, Alex",
        "This is fixed in version 10.2.0.1 and in v1.2.3.4.",
        "Update to build 4.1.0.7 please.",
        "The log shows error 0x80070005 and HTTP 503 with ERR-40412.",
        "We will have an update by Friday, within 24 hours.",
        "Our office hours are Monday to Friday, 9am to 5pm.",
        "We are open Mon-Fri 9am-5pm.",
        "About 10,000 records, 99.9% uptime, up to 250 users.",
        "I've checked order ACC-88213 and we'll call you on 020 7946 0123 as you asked.",
        "Will you try again? May I ask which browser? By May it will be fixed.",
        "Grace period ends on 8 March.",
        "The new plan starts on 2024-03-20.",
        "Order 12345 of 2024 was fine.",  # a short number that is not the account id
        "The card reader ending its session is normal.",
        "Our Tact team fixed it.",
    ],
)
def test_hard_negatives_are_clean(text: str) -> None:
    assert scan(text, CTX) == []


def test_values_in_the_public_post_are_exempt_but_others_are_not() -> None:
    assert scan("We'll call you on +44 20 7946 0123.", CTX) == []
    found = scan("We emailed priya.raman@acme.co.uk.", CTX)
    assert [f.kind for f in found] == ["email"]


def test_the_public_post_exempts_quotes_it_contains() -> None:
    words = "the nightly export of our quarterly ledger keeps failing at row four thousand"
    context = {"private_messages": [words], "public_post": "Anyone else? " + words}
    assert scan(f"You wrote that {words}.", context) == []
    assert scan(f"You wrote that {words}.", {"private_messages": [words]})[0].kind == "quote"


def test_first_name_alone_needs_a_person_cue() -> None:
    assert scan("I spoke with Will this morning.", CTX)[0].kind == "person"
    assert scan("Will this fix it? We will see.", CTX) == []
    assert scan("Grace Hopper confirmed it.", CTX)[0].kind == "person"


def test_a_short_bare_id_is_not_matched() -> None:
    context = {"customer": {"account_ids": ["#4821"]}}
    assert scan("We shipped 4821 units.", context) == []
    assert scan("Order #4821 shipped.", context) == []  # too short to be specific on its own


def test_version_strings_are_not_ips_but_addresses_are() -> None:
    assert scan("Upgrade to version 10.2.0.1 today.", {}) == []
    assert [f.kind for f in scan("Blocked 10.2.0.1 today.", {})] == ["ip"]


def test_invalid_numbers_are_not_generic_findings() -> None:
    assert scan("Card 4111 1111 1111 1112 and SSN 000-12-3456.", {}) == []


def test_a_number_the_reply_names_as_a_reference_or_version_is_not_a_phone() -> None:
    context = {"region": "DE"}
    assert scan("I've logged it as case 39340062 in our system.", context) == []
    assert scan("Your new order number is 39340062, in case the courier asks.", context) == []
    assert scan("Build 3934.00.62 fixes the sync issue.", context) == []
    # The same digits with no reference word before them are a stranger's valid number.
    found = scan("You can ring them on 39340062 today.", context)
    assert [(f.kind, f.owner) for f in found] == [("phone", "unknown")]
    # A number of this ticket stays private whatever the reply calls it.
    known = {"region": "DE", "customer": {"phones": ["+49 3934 0062"]}}
    assert [(f.kind, f.owner) for f in scan("I've logged it as case 39340062.", known)] == [("phone", "customer")]


@pytest.mark.parametrize(
    "text", ["Vorgang: KB-2025-39340", "Ihre Vorgangsnummer lautet W-2025-10-9340.", "Ref AB-3934 0062"]
)
def test_digits_a_hyphen_joins_to_letters_before_them_are_an_id_not_a_phone(text) -> None:
    assert scan(text, {"region": "DE"}) == []


@pytest.mark.parametrize("text", ["Tel-3934 0062", "FAX-3934 0062", "Call 2025-39340 today."])
def test_a_phone_after_its_own_word_or_a_space_is_still_one(text) -> None:
    assert [(f.kind, f.owner) for f in scan(text, {"region": "DE"})] == [("phone", "unknown")]
