"""The regions national phone numbers are read in: the context's `region`, the desk's `regions` (the optional key
the context builder fills from TACT_REDACTION["REGIONS"]) and the regions of the context's own numbers."""

import pytest

from redaction.scanner import ScanContext, engine, scan
from redaction.scanner.needs import EVERYTHING
from tests.redaction.findings import found

GB_DESK = {"channel": "private", "regions": ["GB", "IE"]}


def test_a_national_number_of_a_desk_region_is_a_strangers_phone() -> None:
    text = "You can ring their office on 020 7946 0018 or 087 123 4567."
    assert found(text, GB_DESK, owner=True) == [
        ("phone", "unknown", "020 7946 0018"),
        ("phone", "unknown", "087 123 4567"),
    ]
    # Without the desk's regions neither is read as a number: US is the default region, and no number of the
    # context is British or Irish.
    assert found(text, {"channel": "private"}, owner=True) == []


def test_the_desk_regions_add_to_the_context_region_and_its_numbers_regions() -> None:
    context = {**GB_DESK, "region": "AU", "contacts": [{"name": "Owen Fraser", "phone": "+33 1 42 68 53 01"}]}
    text = "Try 0412 345 678, 020 7946 0018 or 01 42 68 53 00."
    assert [value for _, _, value in found(text, context, owner=True)] == [
        "0412 345 678",
        "020 7946 0018",
        "01 42 68 53 00",
    ]


def test_a_customers_number_stored_without_a_country_code_is_read_in_the_desk_region_it_belongs_to() -> None:
    context = {**GB_DESK, "customer": {"phones": ["020 7946 0018"]}}
    # Their own number, in either form, on a channel only they read; on a public one, held as theirs.
    assert found("We have +44 20 7946 0018 on file.", context, owner=True) == []
    assert found("We have 020 7946 0018 on file.", {**context, "channel": "public"}, owner=True) == [
        ("phone", "customer", "020 7946 0018")
    ]


def test_a_national_number_in_a_private_message_is_found_in_a_desk_region() -> None:
    context = {**GB_DESK, "channel": "public", "private_messages": ["Ring me on 020 7946 0018 after six."]}
    [finding] = scan("Noted: +44 20 7946 0018.", context)
    assert (finding.kind, finding.owner, finding.explanation) == (
        "phone", "customer", "a phone number, from the customer's private message"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Your order number is 02079460018, in case the courier asks.",  # named as a reference
        "I've logged it as case 0871234567.",
        "We wrote on 03/07/2026 and again on 04/07/2026.",  # dates
        "Build 020.7946.0018 fixes the sync issue.",  # a version
        "Call us on 020 7946 0000.",  # the company's own number
    ],
)
def test_desk_regions_read_no_phone_where_the_reply_names_something_else(text) -> None:
    context = {**GB_DESK, "company": {"phones": ["+44 20 7946 0000"]}}
    assert found(text, context, owner=True) == []


def test_a_first_reply_with_desk_regions_finds_what_the_full_compile_finds() -> None:
    context = {
        **GB_DESK,
        "channel": "public",
        "customer": {"phones": ["020 7946 0018"]},
        "contacts": [{"name": "Owen Fraser", "phone": "+61 412 345 678"}],
        "private_messages": ["My other number is 087 123 4567.", "Or my desk, 01 42 68 53 00."],
    }
    for text in (
        "Ring 020 7946 0018, 087 123 4567 or +44 20 7946 0018.",
        "Owen is on 0412 345 678; a stranger on 020 7946 0999 or 01 42 68 53 00.",
        "Nothing here but order 1234567.",
    ):
        engine.cache_clear()
        assert scan(text, context) == scan(text, engine._compile(ScanContext.from_dict(context), EVERYTHING))


@pytest.mark.parametrize(
    "bad, message",
    [({"regions": "GB"}, "context.regions must be a list"), ({"regions": ["GB", "GBR"]}, r"context.regions\[1\]")],
)
def test_a_bad_regions_value_is_a_clear_value_error(bad, message) -> None:
    with pytest.raises(ValueError, match=message):
        ScanContext.from_dict(bad)


def test_regions_are_read_in_upper_case_once_each() -> None:
    assert ScanContext.from_dict({"region": "gb", "regions": ["ie", "GB", "IE"]}).phone_regions == ("GB", "IE")
