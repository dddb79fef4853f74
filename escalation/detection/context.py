"""Where a phrase sits in a message: quoted from an earlier message, inside quotation marks, negated, reported.

Each test looks only at the text around one match, and only once a phrase has matched, so a message with no
trigger (nearly all of them) never pays for this.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

# Earlier messages quoted in a reply: "> " lines, and everything below a reply header or forwarded block.
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_REPLY_HEADER = re.compile(
    r"^[ \t]*(?:On\b[^\n]{0,200}\bwrote:[ \t]*$|-{2,}[ \t]*(?:Original Message|Forwarded message)[ \t]*-{2,}"
    r"|From:[^\n]*\n[ \t]*(?:Sent|Date):)",
    re.MULTILINE | re.IGNORECASE,
)
# A single quote may hold apostrophes inside words ('I'm going to sue you all'): one between two letters is not
# its end. Every kind starts with its mark (an opening ' looks back from after itself at what is before it), so
# the regular-expression engine skips to the next quotation mark instead of trying every position.
_INLINE_QUOTE = re.compile(
    r'"[^"\n]{1,400}"|“[^”\n]{1,400}”|‘(?:[^’\n]|(?<=\w)’(?=\w)){1,400}’'
    r"|'(?<![\w']')(?:[^'\n]|(?<=\w)'(?=\w)){1,400}'(?![\w'])"
)
_SENTENCE_END = re.compile(r"[.!?;:]\s|\n[ \t]*\n|[()\[\]]")

_NEGATORS = frozenset(
    "not never no cannot without nobody nothing dont wont cant didnt doesnt isnt wouldnt shouldnt havent hasnt "
    "aint neither nor".split()
)
# A negative subject contracted with its verb, with or without the apostrophe: "nobody's going to", "nobodys",
# "nothing's". Only these: another negator with an "s" is some other word ("nos 4411", "dos and donts").
_NEGATIVE_SUBJECTS = frozenset(f"{word}{ending}" for word in ("nobody", "nothing") for ending in ("'s", "s"))
_NEGATION_REACH = 4  # the negation and up to three words between it and the phrase
# A negation does not reach past a new subject or clause: "if you don't refund me I will sue" is a threat.
_NEGATION_STOPS = frozenset(
    "i im i'm ill i'll ive i've id i'd we we'll were we're you you'll he she they if and but or then so "
    "because unless until when otherwise else make makes made force let".split()
)
_FIRST_WORD = re.compile(r"[\w'’]+")
_REPORTED = re.compile(
    r"(?<!\w)(?:he|she|they|someone|somebody|people|friend|user|users|customer|customers|guy|neighbou?r|"
    r"colleague|coworker|article|post|tweet|comment|review|video|movie|film|show|book|song|lyrics?|character|game)"
    r"(?!\w)[^.!?\n]{0,40}(?<!\w)(?:said|says|say|saying|told|tells|wrote|writes|joked|jokes|sang|sings|"
    r"claimed|claims)(?!\w)",
    re.IGNORECASE,
)
# A word talked about rather than used: "the word suicide", "terms like 'kill'", "keywords such as threat".
_MENTION = re.compile(
    r"(?<!\w)(?:words?|terms?|phrases?|keywords?|expressions?)(?:\s+(?:like|such as|as))?[\s:]*[\"'“‘]?\s*$",
    re.IGNORECASE,
)
_WINDOW = 200


class MessageContext:
    """Lazily computed facts about one message, shared by every match in it."""

    def __init__(self, text: str):
        self.text = text
        self._earlier: list[tuple[int, int]] | None = None
        self._quotes: list[tuple[int, int]] | None = None

    def earlier_messages(self) -> list[tuple[int, int]]:
        """Where earlier messages are quoted: sorted, not overlapping; empty for most messages."""
        if self._earlier is None:
            regions = [m.span() for m in _QUOTED_LINE.finditer(self.text)]
            header = _REPLY_HEADER.search(self.text)
            if header:
                regions.append((header.start(), len(self.text)))
            self._earlier = spans_merge(regions)
        return self._earlier

    def in_earlier_message(self, start: int) -> bool:
        return _inside(self.earlier_messages(), start)

    def in_quotation_marks(self, start: int) -> bool:
        if self._quotes is None:
            self._quotes = [m.span() for m in _INLINE_QUOTE.finditer(self.text)]
        return _inside(self._quotes, start)

    def sentence_before(self, start: int) -> str:
        window = self.text[max(0, start - _WINDOW):start]
        ends = list(_SENTENCE_END.finditer(window))
        return window[ends[-1].end():] if ends else window

    def negated(self, start: int) -> bool:
        first = _FIRST_WORD.match(self.text, start)
        if first and first.group(0).lower().replace("’", "'") in _NEGATION_STOPS:
            return False  # the phrase opens its own clause ("... isn't here by Monday I will ...")
        words = _FIRST_WORD.findall(self.sentence_before(start)[-80:].lower().replace("’", "'"))
        for word in reversed(words[-_NEGATION_REACH:]):  # the nearest negation, unless a new clause begins
            if word in _NEGATORS or word.endswith("n't") or word in _NEGATIVE_SUBJECTS:
                return True
            if word in _NEGATION_STOPS:
                return False
        return False

    def mentioned(self, start: int) -> bool:
        return _MENTION.search(self.text, max(0, start - 40), start) is not None

    def reported(self, start: int) -> bool:
        return _REPORTED.search(self.sentence_before(start)) is not None


def spans_merge(regions: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, with overlapping or touching spans joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(regions: list[tuple[int, int]], position: int) -> bool:
    index = bisect_right(regions, (position, float("inf"))) - 1
    return index >= 0 and regions[index][0] <= position < regions[index][1]
