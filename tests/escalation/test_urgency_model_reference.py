"""The model's reading, scoring and explaining are shortcuts of a plain reference (each n-gram built and looked
up as it comes): the same n-grams in the same order with the same offsets, the same probabilities to the last
bit, and the same words named, so training and classification are what they were."""

import heapq
import json
import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from escalation.detection import default_model
from escalation.detection.context import _NEGATORS, MessageContext, spans_merge
from escalation.detection.model import (
    _CLAUSE_BREAK,
    _SENTENCE_BREAK,
    _TOKEN,
    CHAR_N,
    EXPLAIN_TOP,
    NEGATION_REACH,
    SENTENCE_WORDS,
    WEIGHTS,
    Reading,
    UrgencyModel,
    _Words,
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


def _same_score(text: str) -> None:
    """`score` reads and scores in one pass: what it keeps is the reference reading, scored as the reference."""
    scored, reading = MODEL.score(text), reference_read(text)
    assert list(scored.found.items()) == list(reading.found.items())
    assert scored.sentences == len(reading.sentences)
    expected = reference_probabilities(MODEL, reading) if reading.found else [0.0] * len(MODEL.categories)
    assert scored.probabilities == expected, text


@given(TEXTS)
@settings(max_examples=500, deadline=None)
def test_scoring_in_one_pass_is_the_reference_reading_scored_exactly(text):
    _same_score(text)


def test_on_the_tuned_on_corpus_reading_and_scoring_are_the_reference():
    path = Path(__file__).resolve().parents[2] / "bench" / "data" / "urgency_corpus.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        _same_reading(text, sentences=True)
        _same_reading(text, sentences=False)
        _same_score(text)


def test_the_weights_file_is_read_to_the_same_numbers_in_fewer_objects():
    """Each number as written is one float object shared by every weight spelt so, the values unchanged."""
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    written = [list(map(float.hex, column)) for column in zip(*data["weights"].values(), strict=True)]
    assert [list(map(float.hex, column)) for column in MODEL.weights] == written  # to the bit, and -0.0 too
    floats = {id(w) for column in MODEL.weights for w in column}
    assert len(floats) < sum(map(len, MODEL.weights)) / 50


def reference_explain(model: UrgencyModel, text: str, found: dict, index: int) -> tuple:
    """Each n-gram's weight read from its column, and each pair's two words found by reading its span again."""
    weights = model.weights[index]
    by_word: dict[tuple[int, int], float] = {}
    for feature, span in found.items():
        column = model.vocabulary.get(feature)
        if column is None:
            continue
        if feature.startswith("b:"):
            parts = list(_TOKEN.finditer(text, span[0], span[1]))
            for part in (parts[0], parts[-1]) if parts else ():
                by_word[part.span()] = by_word.get(part.span(), 0.0) + weights[column] / 2
        else:
            by_word[span] = by_word.get(span, 0.0) + weights[column]
    top = heapq.nlargest(EXPLAIN_TOP, ((w, span) for span, w in by_word.items() if w > 0))
    spans = spans_merge(span for _, span in top)
    return tuple(spans), tuple(dict.fromkeys(" ".join(text[s:e].split()) for s, e in spans))


def _same_explanation(text: str) -> None:
    """From `found`, and from the rows each word added as it was scored (`Scored.trail`, what `predict` uses)."""
    scored = MODEL.score(text)
    for index, category in enumerate(MODEL.categories):
        expected = reference_explain(MODEL, text, scored.found, index)
        hit = MODEL._explain(text, scored.found, index, category, scored.probabilities[index])
        assert (hit.spans, hit.triggers) == expected, (text, category)
        hit = MODEL._explain(text, scored.found, index, category, scored.probabilities[index], trail=scored.trail)
        assert (hit.spans, hit.triggers) == expected, (text, category)


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_the_explanation_is_the_reference_explanation(text):
    _same_explanation(text)


def test_on_the_tuned_on_corpus_the_explanation_is_the_reference():
    path = Path(__file__).resolve().parents[2] / "bench" / "data" / "urgency_corpus.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        _same_explanation(json.loads(line)["text"])


@given(TEXTS, st.data())
@settings(max_examples=300, deadline=None)
def test_a_pairs_words_are_those_read_from_its_span(text, data):
    """Any span, not only a pair's: where a word starts or ends inside another, the span is read on its own."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    parts = list(_TOKEN.finditer(text, start, end))
    assert _Words(text).ends((start, end)) == ((parts[0].span(), parts[-1].span()) if parts else ())
