"""Channel policy as data, the context contract, fingerprint caching and what explanations reveal."""

import dataclasses

import pytest

from redaction.scanner import SAFE_PHRASES, SCANNER_VERSION, Finding, Policy, ScanContext, compile_context, scan
from redaction.scanner.engine import cache_clear, cache_size, value_caches_clear
from redaction.scanner.findings import KINDS

CTX = {
    "customer": {
        "name": "Priya Raman",
        "handle": "ledger_fan",
        "emails": ["priya.raman@acme.co.uk"],
        "phones": ["+44 20 7946 0123"],
        "addresses": ["12 Baker Street, London NW1 6XE"],
        "account_ids": ["ACC-88213"],
        "cards": ["4242"],
        "ips": ["203.0.113.7"],
    },
    "contacts": [{"name": "Tom Becker", "email": "tom.becker@acme.co.uk", "phone": "07700 900123"}],
    "private_messages": ["Our finance team cannot export the quarterly ledger since the upgrade last night."],
    "internal_notes": ["Customer is on the legacy billing plan and threatened to churn twice this year."],
    "agent": {"alias": "Alex", "real_name": "Samuel Okafor"},
}
OWN_DETAILS = (
    "Hi Priya Raman, we have priya.raman@acme.co.uk, +44 20 7946 0123, 12 Baker Street, "
    "ACC-88213 and 203.0.113.7 on file."
)


def on(channel: str) -> dict:
    return {**CTX, "channel": channel}


def test_the_customers_own_details_are_leaks_in_public_but_not_in_private() -> None:
    public = {f.kind for f in scan(OWN_DETAILS, on("public"))}
    assert public == {"person", "email", "phone", "address", "account_id", "ip"}
    assert scan(OWN_DETAILS, on("private")) == []


@pytest.mark.parametrize(
    "text, kind",
    [
        ("The charge on the card ending 4242 is reversed.", "card"),
        ("Tom Becker approved it.", "person"),
        ("Ring tom.becker@acme.co.uk or 07700 900123.", "email"),
        ("Note: customer is on the legacy billing plan and threatened to churn.", "quote"),
        ("Samuel Okafor will follow up.", "person"),
        ("Also cc stranger@example.org.", "email"),
    ],
)
def test_cards_contacts_notes_agent_and_strangers_are_leaks_even_in_private(text: str, kind: str) -> None:
    assert kind in {f.kind for f in scan(text, on("private"))}


def test_quoting_the_customers_own_message_is_fine_in_private_only() -> None:
    text = "You said the finance team cannot export the quarterly ledger since the upgrade."
    assert [f.kind for f in scan(text, on("public"))] == ["quote"]
    assert scan(text, on("private")) == []


def test_policy_is_data_built_from_a_dict() -> None:
    lenient = Policy.from_dict({"public": {"customer": ["card"]}})
    assert [f.kind for f in scan(OWN_DETAILS + " Card ending 4242.", on("public"), lenient)] == ["card"]
    strict = Policy.from_dict({"public": {"customer": "*"}, "private": {"customer": "*"}})
    assert scan(OWN_DETAILS, on("private"), strict) != []
    assert strict.as_dict()["private"]["customer"] == sorted(KINDS)


@pytest.mark.parametrize(
    "bad", [{"public": {"stranger": "*"}}, {"public": {"customer": ["phonebook"]}}, {"public": ["email"]}, "*"]
)
def test_a_bad_policy_is_a_value_error(bad: object) -> None:
    with pytest.raises(ValueError):
        Policy.from_dict(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad, message",
    [
        ([], "context must be an object"),
        ({"channel": "broadcast"}, "context.channel must be one of"),
        ({"customer": {"emails": "a@b.example"}}, "customer.emails must be a list"),
        ({"customer": {"phones": [12345]}}, "customer.phones[0] must be a string"),
        ({"calls": [{"at": "yesterday"}]}, "calls[0].at is not an ISO 8601"),
        ({"calls": [{"at": "2024-03-04T15:02:00"}]}, "needs a UTC offset"),
        ({"tz": "Mars/Olympus"}, "not a known IANA timezone"),
        ({"contacts": [{"nmae": "x"}]}, "unknown key"),
        ({"agent": "Alex"}, "context.agent must be an object"),
    ],
)
def test_a_bad_context_shape_is_a_clear_value_error(bad: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        ScanContext.from_dict(bad)
    with pytest.raises(ValueError):
        scan("hello", bad)  # type: ignore[arg-type]


def test_a_staff_directory_and_company_are_parsed_once_and_a_bad_one_still_fails() -> None:
    staff = [{"name": "Priya Raman", "username": "praman", "email": "priya@acme.example"}]
    company = {"names": ["Acme"], "phones": ["+44 20 7946 0000"]}
    first = ScanContext.from_dict({"staff": staff, "company": company})
    again = ScanContext.from_dict({"staff": [dict(s) for s in staff], "company": {**company}})
    assert again.staff is first.staff and again.company is first.company
    for bad, message in [
        ({"staff": [{**staff[0], "email": 7}]}, "staff[0].email must be a string"),
        ({"staff": [{**staff[0], "nmae": "x"}]}, "unknown key"),
        ({"staff": [[("name", "Priya Raman")]]}, "staff[0] must be an object"),
        ({"company": {**company, "names": "Acme"}}, "company.names must be a list"),
        ({"company": [("names", ("Acme",))]}, "context.company must be an object"),
    ]:
        with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
            ScanContext.from_dict(bad)


def test_emptying_the_value_caches_forgets_parsed_staff_directories_companies_and_contacts() -> None:
    """What the bench's strict cold figure relies on: value_caches_clear parses them again, to equal values."""
    context = {
        "staff": [{"name": "Priya Raman", "email": "priya@acme.example"}],
        "company": {"names": ["Acme"]},
        "contacts": [{"name": "Luis Nguyen", "phone": "+44 20 7946 0001"}],
    }
    first = ScanContext.from_dict(context)
    value_caches_clear()
    again = ScanContext.from_dict(context)
    assert again == first
    assert again.staff is not first.staff and again.company is not first.company
    assert again.contacts is not first.contacts


def test_fingerprint_is_stable_and_compiled_matchers_are_cached() -> None:
    cache_clear()
    reordered = dict(reversed(list(CTX.items())))
    assert ScanContext.from_dict(CTX).fingerprint == ScanContext.from_dict(reordered).fingerprint
    assert ScanContext.from_dict(CTX).fingerprint != ScanContext.from_dict(on("private")).fingerprint
    first = compile_context(CTX)
    assert compile_context(reordered) is first
    assert compile_context(ScanContext.from_dict(CTX)) is first
    assert compile_context(on("private")) is not first
    assert cache_size() >= 2


def test_explanations_never_reveal_more_than_the_reply() -> None:
    context = {
        **CTX,
        "customer": {**CTX["customer"], "cards": ["4111 1111 1111 4242"]},
        "calls": [{"at": "2024-03-04T15:02:00+00:00"}],
    }
    text = (
        "Card ending 4242, mail priya dot raman at acme dot co dot uk, call 020 7946 0123, "
        "as agreed on Monday around 3pm, ship to 12 Baker St."
    )
    findings = scan(text, context)
    assert {f.kind for f in findings} == {"card", "email", "phone", "call_time", "address"}
    secrets = ["4111", "priya.raman", "@acme", "7946", "15:02", "4 March", "Baker Street", "NW1"]
    for finding in findings:
        assert not [s for s in secrets if s in finding.explanation and s not in text], finding
    call = next(f for f in findings if f.kind == "call_time")
    assert "Monday around 3pm" in call.explanation


def test_public_api_shapes() -> None:
    finding = scan("Mail priya.raman@acme.co.uk", CTX)[0]
    assert isinstance(finding, Finding) and dataclasses.is_dataclass(finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 0  # type: ignore[misc]
    assert finding.as_dict() == {
        "start": 5,
        "end": 27,
        "kind": "email",
        "source": "context",
        "explanation": "the customer's email address, from their profile",
        "owner": "customer",
    }
    assert set(SAFE_PHRASES) == set(KINDS)
    assert SAFE_PHRASES["phone"] == "the number on your account"
    assert SCANNER_VERSION
