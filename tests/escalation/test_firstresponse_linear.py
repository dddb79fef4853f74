"""The checker's linear reading of a long draft (sentence ends and clause breaks read once, per-sentence answers
kept) gives the warnings the direct reading gives: each match's sentence, clause, hedges and following words
read again from the text, as the reference reader below does."""

import random
import re

import pytest

from escalation.firstresponse import check, checker, default_patterns
from escalation.firstresponse.checker import (
    _CLAUSE_BREAK,
    _negated_clause,
    _Reader,
    _sentence_bounds,
    _Sentences,
)


def _negated(text: str, start: int, sentence_start: int, patterns) -> bool:
    """Whether the match at `start` is negated, its clause read straight from the text."""
    before = text[sentence_start:start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    return _negated_clause(clause, patterns)


class _DirectReader(_Reader):
    """Every match's tests read straight from the text, with no kept answers."""

    def _inside_quote(self, start: int, end: int) -> bool:
        return any(q0 <= start and end <= q1 for q0, q1 in self.quoted)

    def _courtesy(self, start: int, end: int) -> bool:
        start += len(self.text[start:end]) - len(self.text[start:end].lstrip())
        return any(c0 <= start and end <= c1 for c0, c1 in self.courtesy)

    def _counts(self, group, match: re.Match[str]) -> bool:
        start, end = match.span()
        if self._inside_quote(start, end):
            return False
        s0, s1 = _sentence_bounds(self.text, start)
        if _negated(self.text, start, s0, self.patterns):
            return False
        if group.cls == "info_request" and self._courtesy(start, end):
            return False
        if group.cls == "promise":
            sentence = self.text[s0:s1]
            if self.patterns.harmless_condition is not None:
                sentence = self.patterns.harmless_condition.sub(" ", sentence)
            hedge = self.patterns.condition if group.hedged else self.patterns.hedge
            if sentence.rstrip().endswith("?") or (hedge is not None and hedge.search(sentence)):
                return False
            if group.unless_followed_by and group.unless_followed_by.search(self.text, end, s1):
                return False
        return True


PIECES = [
    "We will refund you", " and ", "we'll look into it", ".", "?", "!", " ", "  ", "\n", "\n\n", "\n - ", "\n  \n",
    "• ", '"', "“we will refund you”", ",", ";", " - ", "but ", "although", "however ", "don't worry, ", "not ",
    "can't ", "if you could send the order number", "once we have it", "maybe", "Sorry", "I'm sorry.",
    "you should have read the terms", "Could you send your order number?", "DM us", "let us know if you have any "
    "questions", "your refund will be processed", "Agent: ", "...", "?!", "alsо", "so", "sorry? ", "\t",
]


def _drafts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(PIECES, k=rng.randint(1, 60))) for _ in range(count)]


def test_sentence_bounds_read_once_match_the_direct_reading_at_every_offset():
    texts = _drafts(40, 1) + ["a." * 50, "?" * 30, " " * 20 + ".", "\n \n \n- x", "x.\n\n  \n  - y. z!"]
    for text in texts:
        sentences = _Sentences(text)
        for at in range(len(text) + 1):
            assert sentences.bounds(at) == _sentence_bounds(text, at), (text, at)


def test_clause_starts_read_once_match_the_direct_reading_at_every_offset():
    for sentence in _drafts(40, 2) + ["although" * 5, "so, but - and;although x"]:
        breaks = [m.span() for m in _CLAUSE_BREAK.finditer(sentence)]
        starts = [b0 for b0, _ in breaks]
        for at in range(len(sentence) + 1):
            direct = [m.end() for m in _CLAUSE_BREAK.finditer(sentence[:at])]
            assert checker._clause_start(sentence, breaks, starts, at) == (direct[-1] if direct else 0)


@pytest.mark.parametrize("channel", ["email", "twitter"])
def test_warnings_match_the_direct_reading_on_tricky_drafts(channel, monkeypatch):
    texts = _drafts(150, 3) + [
        "we will refund you and " * 40,  # one long sentence of promises
        "We can't refund you. " * 30,
        '"we will refund you" ' * 30,
        "Agent: “we will refund you”  ",
        "why? " * 50,
        "I'm sorry. " + "we will replace it " * 20 + "if possible",
    ]
    fast = [check(text, channel=channel) for text in texts]
    monkeypatch.setattr(checker, "_Reader", _DirectReader)
    direct = [check(text, channel=channel) for text in texts]
    assert fast == direct
    assert any(w.code == "promises_outcome" for warnings in fast for w in warnings)  # the promise path was read
    assert any(len(warnings) < 3 for warnings in fast)  # and drafts with a part present


def test_a_long_sentence_of_promises_is_warned_at_each_promise():
    text = "we will refund you and " * 100
    spans = [(w.start, w.end) for w in check(text, patterns=default_patterns()) if w.code == "promises_outcome"]
    assert len(spans) >= 100
    assert spans[0][0] == 0
