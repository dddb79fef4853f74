"""One-click fixes read as German in a German reply: the German words around a value ("Ihre Nummer", "unter der
Nummer", "Karte endend auf", "Ihre IBAN") go with it, as the English ones do in an English reply, and the
German phrase takes the case the words left before it ask for; a greeted name leaves a German greeting. Each
case applies the fix of the last finding (in the reply's language) and scans again, as the held panel does, until
none is left, and compares the sentence."""
import pytest

from redaction.fixwords import fix_words
from redaction.scanner import scan
from redaction.scanner.fixes import suggest
from tests.factories import CustomerFactory, TicketFactory

pytestmark = pytest.mark.django_db

CTX = {
    "channel": "public",
    "region": "DE",
    "customer": {
        "name": "Priya Schmidt",
        "handle": "ledger_fan",
        "emails": ["priya.schmidt@acme.example"],
        "phones": ["+49 30 12345678"],
        "cards": ["4539 5260 1815 9083"],
        "account_ids": ["ACC-88213"],
        "addresses": ["Hauptstraße 5, 10115 Berlin"],
    },
    "contacts": [{"name": "Owen Meier", "phone": "030 98765432"}],
    "private_messages": ["Meine Bestellnummer ist 5512093."],
    "agent": {"alias": "Harbor Wren", "real_name": "Alicia Stone"},
    "staff": [{"name": "Samuel Okafor", "username": "sokafor"}],
}


def fixed(text: str) -> str:
    ticket = TicketFactory(customer=CustomerFactory(language=""))
    while findings := scan(text, CTX):
        with fix_words(text, ticket) as words:
            fix = suggest(
                text, findings[-1], alias="Harbor Wren", own_names=("Alicia Stone",), words=words, others=findings
            )
        assert fix is not None, findings[-1]
        text = fix.apply(text)
    return text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ihre Nummer +49 30 12345678 ist bei uns vermerkt.", "Ihre hinterlegte Telefonnummer ist bei uns vermerkt."),
        ("Ihre Handynummer: +49 30 12345678.", "Ihre hinterlegte Telefonnummer."),
        # The preposition stays and asks for the dative.
        ("Wir rufen Sie unter der Nummer +49 30 12345678 zurück.",
         "Wir rufen Sie unter Ihrer hinterlegten Telefonnummer zurück."),
        ("Unter Ihrer Telefonnummer +49 30 12345678 erreichen wir Sie.",
         "Unter Ihrer hinterlegten Telefonnummer erreichen wir Sie."),
        ("Wir rufen Sie unter Tel.-Nr. +49 30 12345678 an.",
         "Wir rufen Sie unter Ihrer hinterlegten Telefonnummer an."),
        ("Sie erreichen Owen unter seiner Nummer 030 98765432.",
         "Sie erreichen Ihre Kontaktperson unter der Nummer dieser Person."),
        ("Ihre Karte endend auf 9083 wurde doppelt belastet.", "Ihre hinterlegte Karte wurde doppelt belastet."),
        ("Ihre Kartennummer 4539 5260 1815 9083 ist gesperrt.", "Ihre hinterlegte Karte ist gesperrt."),
        ("Wir haben die Kreditkarte 4539 5260 1815 9083 gesperrt.", "Wir haben Ihre hinterlegte Karte gesperrt."),
        ("Ihre IBAN DE89 3704 0044 0532 0130 00 ist korrekt.", "Ihre hinterlegte Bankverbindung ist korrekt."),
        ("Schreiben Sie an Ihre E-Mail-Adresse priya.schmidt@acme.example.",
         "Schreiben Sie an Ihre hinterlegte E-Mail-Adresse."),
        ("Ihr Konto ACC-88213 ist aktiv.", "Ihr Konto ist aktiv."),
        ("Ihre Kundennummer ACC-88213 ist aktiv.", "Ihr Konto ist aktiv."),
        ("Ihre Bestellnummer 5512093 ist unterwegs.", "Ihre Bestellung ist unterwegs."),
        # The value a verb parts from its noun goes with the verb; the noun is not said twice.
        ("Ihre Bestellnummer lautet 5512093.", "Ihre Bestellnummer finden Sie in Ihrem Konto."),
        ("Ihre Telefonnummer ist +49 30 12345678, richtig?", "Ihre Telefonnummer finden Sie in Ihrem Konto, richtig?"),
        # The card named before the cue of its last four, or before a relative clause ending in its verb.
        ("Die Kreditkarte mit der Endung 9083 wurde belastet.", "Ihre hinterlegte Karte wurde belastet."),
        ("Wir haben die Karte mit den Endziffern 9083 gesperrt.", "Wir haben Ihre hinterlegte Karte gesperrt."),
        ("Ihre Karte, die auf 9083 endet, ist gesperrt.", "Ihre hinterlegte Karte ist gesperrt."),
        # The parts of one address, found side by side, are replaced at once.
        ("Wir schicken die Karte an Hauptstraße 5, 10115 Berlin.",
         "Wir schicken die Karte an Ihre hinterlegte Anschrift."),
        ("Wir schicken die Karte an:\nHauptstraße 5\n10115 Berlin",
         "Wir schicken die Karte an:\nIhre hinterlegte Anschrift"),
    ],
)
def test_a_fix_in_a_german_reply_takes_the_german_words_around_the_value(text, expected) -> None:
    assert fixed(text) == expected
    assert scan(fixed(text), CTX) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hallo Priya, wir haben Ihre Karte gesperrt.", "Hallo, wir haben Ihre Karte gesperrt."),
        # "Hi zusammen" greets a group; one customer is greeted with the agent's "Hi" alone.
        ("Hi Priya, wir haben Ihre Karte gesperrt.", "Hi, wir haben Ihre Karte gesperrt."),
        ("Guten Tag Herr Meier, wir haben Ihre Karte gesperrt.", "Guten Tag, wir haben Ihre Karte gesperrt."),
        ("Guten Morgen Frau Dr. Schmidt, wir haben Ihre Karte gesperrt.",
         "Guten Morgen, wir haben Ihre Karte gesperrt."),
        # "Liebe" and "Sehr geehrte" need a name after them; without one, the greeting is said another way.
        ("Liebe Frau Schmidt, wir haben Ihre Karte gesperrt.", "Guten Tag, wir haben Ihre Karte gesperrt."),
        ("Lieber Owen, wir haben Ihre Karte gesperrt.", "Guten Tag, wir haben Ihre Karte gesperrt."),
        ("Sehr geehrte Frau Schmidt,\nwir haben Ihre Karte gesperrt.",
         "Sehr geehrte Damen und Herren,\nwir haben Ihre Karte gesperrt."),
        ("Sehr geehrter Herr Meier,\nwir haben Ihre Karte gesperrt.",
         "Sehr geehrte Damen und Herren,\nwir haben Ihre Karte gesperrt."),
        # The author's own name still becomes their alias, greeting and all.
        ("Hallo Alicia, wir haben Ihre Karte gesperrt.", "Hallo Harbor Wren, wir haben Ihre Karte gesperrt."),
    ],
)
def test_a_greeted_name_in_a_german_reply_leaves_a_german_greeting(text, expected) -> None:
    assert fixed(text) == expected
    assert scan(fixed(text), CTX) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hi Priya, we have blocked your card.", "Hi there, we have blocked your card."),
        ("Hello Mrs Schmidt, we have blocked your card.", "Hello there, we have blocked your card."),
        ("Dear Priya, we have blocked your card.", "Hello, we have blocked your card."),
        ("Sorry, my card ending 9083 was charged twice.", "Sorry, the card on your account was charged twice."),
        ("We will call your mobile number +49 30 12345678 later.", "We will call the number on your account later."),
        ("You can ring Owen on 030 98765432.", "You can ring your colleague on their number."),
        ("Order 5512093 is on its way.", "Your order is on its way."),
        ("Your IBAN DE89 3704 0044 0532 0130 00 is correct.", "The bank account on file is correct."),
        ("Your order number is 5512093.", "Your order number is shown in your account."),
        ("We will post it to Hauptstraße 5, 10115 Berlin.", "We will post it to the address on your account."),
    ],
)
def test_an_english_reply_is_fixed_in_english_as_before(text, expected) -> None:
    assert fixed(text) == expected


@pytest.mark.parametrize(
    "text, kept",
    [
        ("You can ring the hotel on 030 98765432 or the hotel 030 98765432.", "the hotel their number."),
        ("The ticket 5512093 is closed.", "The ticket "),
        ("We told the police 5512093 yesterday.", "the police "),
    ],
)
def test_an_english_word_that_ends_like_a_german_cue_stays(text, kept) -> None:
    """German cue nouns are matched inside compounds ("Handynummer"), never the end of an English word."""
    assert kept in fixed(text)
