"""The classifier's shortcuts are shortcuts only. Each is held to the plain way it replaces: the shortcuts that
lean on lower case against every character there is, the rest under hypothesis, on tricky messages and on
training sets; and classifying with all of them is classifying with none (every rule tried on the whole text,
read by its full expression, every message read by the speller, the model's plain reading and scoring), to
the last bit of every score, for whatever weights the model has."""

import dataclasses
import json
import random
import re
import sys
from collections.abc import Container

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from escalation.detection import UrgencyModel, classify, default_model, default_ruleset, phrase_compile
from escalation.detection.context import _INLINE_QUOTE
from escalation.detection.model import ModelHit, Scored, read
from escalation.detection.normalize import _TOKEN as LETTERS
from escalation.detection.normalize import Speller
from escalation.detection.phrases import SENTENCE_END, lowered
from escalation.detection.rules import WORDS, RuleSet, message_words
from escalation.detection.sets import DATA, sets_with_role

RULES = default_ruleset()
MODEL = default_model()
# The expressions as written before their shortcuts.
PLAIN_SENTENCE_END = re.compile(r"[!?]|(?<![.,\d])\.(?!\.)")
PLAIN_INLINE_QUOTE = re.compile(
    r'"[^"\n]{1,400}"|“[^”\n]{1,400}”|‘(?:[^’\n]|(?<=\w)’(?=\w)){1,400}’'
    r"|(?<![\w'])'(?:[^'\n]|(?<=\w)'(?=\w)){1,400}'(?![\w'])"
)
TRICKY = [
    "",
    " ",
    "I'm not going to kill myself. I promise I won't.",
    "I am NOT saying I won't sue, I am saying my lawyer will.",
    '"I will kill you" is what the film says, and my son keeps quoting it.',
    "He said 'I'm going to sue you all' and walked out. I'm going to sue you all.",
    "Our legal team, my lawyer and the legal department: legal action, legal action!",
    "you'll regret this, you will regret this, ull regret it... I know where you live",
    "Ich werde Sie verklagen. Mein Anwalt meldet sich, und die Datenschutzbehörde auch.",
    "İSTANBUL office ẞ STRASSE: I'll sue. Ⅻ² x² 12,500 1.5 £1,500. e.g. 30 days",
    "I want to die 😭😭 pleeeease help… tonite is the nite 💀 im gonna end it",
    "sucidal again, jounalist called, i cnt do this no more",
    "> I will kill you\n> you'll regret it\nOn Monday, Sam wrote:\n> I'll sue\nthanks",
    "Thanks!\n\n-- Original Message --\nFrom: a\nSent: b\nI want to kill myself",
    "aaaaaaaa hahahahaha not not not never no sue sue sue kill kill kill",
    "My daughter has been cutting herself. The words 'suicide' and \u2018kill\u2019 were in her diary.",
    "the video has 2 million views and is trending, your agent's tweet went viral",
    "what time do you finish? I'll wait outside. I found your instagram, you look nice",
]
PIECES = st.sampled_from(
    [
        *"abcxyz 0123456789 \t\n.,;:!?'’‘“”\"-_>()", "I", "don't", "won’t", "not", "never", "kill", "myself", "sue",
        "you", "I'm", "lawyer", "legal", "team", "going to", "the press", "ÉCOLE", "İstanbul", "ß", "ẞ", "x²", "1,500",
        "1.5", "...", "😂", "💀", "pleeease", "gonna", "sucidal", "Anwalt", "verklagen", "aaaaaa",
        "On Monday, Sam wrote:\n",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=40).map("".join) | st.text(max_size=200) | st.sampled_from(TRICKY)


class PlainSpeller(Speller):
    def rewrites(self, words: set[str]) -> bool:
        return True  # every message read word by word by `normalize`


class PlainRules(RuleSet):
    def tries(self, lower: str, words: set[str] | None = None) -> list[tuple[int, int, int]]:
        return [(index, 0, len(lower)) for index in range(len(self.rules))]  # every rule, on the whole text


class PlainModel(UrgencyModel):
    """Reads with `read`, scores with `probabilities`, explains each category on its own."""

    def score(self, text: str) -> Scored:
        reading = read(text)
        if not reading.found:
            return Scored({}, [0.0] * len(self.categories))
        return Scored(reading.found, self.probabilities(reading.found, reading.sentences), len(reading.sentences))

    def predict(self, text: str, *, skip: Container[str] = (), scored: Scored | None = None) -> list[ModelHit]:
        scored = scored if scored is not None else self.score(text)
        return [
            self._explain(text, scored.found, index, category, scored.probabilities[index])
            for index, category in enumerate(self.categories)
            if scored.found
            and scored.probabilities[index] >= self.threshold(index, scored.sentences)
            and category not in skip
        ]


def _plain_rules(rules: RuleSet) -> PlainRules:
    speller = PlainSpeller.__new__(PlainSpeller)
    speller.__dict__.update(rules.speller.__dict__)
    plain = [dataclasses.replace(rule, phrase=dataclasses.replace(rule.phrase, body=None)) for rule in rules.rules]
    fields = {field.name: getattr(rules, field.name) for field in dataclasses.fields(RuleSet)}
    return PlainRules(**(fields | {"rules": plain, "speller": speller, "_seen": {}}))


PLAIN_RULES = _plain_rules(RULES)
PLAIN_MODEL = PlainModel(**{f.name: getattr(MODEL, f.name) for f in dataclasses.fields(UrgencyModel) if f.init})
CHANNELS = ["", "email", "social", "phone"]


def _same_classification(text: str, channel: str) -> None:
    for model in (None, MODEL):
        plain = classify(text, channel=channel, rules=PLAIN_RULES, model=PLAIN_MODEL if model else None)
        assert classify(text, channel=channel, model=model) == plain, (text, channel)


def test_no_character_lower_cases_to_another_class():
    """Lower-cased whole, a text that keeps its length has the words it has, each lower-cased (the speller's and
    the rule index's shortcut), and a word of letters has no digit (the model's shortcut for words)."""
    classes = [re.compile(r"[^\W_]"), re.compile(r"[^\W\d_]"), re.compile(r"['’]"), re.compile(r"\w")]
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        assert not (char.isalpha() and char.isdigit()), hex(code)
        if len(lower) == 1:
            assert [bool(c.match(char)) for c in classes] == [bool(c.match(lower)) for c in classes], hex(code)


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("channel", CHANNELS)
def test_tricky_messages_are_classified_as_with_every_shortcut_off(text, channel):
    _same_classification(text, channel)


@given(TEXTS, st.sampled_from(CHANNELS))
@settings(max_examples=300, deadline=None)
def test_classification_is_that_with_every_shortcut_off(text, channel):
    _same_classification(text, channel)


def test_on_long_emails_and_short_lines_classification_is_that_with_every_shortcut_off():
    training = sets_with_role("training")
    for name in ("urgency_holdout13.jsonl", "urgency_holdout14.jsonl"):
        assert name in training  # never an evaluation set
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            _same_classification(row["text"], row.get("channel", ""))


def test_with_other_weights_classification_is_that_with_every_shortcut_off():
    """A model retrained tomorrow: random weights of both signs, and thresholds and floors that many messages
    cross, so that confirmations and explanations of the model's own detections are compared too."""
    rng = random.Random(17)
    weights = [[round(rng.uniform(-1.0, 1.0), 3) for _ in column] for column in MODEL.weights]
    width = len(MODEL.categories)
    options = {"weights": weights, "bias": [0.0] * width, "thresholds": [0.55] * width, "floors": [0.3] * width}
    other = dataclasses.replace(MODEL, **options, long_thresholds=[0.6] * width)
    plain = dataclasses.replace(PLAIN_MODEL, **options, long_thresholds=[0.6] * width)
    rows = [json.loads(line) for line in (DATA / "urgency_holdout14.jsonl").read_text(encoding="utf-8").splitlines()]
    explained = 0
    for text, channel in [(text, "") for text in TRICKY] + [(row["text"], row.get("channel", "")) for row in rows]:
        found = classify(text, channel=channel, model=other)
        assert found == classify(text, channel=channel, rules=PLAIN_RULES, model=plain), text
        explained += sum(detection.source == "model" for detection in found)
    assert explained > 100


@given(TEXTS)
@settings(max_examples=500, deadline=None)
def test_the_words_and_the_rules_tried_are_those_of_the_plain_reading(text):
    lower = text.lower()
    assert message_words(lower) == set(WORDS.findall(lower))
    if len(lower) == len(text):  # the speller's shortcut: a message needing no rewrite is left as it is
        rewritten = RULES.speller.normalize(text).edits
        assert RULES.speller.rewrites(message_words(lower)) == bool(rewritten)
        assert {token.lower() for token in LETTERS.findall(text)} == set(LETTERS.findall(lower))


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_each_rule_finds_with_its_body_what_its_expression_finds(text):
    lower = lowered(RULES.speller.normalize(text).text)
    for rule in RULES.rules:
        for start, end in ((0, len(lower)), (len(lower) // 3, len(lower))):
            expected = [match.span() for match in rule.phrase.regex.finditer(lower, start, end)]
            assert rule.phrase.spans(lower, start, end) == expected, rule.spec.pattern


@given(st.text(alphabet=st.sampled_from(list("ab1 ,.!?'’‘“”\"\n_")), max_size=60) | TEXTS)
@settings(max_examples=1000, deadline=None)
def test_sentence_ends_and_quotations_are_where_the_plain_expressions_find_them(text):
    assert [m.span() for m in SENTENCE_END.finditer(text)] == [m.span() for m in PLAIN_SENTENCE_END.finditer(text)]
    assert [m.span() for m in _INLINE_QUOTE.finditer(text)] == [m.span() for m in PLAIN_INLINE_QUOTE.finditer(text)]


def test_on_the_training_sets_the_rules_find_what_every_rule_read_in_full_finds():
    """Each rule's index, its sentences and its body, against every rule's expression on the whole text."""
    for name in ("urgency_dev.jsonl", "urgency_train7.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            for channel in ("", "phone"):
                assert classify(text, channel=channel) == classify(text, channel=channel, rules=PLAIN_RULES), text


def test_the_speller_is_asked_about_each_word_once_and_rewrites_as_before():
    speller = Speller(["kill", "please"], ["journalist"])
    assert not speller.rewrites({"nothing", "here", "12"})
    assert speller.rewrites({"jounalist"}) and speller.rewrites({"pleeease"}) and speller.rewrites({"u"})
    assert speller.rewrites({"x2u"})  # a word with a digit: its runs of letters are looked up
    assert speller.normalize("the jounalist, pleeease").text == "the journalist, please"


def test_a_phrase_after_a_letter_is_looked_for_again_from_the_next_character():
    phrase = phrase_compile("kill (myself|me)")
    lower = "skill myself. kill myself, xkill me kill me"
    assert phrase.spans(lower, 0, len(lower)) == [(14, 25), (36, 43)]
    assert phrase.spans(lower, 28, len(lower)) == [(36, 43)]  # the "x" before the start is read, as by `regex`
    assert phrase.spans("", 0, 0) == []
