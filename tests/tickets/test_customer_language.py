"""One service says which language a customer reads (`tickets.customer_language`); a code the site does not
offer means the same to their emails, a reply's one-click fixes and a correction's apology."""
import pytest
from django.utils import translation

from config.locale import customer_locale
from escalation.corrections import ticket_language
from redaction.fixwords import reply_language
from tests.factories import CustomerFactory, MessageFactory, TicketFactory
from tickets.customer_language import customer_language, language_offered

pytestmark = pytest.mark.django_db

ENGLISH = "Hi, we will call you back on +1 415 555 0134 today."
GERMAN = "Ich habe Ihnen schon zweimal geschrieben und bin sehr enttäuscht."


@pytest.mark.parametrize("code, offered", [
    ("de", "de"), ("de-AT", "de"), ("de_at", "de"), (" EN ", "en"), ("xx", ""), ("", ""), (None, ""),
])
def test_a_code_is_taken_as_the_site_language_it_names(code, offered):
    assert language_offered(code) == offered


@pytest.mark.parametrize("choice, language", [
    ("de-AT", "de"), ("de_at", "de"), ("xx", "en"), ("", "en"), (None, "en"),
])
def test_a_customers_choice_the_site_does_not_offer_falls_to_its_base_else_the_sites(choice, language, settings):
    settings.LANGUAGE_CODE = "en"
    assert customer_language(CustomerFactory.build(language=choice or "")) == language
    assert customer_language(None) == "en"


def test_the_text_at_hand_comes_first_and_the_guess_only_when_the_customer_chose_none(settings):
    settings.LANGUAGE_CODE = "en"
    customer = CustomerFactory.build(language="de-AT")
    asked = []
    assert customer_language(customer, first="en", guess=lambda: asked.append(1) or "en") == "en"
    assert customer_language(customer, guess=lambda: asked.append(1) or "en") == "de"
    assert asked == []
    assert customer_language(CustomerFactory.build(language="xx"), first="fr", guess=lambda: "de_DE") == "de"


@pytest.mark.parametrize("choice", ["de-AT", "de_at"])
def test_every_caller_reads_a_regional_choice_as_german(choice, settings):
    settings.LANGUAGE_CODE = "en"
    ticket = TicketFactory(customer=CustomerFactory(language=choice))
    MessageFactory(ticket=ticket, body=ENGLISH)
    assert reply_language("ACC-88213", ticket) == "de"
    assert ticket_language(ticket) == "de"
    with translation.override("en"), customer_locale(ticket.customer):
        assert translation.get_language() == "de"


def test_every_caller_reads_an_unknown_choice_as_if_none_was_made(settings):
    settings.LANGUAGE_CODE = "en"
    ticket = TicketFactory(customer=CustomerFactory(language="xx"))
    MessageFactory(ticket=ticket, body=GERMAN)
    assert reply_language("ACC-88213", ticket) == "en"
    assert ticket_language(ticket) == "de"  # the apology still follows what they write in
    with translation.override("de"), customer_locale(ticket.customer):
        assert translation.get_language() == "en"
