"""Which language a reply is written in, as far as its function words tell: the German desks write German
replies, and a one-click fix must not put English words into them.

The words are the scanner's own lists of filler (`quotes.FILLER` for English, `GERMAN_FILLER` below), each
without the words the other shares; a text is read as the language more of its words belong to. The paraphrase
detector reads its German facts and replies by the same count, so this module sits below it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .normalize import tokenize
from .quotes import FILLER

# German function words (canonical: lower case, accents stripped): on the German desks they are in every
# sentence, so a reply sharing three of them with a fact ("die", "nicht", "wir") restates nothing.
GERMAN_FILLER = frozenset(
    """der die das den dem des ein eine einen einem einer eines und oder aber nicht kein keine keinen ist sind
    war waren wird werden wurde wurden hat haben hatte hatten bin bist sein seine ihr ihre ihrem ihren ihrer
    ihnen sie wir ich mich mir uns unser unsere euch auf aus bei beim mit nach von vom zum zur fur uber unter
    vor durch gegen ohne als auch noch schon nur sehr wie wenn dass damit dann denn doch hier dort diese dieser
    dieses diesem diesen man kann konnen muss mussen soll sollen will wollen bitte danke gern gerne
    sondern weil seit bis obwohl wahrend sowie sowohl etwas mehr sich ihm ihn wer wann warum jetzt bereits wieder
    immer alle allen alles aller jede jeder jedes jeden jedem andere anderen welche welcher welches einige mein
    meinem meinen meines habe hast sei zwischen wegen trotz statt dafur dazu davon dabei darum daher deshalb
    deswegen nun""".split()
)
_GERMAN = GERMAN_FILLER - FILLER
_ENGLISH = FILLER - GERMAN_FILLER


def language_of(words: Sequence[str]) -> str | None:
    """"de" or "en" by a text's canonical words (`Tokens.words`), None when its function words do not tell (none,
    or as many of each)."""
    if _GERMAN.isdisjoint(words):  # most replies: no German function word, nothing to count
        return None if _ENGLISH.isdisjoint(words) else "en"
    german = sum(word in _GERMAN for word in words)
    english = sum(word in _ENGLISH for word in words)
    if german == english:
        return None
    return "de" if german > english else "en"


def written_in(text: str) -> str | None:
    """"de" or "en" by the text's function words, None when they do not tell (none, or as many of each)."""
    return language_of(tokenize(text).words)
