"""The words a one-click fix writes, in the language of the reply they go into.

The scanner writes them in English (`redaction.scanner.fixes.FIX_WORDS`); here they are translated with Django's
catalogue under the reply's language: the one its function words read as (`scanner.language.written_in`), else
the customer's own language (`tickets.customer_language`, the one their emails are written in), else the site's. The
agent's page language plays no part: a German agent may answer an English customer.

German declines: after a preposition that takes the dative ("mit", "bei", "von", "unter" a number ...) a phrase
is taken from the dative entries ("mit der von Ihnen genannten Person", "unter Ihrer hinterlegten
Telefonnummer"); anywhere else, the nominative/accusative ones. The msgids are listed here so that makemessages
finds them; a test keeps both lists and `FIX_WORDS` the same.
"""
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.utils import translation
from django.utils.translation import pgettext, pgettext_lazy

from redaction.scanner.language import written_in
from tickets.customer_language import active_language_base, customer_language
from tickets.models import Ticket

# The contexts are written out in each entry below: makemessages reads only literal ones.
CONTEXT = "one-click fix"
DATIVE = "one-click fix, after a preposition taking the dative"
# German prepositions that take the dative (and "unter", which does before a number or an address); not the
# forms with an article in them ("zum", "beim"), which no phrase with its own article can follow.
_AFTER_DATIVE = re.compile(r"(?<![^\W\d_])(?:mit|bei|von|zu|nach|aus|seit|unter|gegenüber|außer|samt)\s+$", re.I)

WORDS = (
    pgettext_lazy("one-click fix", "the email address on your account"),
    pgettext_lazy("one-click fix", "the number on your account"),
    pgettext_lazy("one-click fix", "the address on your account"),
    pgettext_lazy("one-click fix", "your account"),
    pgettext_lazy("one-click fix", "the card on your account"),
    pgettext_lazy("one-click fix", "your connection"),
    pgettext_lazy("one-click fix", "recently"),
    pgettext_lazy("one-click fix", "your message"),
    pgettext_lazy("one-click fix", "your colleague"),
    pgettext_lazy("one-click fix", "the ID you gave us"),
    pgettext_lazy("one-click fix", "the bank account on file"),
    pgettext_lazy("one-click fix", "their email address"),
    pgettext_lazy("one-click fix", "our support address"),
    pgettext_lazy("one-click fix", "that email address"),
    pgettext_lazy("one-click fix", "their number"),
    pgettext_lazy("one-click fix", "that number"),
    pgettext_lazy("one-click fix", "the card"),
    pgettext_lazy("one-click fix", "that address"),
    pgettext_lazy("one-click fix", "you"),
    pgettext_lazy("one-click fix", "a colleague"),
    pgettext_lazy("one-click fix", "the person you mentioned"),
    pgettext_lazy("one-click fix", "that person"),
    pgettext_lazy("one-click fix", "your order"),
    pgettext_lazy("one-click fix", "your invoice"),
    pgettext_lazy("one-click fix", "your booking"),
    pgettext_lazy("one-click fix", "your plan"),
    pgettext_lazy("one-click fix", "%(greeting)s there"),
    pgettext_lazy("one-click fix", "Hello"),
    pgettext_lazy("one-click fix", "Dear Sir or Madam"),
    pgettext_lazy("one-click fix", "is shown in your account"),
)
WORDS_DATIVE = (
    pgettext_lazy("one-click fix, after a preposition taking the dative", "the email address on your account"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "the number on your account"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "the address on your account"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "your account"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "the card on your account"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "your connection"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "recently"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "your message"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "your colleague"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "the ID you gave us"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "the bank account on file"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "their email address"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "our support address"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "that email address"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "their number"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "that number"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "the card"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "that address"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "you"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "a colleague"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "the person you mentioned"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "that person"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "your order"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "your invoice"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "your booking"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "your plan"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "%(greeting)s there"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "Hello"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "Dear Sir or Madam"),
    pgettext_lazy("one-click fix, after a preposition taking the dative", "is shown in your account"),
)


def reply_language(text: str, ticket: Ticket) -> str:
    """The language of a reply on `ticket`: its words', else its customer's, else the site's."""
    return customer_language(ticket.customer if ticket.customer_id else None, first=written_in(text))


def _translated(phrase: str, before: str) -> str:
    if active_language_base() == "de" and _AFTER_DATIVE.search(before[-40:]):
        return pgettext(DATIVE, phrase)
    return pgettext(CONTEXT, phrase)


@contextmanager
def fix_words(text: str, ticket: Ticket) -> Iterator[Callable[[str, str], str]]:
    """`suggest`'s `words` for a reply of `text` on `ticket`, valid inside the block (the language is active)."""
    with translation.override(reply_language(text, ticket)):
        yield _translated
