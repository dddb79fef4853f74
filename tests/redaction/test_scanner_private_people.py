"""People private text names that the profile does not (a neighbour, a wife, the other driver), and their numbers:
held on every channel, as the customer's colleagues are. With the near misses that must stay clean."""

import pytest

from redaction.scanner import ScanContext, names, scan
from redaction.scanner.fixes import suggest
from tests.redaction.findings import found

CTX = {
    "channel": "private",
    "region": "GB",
    "customer": {"name": "Philippa Garroway", "handle": "pipgarr", "phones": ["+44 7700 900214"]},
    "contacts": [{"name": "Desmond Achterberg"}],
    "private_messages": [
        "If you need to send an engineer, my neighbour Gwen at number 19 has a key, her number is 07700 900761.",
        "The other driver's details: Gary Sutcliffe, 07700 900388, insured with Direct Motorline.",
        "Mein Nachbar Herr Okafor hat vielleicht das Paket.",
        "The courier depot (Harbour Logistics, 01632 960555) never rang. Text me on 07700 900123 instead.",
        "I live at 12 Maple Dr Tempe with my wife, call 07700 900456 any time.",
        "Desmond in my office set the account up.",
    ],
    "internal_notes": ["Customer's solicitor Mrs Adeyemi asked for a copy of the file."],
    "agent": {"alias": "Juno", "real_name": "Harriet Blythe"},
    "staff": [{"name": "Harriet Blythe", "username": "hblythe", "email": "harriet.blythe@larchmont.example"}],
    "company": {"names": ["Larchmont"], "phones": ["0808 157 0192"], "domains": ["larchmont.example"]},
}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We can collect the key from Gwen if you are out.", [("person", "contact", "Gwen")]),
        ("We have written to Gary Sutcliffe and his insurer.", [("person", "contact", "Gary Sutcliffe")]),
        ("Wir rufen Herrn Okafor morgen an.", [("person", "contact", "Okafor")]),
        ("Mrs Adeyemi wrote to us again today.", [("person", "internal", "Adeyemi")]),
        # A number given as someone else's is theirs, so it is held on a private channel too.
        ("We may try him directly on 07700 900388.", [("phone", "contact", "07700 900388")]),
        (
            "Gwen is on 07700 900761 if we need her.",
            [("person", "contact", "Gwen"), ("phone", "contact", "07700 900761")],
        ),
    ],
)
def test_a_person_private_text_names_is_held_on_every_channel(text, expected) -> None:
    for channel in ("public", "private"):
        assert found(text, {**CTX, "channel": channel}, owner=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "We will text you on 07700 900123 when it ships.",  # "me" comes between the courier and the number
        "We will call you on 07700 900456 tomorrow.",  # the wife is named before "call", not with the number
        "Harbour Logistics will deliver on Monday.",  # a business named with its number is not a person
        "The parcel is at our Harbour depot.",  # a first word of a name given only with its number: not alone
        "We will send it to Tempe on Monday.",  # "Dr" after a street name is the street's, not a title
        "Gary, the driver, was not involved.",  # found only whole: "Gary" alone is not enough
        "Direct Motorline has accepted the claim.",  # a business
        "Juno here: I will call you back tomorrow.",  # the author's alias is public
    ],
)
def test_near_misses_stay_clean_on_a_private_channel(text) -> None:
    assert found(text, CTX, owner=True) == []


def test_a_person_the_profile_knows_keeps_that_identity() -> None:
    people = {person.name for person in names.private_people(ScanContext.from_dict(CTX))}
    assert people == {"Gwen", "Gary Sutcliffe", "Okafor", "Adeyemi"}
    assert found("Desmond has the old password.", CTX, owner=True) == [("person", "contact", "Desmond")]
    explanation = scan("Desmond has the old password.", CTX)[0].explanation
    assert explanation == "the name of a person at the customer's organization"


def test_explanations_say_whose_detail_it_is_without_the_value() -> None:
    by_kind = {f.kind: f.explanation for f in scan("Ring Gwen on 07700 900761.", {**CTX, "channel": "public"})}
    assert by_kind == {
        "person": "someone the customer named in a private message",
        "phone": "another person's phone number, from the customer's private message",
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "We can collect the key from Gwen if you are out.",
            "We can collect the key from the person you mentioned if you are out.",
        ),
        ("Gwen is on 07700 900761 if we need her.", "The person you mentioned is on their number if we need her."),
        ("Mrs Adeyemi wrote to us again today.", "That person wrote to us again today."),
        ("Hi Gwen, thanks for the key.", "Hi there, thanks for the key."),
        # The customer's colleague from the profile is still their colleague.
        ("Desmond has the old password.", "Your colleague has the old password."),
    ],
)
def test_the_fix_for_a_person_private_text_names_does_not_call_them_a_colleague(text, expected) -> None:
    context = {**CTX, "channel": "public"}
    for finding in sorted(scan(text, context), key=lambda f: f.start, reverse=True):
        fix = suggest(text, finding)
        assert fix is not None, finding
        text = fix.apply(text)
    assert text == expected


WORK = {
    "channel": "private",
    "region": "GB",
    "customer": {"name": "Odile Farrant", "handle": "odile_f"},
    "private_messages": [
        "The boiler went again. Her name was Rosalind Achebe, the lady who came out last time.",
        "Our site lead, Tomasz Wierzbicki, can let your engineer in.",
    ],
    "internal_notes": [
        "Claim passed to the loss adjuster Priya Nandakumar; plumber Rapid Drains Ltd booked.",
        "Surveyor Head Office copy requested.",
    ],
}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rosalind Achebe will not be sent again.", [("person", "contact", "Rosalind Achebe")]),
        ("I've asked Tomasz to keep the side gate open.", [("person", "contact", "Tomasz")]),
        ("Priya Nandakumar is reviewing the claim.", [("person", "internal", "Priya Nandakumar")]),
    ],
)
def test_a_person_named_by_their_work_or_as_his_or_her_name_is_held(text, expected) -> None:
    assert found(text, WORK, owner=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rapid Drains will be there at nine.",  # a business after a trade's name is no person
        "Head Office is closed on Sunday.",  # a label after a trade's name is no person
        "Our engineer will let you know the name of the part.",  # a trade without a name
    ],
)
def test_words_after_a_trade_that_name_no_person_stay_clean(text) -> None:
    assert found(text, WORK, owner=True) == []


WORKMATES = {
    "channel": "private",
    "region": "GB",
    "customer": {"name": "Odile Farrant", "handle": "odile_f"},
    "private_messages": [
        "Ingrid, my bookkeeper, paid it twice. Our treasurer Malachy has the receipts.",
        "A young guy called Tobiah took the order at the counter. Thanks, my friend, for looking.",
        "Mein Azubi Florian holt das Gerät ab.",
    ],
}


@pytest.mark.parametrize(
    "text, name",
    [
        ("I've written to Ingrid about the second payment.", "Ingrid"),
        ("Malachy can send the receipts to us.", "Malachy"),
        ("Tobiah has been reminded how to take orders.", "Tobiah"),
        ("Florian kann das Gerät ab 9 Uhr abholen.", "Florian"),
    ],
)
def test_a_person_named_by_the_work_they_do_for_the_writer_is_held(text, name) -> None:
    assert found(text, WORKMATES, owner=True) == [("person", "contact", name)]


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for your patience with this.",  # "Thanks, my friend," names nobody
        "Our bookkeeper team will check it.",  # a relation without a name
    ],
)
def test_words_beside_a_relation_that_name_nobody_stay_clean(text) -> None:
    assert found(text, WORKMATES, owner=True) == []


@pytest.mark.parametrize(
    "text",
    [
        *CTX["private_messages"],
        *CTX["internal_notes"],
        *WORK["private_messages"],
        *WORK["internal_notes"],
        *WORKMATES["private_messages"],
        "Unsere Sachbearbeiterin Jana Pohl, meine Kollegin Ute, und ein Mann namens Kai.",
    ],
)
def test_patterns_run_only_on_texts_with_their_words_find_what_every_pattern_finds(text) -> None:
    """A pattern that leads with a list of words runs only on a text with one of them: the same matches."""
    every = [(p.pattern, m.span()) for p, _ in names._PATTERNS for m in p.finditer(text)]
    assert [(p.pattern, m.span()) for p, m in names._named(text) if p is not names._NAME_BEFORE] == every


FIRM = {
    "channel": "private",
    "region": "GB",
    "customer": {"name": "Odile Farrant", "handle": "odile_f"},
    "private_messages": [
        "The executor is Mr Penhallow at Treharne & Vosper, 01872 960 112, if you need him.",
        "Ring me at Home Farm, 07700 900877, after six.",
    ],
}


def test_a_number_given_after_a_person_and_their_firm_is_theirs() -> None:
    text = "We have written to the executor on 01872 960 112."
    assert found(text, FIRM, owner=True) == [("phone", "contact", "01872 960 112")]


def test_a_number_after_a_place_that_names_nobody_stays_the_customers() -> None:
    assert found("We will ring you on 07700 900877 after six.", FIRM, owner=True) == []


# A note that names someone and gives a number labelled as a phone in the same sentence.
ASSESSOR = {
    "channel": "private",
    "region": "GB",
    "customer": {"name": "Odile Farrant", "handle": "odile_f"},
    "internal_notes": [
        "Surveyor Piers Handley (Kestrel Surveys) to visit Thursday; mobile 07700 900 316.",
        "Customer prefers mobile 07700 900 428 after six.",
    ],
    "private_messages": ["I spoke to Piers Handley already, my mobile 07700 900 533 is best."],
}


def test_a_number_labelled_as_a_phone_beside_a_person_a_note_names_is_theirs() -> None:
    text = "Your surveyor can be reached on 07700 900316."
    assert found(text, ASSESSOR, owner=True) == [("phone", "contact", "07700 900316")]


@pytest.mark.parametrize(
    "text", ["We'll text you on 07700 900 428 after six.", "We'll text you on 07700 900 533 after six."]
)
def test_a_labelled_number_the_customer_or_writer_owns_stays_the_customers(text) -> None:
    assert found(text, ASSESSOR, owner=True) == []


GERMAN_FAMILY = {
    "channel": "public",
    "region": "DE",
    "customer": {"name": "Korbinian Hatz", "handle": "korbi_h"},
    "private_messages": ["Meine Schwester Liesel hat den Partnervertrag.", "Meine Tochter Rose zahlt ab Mai selbst."],
}


def test_a_german_genitive_of_a_first_name_names_the_person() -> None:
    text = "Liesels Partnervertrag läuft natürlich weiter."
    assert found(text, GERMAN_FAMILY, owner=True) == [("person", "contact", "Liesels")]


def test_a_name_that_is_an_ordinary_word_has_no_genitive_to_find() -> None:
    assert found("Roses sind im Mai am schönsten.", GERMAN_FAMILY, owner=True) == []


# The trades a household hires, named before the person as their work is.
TRADES = {
    "channel": "private",
    "region": "GB",
    "customer": {"name": "Odile Farrant", "handle": "odile_f"},
    "private_messages": [
        "Our locksmith, Ivo Marsh, has the spare key.",
        "My gardener Pete Lowry can open the side gate.",
        "The cleaner left streaks on the new glass.",
    ],
}


@pytest.mark.parametrize(
    "text, name",
    [("We'll ask Ivo to drop the key off.", "Ivo"), ("Pete Lowry can let our fitter in.", "Pete Lowry")],
)
def test_a_person_named_after_the_trade_they_do_for_the_writer_is_held(text, name) -> None:
    assert found(text, TRADES, owner=True) == [("person", "contact", name)]


def test_a_trade_without_a_name_names_nobody() -> None:
    assert found("We'll send a cleaner on Monday.", TRADES, owner=True) == []


@pytest.mark.parametrize("text", TRADES["private_messages"])
def test_the_trades_run_only_on_texts_with_their_words_as_every_pattern_does(text) -> None:
    test_patterns_run_only_on_texts_with_their_words_find_what_every_pattern_finds(text)
