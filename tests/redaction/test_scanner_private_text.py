"""Cards however their last digits are written, and details that live only in private text (a customer's private
message, an agent's note): as private as the profile's fields. With the near misses that must stay clean."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redaction.scanner import ScanContext, engine, needs, phones, private_text, scan
from redaction.scanner.normalize import fold_digits
from redaction.scanner.private_text import PrivateText
from tests.redaction.findings import found

CTX = {
    "channel": "public",
    "region": "GB",
    "customer": {"name": "Priya Raman", "handle": "ledger_fan", "cards": ["0005"]},
    "private_messages": [
        "My card 4539 5260 1815 9083 was charged twice. Call me on 07700 900777 or mail priya.home@example.net."
        " My order number is 5512093 and the account is ACC-77120. I live at 42 Elm Road, Leeds.",
    ],
    "internal_notes": [
        "Customer's backup card ending 6467. Second line +33 6 12 34 56 78, ref INV-2024-331907."
        " Parcel went to 7 Upper North Street instead.",
    ],
    "company": {"names": ["Helpwise"], "emails": ["help@helpwise.example"], "domains": ["helpwise.example"]},
}


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("We refunded the card ending 9083.", "card", "ending 9083"),
        ("We refunded card 9083 today.", "card", "card 9083"),
        ("We refunded your Visa 9083 today.", "card", "Visa 9083"),
        ("We refunded the card ending 6467.", "card", "ending 6467"),
        ("We refunded card 0005 today.", "card", "card 0005"),
        ("We refunded Visa 0005 today.", "card", "Visa 0005"),
        ("We refunded the card ending ０００５ today.", "card", "ending ０００５"),  # full-width digits
        ("We refunded the card ending ٩٠٨٣ today.", "card", "ending ٩٠٨٣"),  # Arabic-Indic digits
        ("We refunded 4539-5260-1815-9083 today.", "card", "4539-5260-1815-9083"),
        ("We will ring 07700 900777 later.", "phone", "07700 900777"),
        ("We will ring +44 7700 900777 later.", "phone", "+44 7700 900777"),
        ("We will ring +33 6 12 34 56 78 later.", "phone", "+33 6 12 34 56 78"),
        ("Mail priya.home@example.net for it.", "email", "priya.home@example.net"),
        ("Order 5512093 is on its way.", "account_id", "5512093"),
        ("Account ACC-77120 is fine.", "account_id", "ACC-77120"),
        ("Invoice 331907 is paid.", "account_id", "331907"),
        ("It went to 42 Elm Rd by mistake.", "address", "42 Elm Rd"),
        ("It went to 7 Upper North St by mistake.", "address", "7 Upper North St"),
    ],
)
def test_a_detail_from_private_text_is_found_like_a_profile_field(text, kind, value) -> None:
    assert found(text, CTX) == [(kind, value)]


@pytest.mark.parametrize(
    "text",
    [
        "Test with the card 4242 4242 4242 4242 in our sandbox.",  # a published test number
        "Use 4111 1111 1111 1111 and any future date to try it.",
        "Your order of 5 items ships in 2 days.",
        "We fixed it in version 2024.3 for all 42 users.",
        "Mail help@helpwise.example for it.",
        "Card payments over 9083 pounds need approval.",  # the digits, but no card word before them
        "The card ending 1234 is not one of yours.",
    ],
)
def test_near_misses_stay_clean(text) -> None:
    assert found(text, CTX) == []


def test_a_test_card_number_on_file_is_still_held() -> None:
    context = {**CTX, "customer": {**CTX["customer"], "cards": ["4242 4242 4242 4242"]}}
    assert found("Test with the card 4242 4242 4242 4242 in our sandbox.", context) == [("card", "4242 4242 4242 4242")]


def test_on_a_private_channel_the_customers_own_details_from_their_message_are_theirs() -> None:
    private = {**CTX, "channel": "private"}
    assert found("We will ring 07700 900777 later.", private) == []
    assert found("We refunded the card ending 9083.", private) == [("card", "ending 9083")]  # cards never


def test_an_ssn_in_private_text_is_not_taken_for_the_customers_phone() -> None:
    # 628-97-7014 is also a valid German number; the message writes it as an SSN, so it is one.
    context = {"region": "DE", "private_messages": ["Your form also asked for my SSN, it is 628-97-7014."]}
    assert found("Your SSN 628 97 7014 is now on the form.", context) == [("gov_id", "628 97 7014")]
    # The same digits written as a phone in the message stay the customer's number.
    phone = {"region": "DE", "private_messages": ["Call me on 0628 977014 after six."]}
    assert [(f.kind, f.owner) for f in scan("We will ring 0628 977014.", phone)] == [("phone", "customer")]


@pytest.mark.parametrize("text", ["We have 628 97 7014 on the form.", "We have 628977014 on the form."])
def test_an_ssn_from_private_text_is_found_without_its_cue_word(text) -> None:
    context = {"private_messages": ["Your form also asked for my SSN, it is 628-97-7014."]}
    found = scan(text, context)
    assert [(f.kind, f.source, f.owner) for f in found] == [("gov_id", "context", "customer")]
    assert found[0].explanation == "a government id number, from the customer's private message"
    # The near miss: another valid SSN written without its cue word is not looked for.
    assert scan(text.replace("628", "536").replace("7014", "1234"), context) == []


DIGITS = st.sampled_from(["4539 5260 1815 9083", "07700 900777", "+33 6 12 34 56 78", "(0)20 7946 0000", "628-97-7014"])
DETAIL_TEXT = st.lists(
    st.one_of(
        DIGITS,
        st.sampled_from([" card ending 6467", " order 5512093", " ACC-77120", " 9083", " call "]),
        st.text("0123456789 -()+", max_size=12),
    ),
    max_size=8,
).map("".join)
FOURS = st.frozensets(st.text("0123456789", min_size=4, max_size=4), max_size=6)


@settings(max_examples=300, deadline=None)
@given(DETAIL_TEXT, FOURS, FOURS)
def test_a_reply_s_digits_keep_from_private_text_exactly_what_they_can_match(text, windows, tails) -> None:
    """With a reply's four-digit windows and phone tails, details gives what the unfiltered call gives that
    those digits could match: phones that may end in a tail, cards ending in a window, ids from a text that
    shares a window with the reply."""
    everything = list(private_text.details(PrivateText(text), ("GB",)))
    shares = not windows.isdisjoint(needs.windows(fold_digits(text)))
    expected = [
        (kind, value)
        for kind, value in everything
        if (kind != "phone" or phones.may_end(value, tails))
        and (kind != "card" or value[-4:] in windows)
        and (kind not in ("account_id", "gov_id") or shares)
    ]
    assert list(private_text.details(PrivateText(text), ("GB",), (), private_text.KINDS, tails, windows)) == expected


@settings(max_examples=200, deadline=None)
@given(DETAIL_TEXT)
def test_the_phone_candidates_that_pass_their_check_are_the_phones_details_gives(text) -> None:
    checked = [raw for raw, is_phone in private_text.phone_candidates(PrivateText(text), ("GB",)) if is_phone()]
    phones_only = frozenset({"phone"})
    assert checked == [value for _, value in private_text.details(PrivateText(text), ("GB",), kinds=phones_only)]


def test_a_region_only_private_text_names_reads_a_stranger_s_number_of_that_region() -> None:
    context = {
        "region": "GB",
        "private_messages": ["My SSN is 628-97-7014. Call my French line +33 6 12 34 56 78 or 07700 900777."],
    }
    reply = "Please ring our partner on 01 42 68 53 00 or 4111 1111 1111 1111 today."
    engine.cache_clear()
    first = scan(reply, context)
    assert [(f.kind, f.owner, reply[f.start : f.end]) for f in first if f.kind == "phone"] == [
        ("phone", "unknown", "01 42 68 53 00")  # a Paris number: valid in France, a region of the customer's
    ]
    assert first == scan(reply, engine._compile(ScanContext.from_dict(context)))


ADDRESS_TEXT = st.lists(
    st.one_of(
        st.sampled_from(
            [
                " mail priya.home@example.net",
                " see HTTPS://Example.org/a?b=1",
                " at WWW.example.org today",
                " www.shop.example/4",
                " 42 Elm Road",
                " 7b Upper North St.",
                " ٤٢ Elm Road",  # Arabic-Indic digits: a street line's number all the same
                " Hauptstraße 5",
                " Berliner Str. 12a",
                ", ",
                ". ",
            ]
        ),
        st.text("aAeE@:/.w0123456789 -", max_size=10),
    ),
    max_size=8,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(ADDRESS_TEXT)
def test_blanking_addresses_only_where_a_pattern_can_match_blanks_what_every_pattern_run_blanks(text) -> None:
    """The reference runs every pattern on every text; without_addresses skips one whose mark ("@", "://" or
    "www.", a digit) the text lacks."""
    reference = text
    for pattern in (
        private_text.emails.EMAIL,
        private_text._URL,
        private_text._STREET_LINE,
        private_text._STRASSE_LINE,
    ):
        reference = pattern.sub(" ", reference)
    assert private_text.without_addresses(text) == reference
