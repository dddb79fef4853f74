"""Which language a reply is written in, as far as its function words tell: the German desks write German
replies, and a one-click fix must not put English words into them.

The words are the scanner's own lists of filler (`quotes.FILLER` for English, `paraphrase.GERMAN_FILLER`), each
without the words the other shares; a reply is read as the language more of its words belong to.
"""

from __future__ import annotations

from .normalize import tokenize
from .paraphrase import GERMAN_FILLER
from .quotes import FILLER

_GERMAN = GERMAN_FILLER - FILLER
_ENGLISH = FILLER - GERMAN_FILLER


def written_in(text: str) -> str | None:
    """"de" or "en" by the text's function words, None when they do not tell (none, or as many of each)."""
    german = english = 0
    for word in tokenize(text).words:
        german += word in _GERMAN
        english += word in _ENGLISH
    if german == english:
        return None
    return "de" if german > english else "en"
