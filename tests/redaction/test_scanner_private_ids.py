"""Ids private text gives: references with letters and digits mixed, ids in groups of digits, German cue words,
and a document's number after its cue (a government id). With the near misses that must stay clean."""

import pytest

from redaction.scanner import ScanContext, engine, scan
from redaction.scanner.fixes import suggest
from redaction.scanner.needs import EVERYTHING
from tests.redaction.findings import found

CTX = {
    "channel": "public",
    "region": "AU",
    "customer": {"name": "Bronwyn Kerr", "handle": "bronk_wa"},
    "private_messages": [
        "Booking ref QX7P4L, Cork to Amsterdam. My bank confirmation number is 7Q3X-22J9 for that payment.",
        "Send the credit to my other account GL-449-3308-12 if it's easier.",
        "My passport number is LA482913 if you need it.",
        "Die Lieferung (Bestellung 60218834) kam nie an.",
        "My boarding pass 20231 is attached, and the tent is model TX40 in size 2.",
    ],
    "company": {"names": ["Gumleaf"], "domains": ["gumleaf.example"]},
}


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("I've found booking QX7P4L.", "account_id", "QX7P4L"),
        ("Your confirmation 7Q3X-22J9 matches the payment.", "account_id", "7Q3X-22J9"),
        ("We applied it to GL-449-3308-12 as you asked.", "account_id", "GL-449-3308-12"),
        ("Zu Bestellung 60218834: wir forschen nach.", "account_id", "60218834"),
        ("We have recorded passport LA482913 for you.", "gov_id", "LA482913"),
    ],
)
def test_an_id_from_private_text_is_found_in_a_reply(text, kind, value) -> None:
    assert found(text, CTX) == [(kind, value)]
    # A first reply's own compile finds what the full compile finds.
    engine.cache_clear()
    full = scan(text, engine._compile(ScanContext.from_dict(CTX), EVERYTHING))
    assert scan(text, CTX) == full


@pytest.mark.parametrize(
    "text",
    [
        "Your boarding pass 20231 is not needed.",  # a boarding pass is no government document
        "The TX40 tent in size 2 is covered.",  # a model number is no reference: too few of its kind
        "Quote reference QX7P4M when you call.",  # another reference
    ],
)
def test_near_misses_stay_clean(text) -> None:
    assert found(text, CTX) == []


def test_a_number_private_text_gives_as_an_id_is_not_the_customers_phone() -> None:
    findings = scan("Wir rufen Sie unter 60218834 an.", {**CTX, "region": "DE"})
    assert [(f.kind, f.explanation) for f in findings] == [
        ("account_id", "an account or order id, from the customer's private message")
    ]


LABELLED = {
    "channel": "public",
    "region": "US",
    "customer": {"name": "Odile Farrant", "handle": "odile_f"},
    "internal_notes": [
        "Installer ID K-5093 missed the slot; the meter's MID 60417722 was swapped by him.",
        "Ship the spare to 88 Lakeview Ave, Boise, ID 83702.",
    ],
    "private_messages": ["The app shows user id: 3318-0472 on the settings page."],
}


@pytest.mark.parametrize(
    "text, value",
    [
        ("The installer, K-5093, has been spoken to.", "K-5093"),
        ("We swapped meter 60417722 this morning.", "60417722"),
        ("Your user 3318-0472 has been reset.", "3318-0472"),
    ],
)
def test_a_number_private_text_labels_as_an_id_is_found(text, value) -> None:
    assert found(text, LABELLED) == [("account_id", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Please post it to our Boise office, 83702 is the ZIP code.",  # "Boise, ID 83702": Idaho and a ZIP code
        "Installer K-5094 is another one.",  # another id
        "We did 5093 installs last year.",  # "did" is no "ID"
    ],
)
def test_near_misses_of_labelled_ids_stay_clean(text) -> None:
    assert found(text, LABELLED) == []


OWNED = {
    "channel": "private",
    "region": "GB",
    "customer": {"name": "Odile Farrant", "handle": "odile_f", "account_ids": ["KLM-3300712"]},
    "private_messages": [
        "Her name was Maud Ellery, policy POL-5519028, she was my aunt.",
        "My husband's account ACC-7731902 has the same problem. Mine is order 88213407.",
    ],
    "internal_notes": [
        "Water damage passed to the insurer under ref WD-44019; KLM-3300712 credited, order 88213407 refunded.",
    ],
}


@pytest.mark.parametrize(
    "text, expected",
    [
        # Another person's id, given as theirs in a private message: held on a private channel too.
        ("Policy POL-5519028 has been closed.", [("account_id", "contact", "POL-5519028")]),
        ("We fixed ACC-7731902 as well.", [("account_id", "contact", "ACC-7731902")]),
        # An id only an internal note gives: the customer never gave it, so it is the note's.
        ("The insurer has it under WD-44019.", [("account_id", "internal", "WD-44019")]),
    ],
)
def test_an_id_of_someone_else_or_of_a_note_alone_is_held_on_a_private_channel(text, expected) -> None:
    assert found(text, OWNED, owner=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "KLM-3300712 has been credited.",  # the customer's own id, which a note also gives
        "Order 88213407 has been refunded.",  # the customer's own order, from their message and a note
    ],
)
def test_the_customers_own_id_stays_theirs_when_a_note_gives_it_too(text) -> None:
    assert scan(text, OWNED) == []


def test_the_fix_for_someone_elses_id_does_not_say_it_is_the_customers() -> None:
    text = "Her policy POL-5519028 is closed."
    (finding,) = scan(text, OWNED)
    assert suggest(text, finding).apply(text) == "That number is closed."


TAX = {
    "channel": "public",
    "region": "AU",
    "customer": {"name": "Odile Farrant", "handle": "odile_f"},
    "private_messages": [
        "My tax file number is 123 456 782, in case the ATO asks.",
        "Our VAT no. is GB 293 4471 85 for the invoices.",
        "Mein Steuer-ID für die Abrechnung lautet 57 104 836 290.",
        "My drone operator certificate number is 5530917. The permit 2024 came late.",
    ],
}


@pytest.mark.parametrize(
    "text, value",
    [
        ("We have recorded TFN 123456782.", "123456782"),
        ("The invoices now show VAT 293 4471 85.", "293 4471 85"),
        ("Die Steuer-ID 57104836290 steht jetzt auf der Rechnung.", "57104836290"),
        ("Certificate 5530917 is on file.", "5530917"),
    ],
)
def test_a_tax_number_or_a_certificate_private_text_gives_is_a_government_id(text, value) -> None:
    assert found(text, TAX) == [("gov_id", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Your 2024 permit is ready.",  # a year after "permit" is no permit's number
        "Certificate 5530918 is someone else's.",  # another number
        "VAT at 20% is included.",  # a rate
    ],
)
def test_near_misses_of_tax_numbers_stay_clean(text) -> None:
    assert found(text, TAX) == []


BANK = {
    "channel": "public",
    "region": "GB",
    "customer": {"name": "Odile Farrant", "handle": "odile_f"},
    "private_messages": [
        "Refund to my IBAN GB33 BUKB 2020 1555 5555 55 please, not the card.",
        "Or my Aussie account: BSB 062-914, account 1093 4471.",
    ],
}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We sent it to gb33bukb20201555555555.", [("iban", "gb33bukb20201555555555")]),
        ("We sent it to gb33 bukb 2020 1555 5555 55.", [("iban", "gb33 bukb 2020 1555 5555 55")]),
        ("We sent it to BSB 062914.", [("account_id", "062914")]),
        ("We sent it to account 10934471.", [("account_id", "10934471")]),
    ],
)
def test_bank_details_private_text_gives_are_found_however_written(text, expected) -> None:
    assert found(text, BANK) == expected


def test_the_customers_own_iban_goes_through_a_private_channel() -> None:
    text = "We sent it to GB33 BUKB 2020 1555 5555 55 as you asked."
    assert found(text, {**BANK, "channel": "private"}) == []
    assert found(text, BANK) == [("iban", "GB33 BUKB 2020 1555 5555 55")]


@pytest.mark.parametrize(
    "text",
    [
        "Branch 062-915 is closed on Sunday.",  # another branch code
        "Allow 2020 to 2025 for the statements.",  # the IBAN's digits alone, as years
    ],
)
def test_near_misses_of_bank_details_stay_clean(text) -> None:
    assert found(text, BANK) == []


# The customer typed their IBAN with a digit wrong (its check digits fail): it is still the account they gave.
MISTYPED = {
    **BANK,
    "private_messages": ["Bitte vom Konto DE12 5001 0517 0648 4898 91 abbuchen, nicht von der Karte."],
}


@pytest.mark.parametrize(
    "text",
    ["Die Erstattung geht auf DE12 5001 0517 0648 4898 91.", "Die Erstattung geht auf de12500105170648489891."],
)
def test_an_iban_the_customer_gave_is_found_whatever_its_check_digits(text) -> None:
    assert [kind for kind, _ in found(text, MISTYPED)] == ["iban"]


@pytest.mark.parametrize(
    "text",
    [
        "Die Erstattung geht auf DE12 5001 0517 0648 4898 92.",  # another account
        "Die Erstattung geht auf DE12 5001 0517 0648 4898 9.",  # one digit short: no German IBAN's length
    ],
)
def test_another_number_of_that_shape_is_not_the_customer_s(text) -> None:
    assert found(text, MISTYPED) == []


# German references after their cue, abbreviated ("-nr.") or a file's, with slashes.
CLAIM = {
    "channel": "public",
    "region": "DE",
    "customer": {"name": "Hedda Wollny", "handle": "hedda_w"},
    "private_messages": [
        "Die Spedition hat den Fall unter Schadensnr. 2024-AT-771203 aufgenommen.",
        "Das polizeiliche Aktenzeichen lautet 1187/24/530912.",
    ],
}


@pytest.mark.parametrize(
    "text, value",
    [
        ("Ihre Schadensnummer 2024-AT-771203 liegt uns vor.", "2024-AT-771203"),
        ("Wir haben 1187/24/530912 an den Gutachter gegeben.", "1187/24/530912"),
    ],
)
def test_a_german_reference_after_its_cue_is_found_in_a_reply(text, value) -> None:
    assert found(text, CLAIM) == [("account_id", value)]


@pytest.mark.parametrize(
    "text",
    [
        "Wir haben 1187/24/530913 an den Gutachter gegeben.",  # another file
        "Melden Sie Schäden bitte bis zum 24.11. an.",
    ],
)
def test_near_misses_of_german_references_stay_clean(text) -> None:
    assert found(text, CLAIM) == []


# A health service's number after its cue: New Zealand's NHI, a German health insurance number.
HEALTH = {
    "channel": "public",
    "region": "NZ",
    "customer": {"name": "Aroha Tane", "handle": "aroha_t"},
    "private_messages": [
        "Her NHI is QRT5521, the clinic should have it.",
        "Meine Versichertennummer lautet A123456780.",
        "His health card was renewed in 2024.",
    ],
}


@pytest.mark.parametrize(
    "text, value",
    [
        ("We've added QRT5521 to the new booking.", "QRT5521"),
        ("Wir haben A123456780 hinterlegt.", "A123456780"),
    ],
)
def test_a_health_number_private_text_gives_is_found_in_a_reply(text, value) -> None:
    assert found(text, HEALTH) == [("gov_id", value)]


@pytest.mark.parametrize("text", ["We've added QRT5522 to the new booking.", "The 2024 renewal is on file."])
def test_near_misses_of_health_numbers_stay_clean(text) -> None:
    assert found(text, HEALTH) == []
