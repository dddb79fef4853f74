"""The learned second stage: a linear model over word and character n-grams, beside the phrase rules.

Rules find the turns of phrase someone wrote down; a message one word away from every rule is missed. The
model reads the same message as a bag of words, word pairs and four-letter pieces of words (so "suicidel" and
"suicidal" share most of their features), and scores each category with one logistic regression. It is
trained here, from the labelled sets shipped in bench/data and leads' decisions (`training.py`,
`manage.py train_urgency_model`), and its weights are a data file in this package (`urgency_model.json`),
read once per process: nothing is trained or downloaded at run time.

Explainable like a rule: a detection names the words of the n-grams that contributed most to its score, and
says it came from the model. Words in an earlier message quoted in a reply are not read, as for the rules.

It also confirms the rules: a rule hit of a category with a floor stands only when the model's probability for
that category is at least the floor (`confirms`), so a rule's phrase in a message the model reads as ordinary
is not raised. The floors are low, chosen out of fold so that nearly every true rule hit survives; self-harm
has none (`training.UNCONFIRMED`).
"""

from __future__ import annotations

import heapq
import json
import math
import re
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import chain, repeat
from operator import add, mul
from pathlib import Path

from .context import _NEGATORS, MessageContext, spans_merge
from .phrases import lowered

WEIGHTS = Path(__file__).with_name("urgency_model.json")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?;\n]")  # between two words: the second starts a new sentence
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]")  # between two words: a negation does not reach past it
CHAR_N = 4  # length of the pieces of words; words shorter than that are a piece on their own
FORMAT = "tact-urgency-linear-1"  # whole message, words as written (the reply checker's model reads this way)
FORMAT_SENTENCES = "tact-urgency-linear-2"  # also each sentence on its own; negated words are features of their own
NEGATION_REACH = 3  # words after a negation, within its clause, read as negated
SENTENCE_WORDS = 4  # a shorter sentence ("Hi team,", "Thanks!") is not scored on its own
EXPLAIN_TOP = 3  # the n-grams named as a model detection's triggers
# A message with this many sentences scored on their own or more is long: its probability is the highest of many
# readings, so an ordinary one reaches a threshold more often (model `417cfc727676874e` on clean messages it had
# not learned from, held-out 13 and 14 and train14: it flagged 13 of 221 with four or more, 5 of 424 with fewer),
# and a model may hold long messages to thresholds of their own (`long_thresholds`).
LONG_SENTENCES = 4
# The words a process keeps built (`_word_kept`): ordinary text fills the two caches with about 30 MB, and 20,000
# different words of 24 letters with 70 MB, the most they hold; ordinary words are far shorter than 24 letters.
CACHED_WORDS = 20_000
CACHED_WORD_CHARS = 24
_GRAMS: dict[str, tuple[str, str, tuple[str, ...]]] = {}


@dataclass(frozen=True)
class Reading:
    """A message as the model reads it: its n-grams (with where each first occurs) and, for a model that
    scores sentences, each sentence's n-grams."""

    found: dict[str, tuple[int, int]]
    sentences: tuple[tuple[str, ...], ...] = ()


def _grams(word: str) -> tuple[str, str, tuple[str, ...]]:
    """A word's own n-grams: as written (`w:`), negated (`n:`), and its pieces; built once per word while
    `_GRAMS` has room for it (`_word_kept`)."""
    grams = _GRAMS.get(word)
    if grams is not None:
        return grams
    padded = f"<{word}>"
    if len(padded) <= CHAR_N:
        pieces: tuple[str, ...] = ("c:" + padded,)
    else:
        pieces = tuple("c:" + padded[i : i + CHAR_N] for i in range(len(padded) - CHAR_N + 1))
    grams = "w:" + word, "n:" + word, pieces
    if _word_kept(word, _GRAMS):
        _GRAMS[word] = grams
    return grams


def _word_kept(word: str, kept: dict) -> bool:
    """Whether a cache of built words (`_GRAMS`, a model's `_words`) keeps `word`: a worker reads messages for
    years, so each keeps the first `CACHED_WORDS` words it meets, none longer than `CACHED_WORD_CHARS` (a run of
    letters thousands long would keep thousands of pieces); any other is built again when it comes. Filled by
    whichever thread reads a word first: a plain dict is safe under the GIL, and two threads building the same
    word build the same value."""
    return len(word) <= CACHED_WORD_CHARS and len(kept) < CACHED_WORDS


def features(text: str) -> dict[str, tuple[int, int]]:
    """Each n-gram of `text` (lower case, binary), with where it first occurs: `w:` words, `b:` word pairs,
    `c:` pieces of words (padded with `<` `>` so a word's start and end are features of their own). Words
    below a reply header or on `>` lines are left out: that earlier message was read when it arrived."""
    return read(text, sentences=False).found


def read(text: str, *, sentences: bool = True) -> Reading:
    """`features`, and with `sentences` as `FORMAT_SENTENCES` reads: pairs never span two sentences, a word up
    to `NEGATION_REACH` words after a negation in its clause is `w:!word` ("not going to sue" is not "sue"), and
    each sentence's n-grams are kept, so one alarming sentence in a long email is scored on its own."""
    lower = lowered(text)
    # An earlier message is below a "> " line or a reply header (`context._REPLY_HEADER`), which needs a colon
    # or a run of dashes: most messages have neither and skip the search.
    context = MessageContext(text) if (">" in text or ":" in text or "--" in text) else None
    found: dict[str, tuple[int, int]] = {}
    parts: list[list[str]] = []
    sentence: list[str] = []
    words = 0
    previous: str | None = None  # the word before, and where it starts
    previous_start = 0
    last_end = 0
    negated = 0
    for match in _TOKEN.finditer(lower):
        start, end = match.span()
        if context is not None and context.in_earlier_message(start):
            previous = None
            continue
        word = match.group()
        if "'" in word or "’" in word:
            word = word.replace("'", "").replace("’", "")
        if word.isdigit():
            word = "0"
        if sentences:
            if start - last_end != 1 or lower[last_end] != " ":  # most words follow one space: no break
                gap = lower[last_end:start]
                if _CLAUSE_BREAK.search(gap):
                    negated = 0
                    if _SENTENCE_BREAK.search(gap):
                        previous = None
                        if words >= SENTENCE_WORDS:
                            parts.append(sentence)
                        sentence, words = [], 0
            last_end = end
        plain, negative, pieces = _GRAMS.get(word) or _grams(word)
        gram = negative if negated else plain
        span = (start, end)
        if gram not in found:
            found[gram] = span
        pair = None
        if previous is not None:
            pair = f"b:{previous} {word}"
            if pair not in found:
                found[pair] = (previous_start, end)
        for piece in pieces:
            if piece not in found:
                found[piece] = span
        if sentences:
            sentence.append(gram)
            if pair is not None:
                sentence.append(pair)
            sentence.extend(pieces)
            words += 1
            if word in _NEGATORS:
                negated = NEGATION_REACH
            elif negated:
                negated -= 1
        previous, previous_start = word, start
    if words >= SENTENCE_WORDS:
        parts.append(sentence)
    return Reading(found, tuple(tuple(part) for part in parts) if len(parts) > 1 else ())


class _Words:
    """The words of a text, read once, for naming the two words of each pair an explanation weighs: a word
    looked up by where it starts or ends instead of the text read again for every pair."""

    def __init__(self, text: str):
        self.text = text
        spans = [match.span() for match in _TOKEN.finditer(text)]
        self.by_start = {span[0]: span for span in spans}
        self.by_end = {span[1]: span for span in spans}

    def ends(self, span: tuple[int, int]) -> tuple[tuple[int, int], ...]:
        """The first and the last word inside `span`, as `_TOKEN.finditer(text, *span)` finds them (the same
        word twice when it is the only one). Read whole, the text has the same words inside a span that starts
        where a word starts and ends where a word ends; any other span is read on its own."""
        first, last = self.by_start.get(span[0]), self.by_end.get(span[1])
        if first is not None and last is not None:
            return first, last
        parts = list(_TOKEN.finditer(self.text, span[0], span[1]))
        return (parts[0].span(), parts[-1].span()) if parts else ()


@dataclass(frozen=True)
class Scored:
    """A message as the model scored it: its n-grams (for the explanation) and per category its probability."""

    found: dict[str, tuple[int, int]]
    probabilities: list[float]
    sentences: int = 0  # sentences scored on their own (0 for a message read whole)
    # Per word as `_score_sentences` read it, the rows it added to `found`'s, for `_explain` (empty: read `found`).
    trail: list[tuple[tuple[int, int], tuple, tuple, Sequence[float]]] = field(default_factory=list)


def _logistic(z: Iterable[float]) -> list[float]:
    return [1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, x)))) for x in z]


@dataclass(frozen=True)
class ModelHit:
    category: str
    score: float  # the model's probability for the category
    spans: tuple[tuple[int, int], ...]
    triggers: tuple[str, ...]


def _hit(text: str, by_word: dict[tuple[int, int], float], category: str, probability: float) -> ModelHit:
    """The `EXPLAIN_TOP` heaviest positive words of `by_word` (each word's weight) as a detection's evidence."""
    top = heapq.nlargest(EXPLAIN_TOP, ((w, span) for span, w in by_word.items() if w > 0))
    spans = spans_merge(span for _, span in top)
    named = tuple(dict.fromkeys(" ".join(text[s:e].split()) for s, e in spans))
    return ModelHit(category, round(probability, 3), tuple(spans), named)


@dataclass
class UrgencyModel:
    """One logistic regression per category over binary n-gram features scaled to unit length."""

    categories: list[str]
    vocabulary: dict[str, int]  # feature -> column
    weights: list[list[float]]  # per category, one weight per column
    bias: list[float]
    thresholds: list[float]  # per category: detected at this probability or above (chosen by cross-validation)
    digest: str = ""
    trained_on: dict[str, int] = field(default_factory=dict)  # source -> labelled messages, for the reports
    format: str = FORMAT  # what the weights file says it is: the reply checker's model has its own
    tuned_on: dict[str, int] = field(default_factory=dict)  # sets the thresholds were chosen on, when not trained on
    # Per category: a rule hit stands only at this probability or above (0.0: always); empty, as for the reply
    # checker's model, confirms every rule hit.
    floors: list[float] = field(default_factory=list)
    # Per category, the threshold for a message of LONG_SENTENCES scored sentences or more; empty: `thresholds`.
    long_thresholds: list[float] = field(default_factory=list)
    # How a text becomes n-grams: the reply checker adds its own (question, negation, clause start) to these.
    featurize: Callable[[str], dict[str, tuple[int, int]]] = field(default=features, repr=False, compare=False)
    # Per word as `_score_sentences` reads it, its n-grams with their rows (`_word_rows`); filled as words come.
    _words: dict[str, tuple] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def _columns(self) -> list[slice]:
        """Where each category's weights are in a part's rows laid out flat (`_score_sentences`)."""
        width = len(self.categories)
        return [slice(column, None, width) for column in range(width)]

    @cached_property
    def _rows(self) -> dict[str, tuple[float, ...]]:
        """Each n-gram's weights (one per category): a message sums a few rows, not every category's list."""
        by_column = list(zip(*self.weights, strict=True)) if self.weights else []
        return {feature: by_column[column] for feature, column in self.vocabulary.items()}

    def probabilities(
        self, found: dict[str, tuple[int, int]], sentences: tuple[tuple[str, ...], ...] = ()
    ) -> list[float]:
        """Per category, the probability of the whole message or, given its `sentences` (a model that scores
        sentences), of its likeliest sentence, whichever is higher: a long email is as alarming as its most
        alarming sentence."""
        row = self._rows.get
        best: list[float] | None = None
        for part in (found, *sentences):
            rows = list(filter(None, map(row, part)))  # in the part's order: the sums are added as trained
            z = list(self.bias)
            if rows:
                scale = 1.0 / math.sqrt(len(part))
                z = [b + scale * total for b, total in zip(z, map(sum, zip(*rows, strict=True)), strict=True)]
            best = z if best is None else list(map(max, best, z))
        return _logistic(best or ())

    def reading(self, text: str) -> Reading:
        """`text` as this model reads it: by sentence for `FORMAT_SENTENCES`, else by `featurize`."""
        return read(text) if self.format == FORMAT_SENTENCES else Reading(self.featurize(text))

    def score(self, text: str) -> Scored:
        """`text` read and scored; every probability 0.0 for a text with no word the model reads."""
        if self.format == FORMAT_SENTENCES:
            return self._score_sentences(text)
        reading = self.reading(text)
        if not reading.found:
            return Scored({}, [0.0] * len(self.categories))
        return Scored(reading.found, self.probabilities(reading.found, reading.sentences), len(reading.sentences))

    def _score_sentences(self, text: str) -> Scored:
        """`read` and `probabilities` in one pass, as a classification needs them: no sentence is kept as
        n-grams to be looked up again, since each word's n-grams come with their rows (`_word_rows`, once per
        word per process), and each part's rows are laid out flat, one after the other, so a category's sum is
        a strided slice summed in the part's order: bit for bit the sums of `probabilities` without a
        transposition per part (`test_urgency_model_reference.py` holds the two to the reference)."""
        lower = lowered(text)
        context = MessageContext(text) if (">" in text or ":" in text or "--" in text) else None
        if context is not None and not context.earlier_messages():
            context = None  # nothing quoted: no word to look up
        rows = self._rows.get
        words_seen = self._words
        found: dict[str, tuple[int, int]] = {}
        whole: list[float] = []  # the rows of `found`'s n-grams, in its order
        parts: list[tuple[list[float], int]] = []  # per sentence of SENTENCE_WORDS words or more: rows, n-grams
        flat: list[float] = []
        trail: list[tuple[tuple[int, int], tuple, tuple, Sequence[float]]] = []  # `Scored.trail`
        follow = trail.append
        grams = words = 0
        previous: str | None = None
        previous_start = last_end = negated = 0
        negators = _NEGATORS
        for match in _TOKEN.finditer(lower):
            span = match.span()
            start, end = span
            if context is not None and context.in_earlier_message(start):
                previous = None
                continue
            word = match.group()
            if not word.isalpha():  # letters only (most words): no apostrophe, no digit
                if "'" in word or "’" in word:
                    word = word.replace("'", "").replace("’", "")
                if word.isdigit():
                    word = "0"
            if start - last_end != 1 or lower[last_end] != " ":
                gap = lower[last_end:start]
                if _CLAUSE_BREAK.search(gap):
                    negated = 0
                    if _SENTENCE_BREAK.search(gap):
                        previous = None
                        if words >= SENTENCE_WORDS:
                            parts.append((flat, grams))
                        flat, grams, words = [], 0, 0
            last_end = end
            entry = words_seen.get(word) or self._word_rows(word)
            if negated:
                gram, row = entry[1], entry[3]
            else:
                gram, row = entry[0], entry[2]
            new = gram not in found
            if new:
                found[gram] = span
                whole += row
            flat += row
            paired: tuple = ()
            if previous is not None:
                pair = f"b:{previous} {word}"
                pair_row = rows(pair, ())
                if pair not in found:
                    found[pair] = (previous_start, end)
                    whole += pair_row
                    paired = pair_row
                flat += pair_row
                grams += 1
            pieces: Sequence[float] = ()
            if new:  # a word read before in this form has all its pieces in `found` already
                if found.keys().isdisjoint(entry[7]):  # most new words: every piece new, added as the loop would
                    found.update(zip(entry[7], repeat(span)))
                    whole += entry[8]
                    pieces = entry[8]
                else:
                    pieces = []
                    for piece, piece_row in entry[4]:
                        if piece not in found:
                            found[piece] = span
                            whole += piece_row
                            pieces += piece_row
            follow((span, row if new else (), paired, pieces))
            flat += entry[5]
            grams += entry[6]
            words += 1
            if word in negators:
                negated = NEGATION_REACH
            elif negated:
                negated -= 1
            previous, previous_start = word, start
        if not found:
            return Scored({}, [0.0] * len(self.categories))
        if words >= SENTENCE_WORDS:
            parts.append((flat, grams))
        sentences = parts if len(parts) > 1 else []
        columns = self._columns  # a category's weights in a part: every `width`-th number from its own
        best: list[float] | None = None
        for part, size in [(whole, len(found)), *sentences]:
            z = list(self.bias)
            if part:  # each category's bias + scale * its sum, the sum added in the part's order
                sums = map(sum, map(part.__getitem__, columns))
                z = list(map(add, z, map(mul, repeat(1.0 / math.sqrt(size)), sums)))
            best = z if best is None else list(map(max, best, z))
        return Scored(found, _logistic(best or ()), len(sentences), trail)

    def _word_rows(self, word: str) -> tuple:
        """A word's n-grams with their rows (`()` for an n-gram the model has no weights for): as written, its
        row, negated, its row, its pieces each with its row, the pieces' rows one after the other, how many
        n-grams it adds to its sentence besides a pair, its different pieces (a piece repeats in "aaaaa"), and
        their rows one after the other."""
        plain, negative, pieces = _grams(word)
        rows = self._rows.get
        with_rows = tuple((piece, rows(piece, ())) for piece in pieces)
        pieces_rows = tuple(chain.from_iterable(row for _, row in with_rows))
        different, different_rows = pieces, pieces_rows  # the same objects for most words: no more memory
        if len(set(pieces)) < len(pieces):
            different = tuple(dict.fromkeys(pieces))
            different_rows = tuple(chain.from_iterable(rows(piece, ()) for piece in different))
        entry = (
            plain, negative, rows(plain, ()), rows(negative, ()), with_rows, pieces_rows, 1 + len(pieces),
            different, different_rows,
        )  # fmt: skip
        if _word_kept(word, self._words):
            self._words[word] = entry
        return entry

    def threshold(self, index: int, sentences: int) -> float:
        """The threshold of category `index` for a message of `sentences` scored sentences."""
        if self.long_thresholds and sentences >= LONG_SENTENCES:
            return self.long_thresholds[index]
        return self.thresholds[index]

    def floor(self, category: str) -> float:
        """The probability a rule hit of `category` needs to stand (0.0: every rule hit stands)."""
        return self.floors[self.categories.index(category)] if self.floors else 0.0

    def predict(self, text: str, *, skip: Container[str] = (), scored: Scored | None = None) -> list[ModelHit]:
        """The categories the model finds in `text` at or above their thresholds, each with its evidence;
        categories in `skip` (found already) are not explained or returned. `scored` is `score(text)`, when
        the caller has it already."""
        scored = scored if scored is not None else self.score(text)
        hits = []
        words: list[_Words] = []  # read once for every category explained
        for index, category in enumerate(self.categories):
            probability = scored.probabilities[index]
            if not scored.found or probability < self.threshold(index, scored.sentences) or category in skip:
                continue
            hits.append(
                self._explain(text, scored.found, index, category, probability, words=words, trail=scored.trail)
            )
        return hits

    def _explain(
        self,
        text: str,
        found: dict[str, tuple[int, int]],
        index: int,
        category: str,
        probability: float,
        *,
        words: list[_Words] | None = None,
        trail: list[tuple[tuple[int, int], tuple, tuple, Sequence[float]]] | None = None,
    ) -> ModelHit:
        """The words that weighed most: each word's weight is the sum of its n-grams' (the word, its pieces,
        and half of each pair it is in), and the `EXPLAIN_TOP` heaviest positive words are the spans. `words`
        holds the text's `_Words` once read, for the next category explained; `trail` is `Scored.trail`."""
        if trail:
            return self._explain_trail(text, trail, index, category, probability)
        rows = self._rows.get  # the rows scoring just read: cheaper to reach than the columns
        by_word: dict[tuple[int, int], float] = {}
        weight = by_word.get
        words = [] if words is None else words
        for feature, span in found.items():
            row = rows(feature)
            if row is None:
                continue
            if feature.startswith("b:"):  # a pair's span runs from its first word's start to its second's end
                if not words:
                    words.append(_Words(text))
                for part in words[0].ends(span):
                    by_word[part] = weight(part, 0.0) + row[index] / 2
            else:
                by_word[span] = weight(span, 0.0) + row[index]
        return _hit(text, by_word, category, probability)

    def _explain_trail(
        self,
        text: str,
        trail: list[tuple[tuple[int, int], tuple, tuple, Sequence[float]]],
        index: int,
        category: str,
        probability: float,
    ) -> ModelHit:
        """`_explain` from the rows each word added as it was scored, in the order of `found`: its own n-gram's,
        the pair's it ends (half to the word before, whose weight is complete by then), its new pieces', so each
        word's weight is the same sum added in the same order, with no n-gram looked up again and no word read
        again. A word with none of these weighs 0.0 here and is missing there: neither is positive."""
        width = len(self.categories)
        by_word: dict[tuple[int, int], float] = {}
        before: tuple[int, int] = (0, 0)
        for span, own, pair, pieces in trail:
            total = 0.0
            if own:
                total += own[index]
            if pair:
                half = pair[index] / 2
                by_word[before] += half
                total += half
            for weight in pieces[index::width]:
                total += weight
            by_word[span] = total
            before = span
        return _hit(text, by_word, category, probability)

    def as_json(self) -> dict:
        """The weights file: each n-gram with its weight per category (rounded; n-grams all zero left out)."""
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        rows = {name: [round(row[c], 3) for row in self.weights] for c, name in enumerate(names)}
        head = {"format": self.format, "char_n": CHAR_N, "digest": self.digest, "trained_on": self.trained_on}
        if self.tuned_on:
            head["tuned_on"] = self.tuned_on
        return head | {
            "categories": self.categories,
            "bias": [round(b, 4) for b in self.bias],
            "thresholds": self.thresholds,
            **({"long_thresholds": self.long_thresholds} if self.long_thresholds else {}),
            **({"floors": self.floors} if self.floors else {}),
            "weights": {name: row for name, row in sorted(rows.items()) if any(row)},
        }


def model_dumps(model: UrgencyModel) -> str:
    """The weights file's text: JSON with one n-gram per line, so a retrained model's diff can be read."""
    data = model.as_json()
    weights = data.pop("weights")
    head = json.dumps(data, ensure_ascii=False)[:-1]
    lines = [f"  {json.dumps(name, ensure_ascii=False)}: {json.dumps(row)}" for name, row in weights.items()]
    return head + ', "weights": {\n' + ",\n".join(lines) + "\n}}\n"


def model_from_json(
    data: dict, *, format: str = FORMAT, featurize: Callable[[str], dict[str, tuple[int, int]]] = features
) -> UrgencyModel:
    if data.get("format") != format or data.get("char_n") != CHAR_N:
        raise ValueError(f"{format}: unknown weights format")
    vocabulary = {feature: i for i, feature in enumerate(data["weights"])}
    columns = list(zip(*data["weights"].values(), strict=True)) if vocabulary else [() for _ in data["categories"]]
    return UrgencyModel(
        categories=list(data["categories"]),
        vocabulary=vocabulary,
        weights=[list(column) for column in columns],
        bias=list(data["bias"]),
        thresholds=list(data["thresholds"]),
        digest=data.get("digest", ""),
        trained_on=data.get("trained_on", {}),
        format=format,
        tuned_on=data.get("tuned_on", {}),
        floors=list(data.get("floors", [])),
        long_thresholds=list(data.get("long_thresholds", [])),
        featurize=featurize,
    )


def model_load(path: Path, **options) -> UrgencyModel | None:
    """A weights file read into a model (`options` as for `model_from_json`); None when it is not installed."""
    if not path.exists():
        return None
    return model_from_json(json.loads(path.read_text(encoding="utf-8"), parse_float=_shared_float()), **options)


def _shared_float() -> Callable[[str], float]:
    """A float for each number as written in a weights file, one object per spelling: weights rounded to three
    decimals are a few thousand numbers (the shipped file's 386,610 are 4,602), so the rows a message sums point
    at floats that stay in the processor's cache, not at nine megabytes of them. The values are the same."""
    floats: dict[str, float] = {}

    def parse(text: str) -> float:
        number = floats.get(text)
        if number is None:
            number = floats[text] = float(text)
        return number

    return parse


@cache
def default_model() -> UrgencyModel | None:
    """The shipped model, read once per process; None when no weights file is installed."""
    return model_load(WEIGHTS, format=FORMAT_SENTENCES)
