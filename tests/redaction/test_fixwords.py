"""The one-click fix writes its words in the reply's language (`redaction.fixwords`): a German reply gets German
words, whatever language the agent's pages are in."""
import pytest
from django.utils import translation

from redaction.fixwords import WORDS, WORDS_DATIVE, fix_words, reply_language
from redaction.scanner import Finding
from redaction.scanner.fixes import FIX_WORDS, suggest
from redaction.scanner.names import NAMED_IN_A_MESSAGE
from tests.factories import CustomerFactory, TicketFactory
from tickets.models import Customer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("words", [WORDS, WORDS_DATIVE])
def test_every_phrase_a_fix_writes_is_in_the_catalogue_with_a_german_translation(words):
    with translation.override("en"):
        assert {str(word) for word in words} == FIX_WORDS
    with translation.override("de"):
        german = {str(word) for word in words}
    assert len(german) == len(FIX_WORDS) and not german & FIX_WORDS


@pytest.mark.parametrize("text, language", [
    ("Hallo, wir rufen Sie heute unter +1 415 555 0134 zurück.", "de"),
    ("Hi, we will call you back on +1 415 555 0134 today.", "en"),
    ("ACC-88213", "de"),  # no function words: the customer's language
])
def test_the_reply_language_is_its_words_else_the_customers(text, language):
    ticket = TicketFactory(customer=CustomerFactory(language="de-AT"))
    assert reply_language(text, ticket) == language


def test_a_reply_without_telling_words_to_a_customer_without_a_language_is_in_the_sites(settings):
    settings.LANGUAGE_CODE = "de"
    assert reply_language("ACC-88213", TicketFactory(customer=CustomerFactory(language=""))) == "de"


def test_a_person_named_in_a_private_message_is_named_in_german_in_a_german_reply():
    """In the case the preposition before it asks for ("mit" takes the dative); in English, as ever."""
    text = "Wir haben mit Ingrid gesprochen, sie ist einverstanden."
    finding = Finding(14, 20, "person", "context", NAMED_IN_A_MESSAGE, "unknown")
    ticket = TicketFactory(customer=CustomerFactory(language=""))
    with translation.override("en"), fix_words(text, ticket) as words:
        fix = suggest(text, finding, words=words)
    assert fix is not None
    assert fix.apply(text) == "Wir haben mit der von Ihnen genannten Person gesprochen, sie ist einverstanden."
    assert translation.get_language() == "en"  # the reply's language is active only for the fix
    english = "We spoke to Ingrid, she agrees."
    with fix_words(english, ticket) as words:
        fix = suggest(english, Finding(12, 18, "person", "context", NAMED_IN_A_MESSAGE, "unknown"), words=words)
    assert fix is not None and fix.apply(english) == "We spoke to the person you mentioned, she agrees."
    assert Customer.objects.count() == 1
