"""The model's reading and scoring are shortcuts of a plain reference (each n-gram built and looked up as it
comes): the same n-grams in the same order with the same offsets, and the same probabilities to the last
bit, so training and classification are what they were."""

import json
import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from escalation.detection import default_model
from escalation.detection.context import _NEGATORS, MessageContext
from escalation.detection.model import (
    _CLAUSE_BREAK,
    _SENTENCE_BREAK,
    _TOKEN,
    CHAR_N,
    NEGATION_REACH,
    SENTENCE_WORDS,
    Reading,
    UrgencyModel,
    read,
)
from escalation.detection.phrases import lowered

MODEL = default_model()
PIECES = st.sampled_from(
    [
        *"abcxyz 0123456789 \t\n.,;:!?'’-_>\"()", "I", "don't", "won’t", "not", "never", "no", "kill", "myself",
        "sue", "you", "I'm", "O'Neil", "ÉCOLE", "İstanbul", "ß", "42", "1,500", "...", "  ", ".\n", "\n> ",
        "On Monday, Sam wrote:\n", "-- Original Message --", "want to die", "going to the press", "😂",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=60).map("".join) | st.text(max_size=300)


def reference_read(text: str, *, sentences: bool = True) -> Reading:
    """Every n-gram built as a string as each word comes, and looked up one by one."""
    lower = lowered(text)
    context = MessageContext(text) if (">" in text or ":" in text or "--" in text) else None
    found: dict[str, tuple[int, int]] = {}
    parts: list[list[str]] = []
    sentence: list[str] = []
    words = 0
    previous: tuple[str, int] | None = None
    last_end = 0
    negated = 0
    for match in _TOKEN.finditer(lower):
        start, end = match.span()
        if context is not None and context.in_earlier_message(start):
            previous = None
            continue
        word = match.group().replace("'", "").replace("’", "")
        if word.isdigit():
            word = "0"
        if sentences:
            gap = lower[last_end:start]
            if _CLAUSE_BREAK.search(gap):
                negated = 0
                if _SENTENCE_BREAK.search(gap):
                    previous = None
                    if words >= SENTENCE_WORDS:
                        parts.append(sentence)
                    sentence, words = [], 0
            last_end = end
        grams = [("n:" if negated else "w:") + word]
        if previous is not None:
            grams.append(f"b:{previous[0]} {word}")
        padded = f"<{word}>"
        grams.extend(["c:" + padded[i : i + CHAR_N] for i in range(max(1, len(padded) - CHAR_N + 1))])
        for gram in grams:
            if gram not in found:
                found[gram] = (previous[1], end) if gram[0] == "b" and previous is not None else (start, end)
        if sentences:
            sentence.extend(grams)
            words += 1
            negated = NEGATION_REACH if word in _NEGATORS else max(0, negated - 1)
        previous = (word, start)
    if words >= SENTENCE_WORDS:
        parts.append(sentence)
    return Reading(found, tuple(tuple(part) for part in parts) if len(parts) > 1 else ())


def reference_probabilities(model: UrgencyModel, reading: Reading) -> list[float]:
    """Each part's columns looked up, then each category's weights summed in the part's order."""
    by_column = list(zip(*model.weights, strict=True))
    best: list[float] = []
    for part in (reading.found, *reading.sentences):
        columns = [model.vocabulary[gram] for gram in part if gram in model.vocabulary]
        z = list(model.bias)
        if columns:
            scale = 1.0 / math.sqrt(len(part))
            sums = [sum(by_column[c][k] for c in columns) for k in range(len(z))]
            z = [b + scale * total for b, total in zip(z, sums, strict=True)]
        best = [max(a, b) for a, b in zip(best, z, strict=True)] if best else z
    return [1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x)))) for x in best]


def _same_reading(text: str, *, sentences: bool) -> None:
    fast, slow = read(text, sentences=sentences), reference_read(text, sentences=sentences)
    assert list(fast.found.items()) == list(slow.found.items())  # the order is the order training sees
    assert fast.sentences == slow.sentences


@given(TEXTS, st.booleans())
@settings(max_examples=500, deadline=None)
def test_reading_is_the_reference_reading(text, sentences):
    _same_reading(text, sentences=sentences)


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_probabilities_are_the_reference_probabilities_exactly(text):
    reading = reference_read(text)
    if reading.found:
        assert MODEL.probabilities(reading.found, reading.sentences) == reference_probabilities(MODEL, reading)


def test_on_the_tuned_on_corpus_reading_and_scoring_are_the_reference():
    path = Path(__file__).resolve().parents[2] / "bench" / "data" / "urgency_corpus.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        _same_reading(text, sentences=True)
        _same_reading(text, sentences=False)
        reading = reference_read(text)
        assert MODEL.score(text).probabilities == reference_probabilities(MODEL, reading), text
