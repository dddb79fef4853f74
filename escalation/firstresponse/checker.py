"""Check one public reply draft against the first-response formula.

A first public response that works shows empathy, asks for what is needed (on a public channel: in the thread only
what is not private, and an order number or contact details in private), and commits to a review without promising
an outcome. Any reply, first or not, is warned when it
promises a specific outcome or argues with or blames the customer. The checker only reads text: the composer
shows its warnings beside the gate's findings and never blocks a Send.

Spans are Python character offsets into the text. A warning that something is missing has the span (0, 0):
there is no place in the draft to point at.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import ReplyModel
from .patterns import Group, Patterns, default_patterns

CODES = ("missing_empathy", "missing_info_request", "missing_commitment", "promises_outcome", "blames_customer")
# Channels whose replies the public reads: the generic names, and social networks and forums by name.
PUBLIC_CHANNELS = frozenset(
    "social forum community twitter x facebook instagram threads tiktok linkedin reddit youtube mastodon "
    "bluesky".split()
)
MAX_CHARS = 20_000  # a reply longer than this is checked on its first MAX_CHARS characters


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogue (makemessages extracts this name) without importing Django: the checker
    runs without settings (bench/, lint_replies' JSON stays English); the composer translates on display."""
    return message


MESSAGES = {
    "missing_empathy": gettext_noop(
        "Show the customer you understand: acknowledge how this affects them, or apologise."
    ),
    "missing_info_request": gettext_noop(
        "Ask for the information you need to look into it (an order number, a screenshot ...)."
    ),
    "missing_info_request_public": gettext_noop(
        "Ask for the information you need to look into it: in a public thread only what is not private (what "
        "happened, when, which app version or branch); for an order number or contact details, ask them to "
        "continue in private (a direct message or email)."
    ),
    "private_detail_in_public": gettext_noop(
        "This asks for private details (an order or account number, an email address, a phone number, a card) "
        "in a public thread: ask them to continue in private (a direct message or email) and to send those there."
    ),
    "missing_commitment": gettext_noop(
        "Say what happens next: that you will look into it or review it, without promising the result."
    ),
    "promises_outcome": gettext_noop(
        "This promises a specific outcome before anything has been reviewed. Commit to the review instead "
        '("we\'ll look into it").'
    ),
    "blames_customer": gettext_noop("This argues with or blames the customer. Say what happens next instead."),
}
# A model warning: the message of its code, then the words the model weighed most.
MODEL_MESSAGE = gettext_noop("%(message)s (Learned model; it weighed: %(words)s.)")


def model_message(code: str, words: Iterable[str], translate: Callable[[str], str] = gettext_noop) -> str:
    """A model warning's text: the message of its code, then the words the model weighed most. In English as
    `lint_replies` writes it; a page passes `gettext`."""
    return translate(MODEL_MESSAGE) % {"message": translate(MESSAGES[code]), "words": ", ".join(words)}


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n|\n(?=\s*[-*•])")
_CLAUSE_BREAK = re.compile(r"[,;:—–()]|\s-\s|\b(?:but|and|though|although|however|so)\b", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"\n]{1,300}"|“[^”\n]{1,300}”|«[^»\n]{1,300}»')
# A draft that is one quotation, after at most a short label ("Agent:", "Script:", "Call opening:"), is the agent's
# own words to say (a phone script), not the customer's quoted back: its quotation marks hide nothing.
_SCRIPT_LABEL = re.compile(r"\s*(?:[^\W\d_][\w'-]*(?:\s+[\w'-]+){0,3}\s*:)?\s*")
_MATCHED = (("promises_outcome", "promise"), ("blames_customer", "blame"))  # codes with a span, and their class
_NEGATION_WINDOW = 4  # words before a match in its clause where a negation cancels it


@dataclass(frozen=True)
class ReplyWarning:
    code: str
    start: int
    end: int
    message: str
    source: str = "patterns"  # or "model": the learned stage found it
    words: tuple[str, ...] = ()  # a model warning's heaviest words, its explanation

    def as_dict(self) -> dict:
        """What `lint_replies` writes for it: code, span and message (the interface outside tools read)."""
        return {"code": self.code, "start": self.start, "end": self.end, "message": self.message}


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    """The sentence around `at`: from the end of the last sentence end before it (read as if the text stopped at
    `at`) to the end of the next one. `_Sentences` answers the same, without re-reading the text each time."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, at):
        start = m.end()
    nxt = _SENTENCE_END.search(text, at)
    return start, (nxt.end() if nxt else len(text))


class _Sentences:
    """`_sentence_bounds` for many offsets into one text, in time linear in the text, not in offsets x text.

    The text's sentence ends are found once. Read only up to `at`, the scan differs from the whole text's only in
    attempts that look at `at` or beyond: an attempt at y looks no further than the first non-space after y (the
    ends are a stop before a space or the end, or newlines and spaces), so attempts before the run of spaces
    that ends at `at`, less one character, are the whole scan's; only that short tail is read again."""

    def __init__(self, text: str):
        self.text = text
        self.spans = [m.span() for m in _SENTENCE_END.finditer(text)]
        self.starts = [s for s, _ in self.spans]

    def bounds(self, at: int) -> tuple[int, int]:
        text, spans = self.text, self.spans
        tail = at
        while tail > 0 and text[tail - 1].isspace():
            tail -= 1
        tail = max(tail - 1, 0)  # attempts from here on may read `at`
        before = bisect_left(self.starts, tail)  # the whole scan's ends starting before the tail
        start = spans[before - 1][1] if before else 0
        for m in _SENTENCE_END.finditer(text, max(tail, start), at):
            start = m.end()
        following = bisect_left(self.starts, at)
        if following and spans[following - 1][1] > at:  # `at` inside an end: search as the original does
            nxt = _SENTENCE_END.search(text, at)
            return start, (nxt.end() if nxt else len(text))
        return start, (spans[following][1] if following < len(spans) else len(text))


_BREAK_REACH = 10  # an attempt of `_CLAUSE_BREAK` at y reads no further than y + 9 ("although" and a boundary)


def _clause_start(sentence: str, breaks: list[tuple[int, int]], starts: list[int], at: int) -> int:
    """Where the clause holding `at` starts in `sentence`: the end of the last `_CLAUSE_BREAK` in
    `sentence[:at]`. `breaks` (and their `starts`) are the whole sentence's; they agree with `sentence[:at]`'s
    for attempts that read nothing at `at` or beyond, so only the last few characters are read again."""
    tail = max(at - _BREAK_REACH, 0)
    before = bisect_left(starts, tail)
    start = breaks[before - 1][1] if before else 0
    for m in _CLAUSE_BREAK.finditer(sentence, max(tail, start), at):
        start = m.end()
    return start


def _negated_clause(clause: str, patterns: Patterns) -> bool:
    if patterns.harmless_negation is not None:
        clause = patterns.harmless_negation.sub(" ", clause)
    words = clause.split()[-_NEGATION_WINDOW:]
    return bool(words) and bool(patterns.negation.search(" ".join(words)))


class _Reader:
    """One draft, read once: where its quotations and sentences are, which matches of a class count.

    What a match's test reads about its sentence and clause is kept per sentence, so a long draft with many
    matches (a 20,000-character sentence of promises) costs time linear in its length, with the same answers."""

    def __init__(self, text: str, patterns: Patterns):
        self.text = text[:MAX_CHARS].replace("’", "'").replace("‘", "'")
        self.patterns = patterns
        self._content_end = len(self.text.rstrip())  # text[end:] is all spaces from here on
        self.quoted = [m.span() for m in _QUOTED.finditer(self.text) if not self._script(*m.span())]
        courtesy = patterns.courtesy
        self.courtesy = [m.span() for m in courtesy.finditer(self.text)] if courtesy is not None else []
        self._quoted_starts = [q0 for q0, _ in self.quoted]
        self._courtesy_starts = [c0 for c0, _ in self.courtesy]
        self._sentences = _Sentences(self.text)
        self._bounds: dict[int, tuple[int, int]] = {}
        self._breaks: dict[tuple[int, int], tuple[list[tuple[int, int]], list[int]]] = {}
        self._promise_sentences: dict[tuple[int, int, bool], bool] = {}
        self._unless: dict[tuple[int, int], tuple[int, int | None]] = {}

    def _script(self, start: int, end: int) -> bool:
        """Whether the quotation at start..end is the whole draft but a short label: a script of the agent's."""
        return end >= self._content_end and _SCRIPT_LABEL.fullmatch(self.text, 0, start) is not None

    def _inside_quote(self, start: int, end: int) -> bool:
        # Quotations do not overlap and come in text order: only the last one starting at or before `start` can
        # hold the match.
        index = bisect_right(self._quoted_starts, start)
        return bool(index) and end <= self.quoted[index - 1][1]

    def _courtesy(self, start: int, end: int) -> bool:
        """Whether a request's words are an offer of more help or thanks for having told us ("let us know if you
        have any questions", "anything else I can help with?"): they ask for nothing the case needs."""
        start += len(self.text[start:end]) - len(self.text[start:end].lstrip())
        index = bisect_right(self._courtesy_starts, start)  # as for quotations: in order, not overlapping
        return bool(index) and end <= self.courtesy[index - 1][1]

    def _sentence_bounds(self, at: int) -> tuple[int, int]:
        if at not in self._bounds:
            self._bounds[at] = self._sentences.bounds(at)
        return self._bounds[at]

    def _negated(self, start: int, s0: int, s1: int) -> bool:
        """Whether the match at `start` is negated, its clause found from the sentence's breaks read once."""
        sentence = self.text[s0:s1]
        if (s0, s1) not in self._breaks:
            breaks = [m.span() for m in _CLAUSE_BREAK.finditer(sentence)]
            self._breaks[(s0, s1)] = breaks, [b0 for b0, _ in breaks]
        breaks, starts = self._breaks[(s0, s1)]
        clause = sentence[_clause_start(sentence, breaks, starts, start - s0) : start - s0]
        return _negated_clause(clause, self.patterns)

    def _hedged_sentence(self, s0: int, s1: int, hedged: bool) -> bool:
        """Whether a promise in the sentence s0..s1 is read as a question, a condition or a hope."""
        key = (s0, s1, hedged)
        if key not in self._promise_sentences:
            sentence = self.text[s0:s1]
            if self.patterns.harmless_condition is not None:
                sentence = self.patterns.harmless_condition.sub(" ", sentence)
            hedge = self.patterns.condition if hedged else self.patterns.hedge
            self._promise_sentences[key] = sentence.rstrip().endswith("?") or (
                hedge is not None and bool(hedge.search(sentence))
            )
        return self._promise_sentences[key]

    def _followed_by(self, group: Group, end: int, s1: int) -> bool:
        """`group.unless_followed_by.search(text, end, s1)`, remembering the last answer for the sentence: a match
        found at m0 answers every later query from at most m0, and none found from e answers every query from
        e on, so matches read in text order cost one pass over the sentence."""
        regex = group.unless_followed_by
        assert regex is not None
        key = (id(group), s1)
        if key in self._unless:
            asked, found = self._unless[key]
            if found is not None and end <= found:
                return True
            if found is None and end >= asked:
                return False
        match = regex.search(self.text, end, s1)
        self._unless[key] = (end, match.start() if match else None)
        return match is not None

    def _counts(self, group: Group, match: re.Match[str]) -> bool:
        start, end = match.span()
        if self._inside_quote(start, end):
            return False
        s0, s1 = self._sentence_bounds(start)
        if self._negated(start, s0, s1):
            return False
        if group.cls == "info_request" and self._courtesy(start, end):
            return False
        if group.cls == "promise":
            if self._hedged_sentence(s0, s1, group.hedged):
                return False
            if group.unless_followed_by and self._followed_by(group, end, s1):
                return False
        return True

    def matches(self, cls: str) -> list[tuple[int, int]]:
        spans = []
        for group in self.patterns.of(cls):
            for match in group.regex.finditer(self.text):
                if match.end() > match.start() and self._counts(group, match):
                    spans.append(match.span())
        return _merged(spans)

    def exonerates(self) -> bool:
        """Whether the draft tells the customer the trouble is not on them (the `exonerating` cue), outside
        quotation marks: the blame head's near misses read its words (a record, a rule, "you") as blame."""
        cue = self.patterns.exonerating
        return cue is not None and any(not self._inside_quote(*m.span()) for m in cue.finditer(self.text))

    def has(self, cls: str) -> bool:
        """Whether any match of the class counts: stops at the first, as the missing-X codes need no spans."""
        return any(
            match.end() > match.start() and self._counts(group, match)
            for group in self.patterns.of(cls)
            for match in group.regex.finditer(self.text)
        )


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def check(
    text: str,
    *,
    channel: str = "",
    first_response: bool = True,
    public: bool | None = None,
    patterns: Patterns | None = None,
    model: ReplyModel | None = None,
) -> list[ReplyWarning]:
    """Warnings for one reply draft, missing-X first (span 0,0), then the rest in text order. A draft warned for
    promising an outcome is not also warned for a missing commitment.

    `public`: whether the reply is read by the public; when left out, the channel says (`PUBLIC_CHANNELS`). A public
    reply's request counts when it moves the conversation private or asks in the thread for nothing private
    (the `private_detail` class: an order or account number, contact details, a card, a date of birth).
    With a `model` (the learned stage, `model.py`), a code of the model's (a promise, blame) the patterns did not
    find is warned when the model's probability reaches its threshold, pointing at the words that weighed most
    (within one sentence), with `source="model"`; where the patterns find one, theirs is the explanation.
    """
    reader = _Reader(text, patterns or default_patterns())
    warnings: list[ReplyWarning] = []
    if first_response and reader.text.strip():
        if not reader.has("empathy"):
            warnings.append(ReplyWarning("missing_empathy", 0, 0, MESSAGES["missing_empathy"]))
        if public is None:
            public = channel.strip().lower() in PUBLIC_CHANNELS
        if not reader.has("info_request"):
            key = "missing_info_request_public" if public else "missing_info_request"
            warnings.append(ReplyWarning("missing_info_request", 0, 0, MESSAGES[key]))
        elif public and not reader.has("private_channel") and reader.has("private_detail"):
            # In the thread, a public reply may ask only for what is not private (what happened, when, which app
            # version or branch); an order number or an email address there wants the conversation in private.
            warnings.append(ReplyWarning("missing_info_request", 0, 0, MESSAGES["private_detail_in_public"]))
        if not reader.has("commitment"):
            warnings.append(ReplyWarning("missing_commitment", 0, 0, MESSAGES["missing_commitment"]))
    found = [ReplyWarning(code, *span, MESSAGES[code]) for code, cls in _MATCHED for span in reader.matches(cls)]
    if model is not None and reader.text.strip():
        for hit in model.predict(reader.text, skip={w.code for w in found}):
            if all(reader._inside_quote(*span) for span in hit.spans):
                continue  # the customer's own words quoted back, as for the patterns
            if hit.category == "blames_customer" and reader.exonerates():
                continue  # "it's not your fault", "you're not alone": the head's near misses, not blame
            start, end = _model_span(reader.text, hit.spans)
            message = model_message(hit.category, hit.triggers)
            found.append(ReplyWarning(hit.category, start, end, message, source="model", words=hit.triggers))
    if any(w.code == "promises_outcome" for w in found):
        # A promise says what happens next, wrongly: its warning already asks for a commitment to the review
        # instead, so the draft is not warned twice for one flaw (docs/first-response.md, the convention).
        warnings = [w for w in warnings if w.code != "missing_commitment"]
    return warnings + sorted(found, key=lambda w: (w.start, w.end))


def _model_span(text: str, spans: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """Where a model warning points: in the sentence holding most of the model's heaviest words (the first
    such on a tie), from the first of them to the last."""
    by_sentence: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for span in spans:
        by_sentence.setdefault(_sentence_bounds(text, span[0]), []).append(span)
    chosen = max(by_sentence.values(), key=len)
    return chosen[0][0], chosen[-1][1]


def asks_for_information(text: str, *, patterns: Patterns | None = None) -> bool:
    """Whether a reply asks the customer for information (the checker's `info_request` class, outside quotes
    and negations): a published reply that does starts the wait for the customer's details."""
    return _Reader(text, patterns or default_patterns()).has("info_request")
