"""The rule index is a shortcut only: every rule that matches a message is among its candidates, so the
classifier finds what it would find trying every rule on every message."""

import dataclasses
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from escalation.detection import RuleSet, RuleSpec, classify, default_ruleset, ruleset_compile
from escalation.detection.phrases import _TOKEN, SENTENCE_END, lowered
from escalation.detection.sets import urgency_sets

RULES = default_ruleset()
FILLERS = ["the", "really", "and", "i", "not", "you", "it's", "12", "£1,500"]


class Unindexed(RuleSet):
    """The reference: every rule tried on every message, on the whole of it."""

    def tries(self, lower: str, words: set[str] | None = None) -> list[tuple[int, int, int]]:
        return [(index, 0, len(lower)) for index in range(len(self.rules))]


REFERENCE = Unindexed(**{f.name: getattr(RULES, f.name) for f in dataclasses.fields(RuleSet)})


def _matching(lower: str) -> set[int]:
    return {index for index, rule in enumerate(RULES.rules) if rule.phrase.regex.search(lower)}


def _tried(rules: RuleSet, lower: str) -> list[int]:
    """The rules the classifier tries on `lower` (as the rules read it), in rule order."""
    return [index for index, _, _ in rules.tries(lower)]


def _candidates(text: str) -> set[int]:
    return set(_tried(RULES, lowered(RULES.speller.normalize(text).text)))


@st.composite
def rendered(draw) -> str:
    """A default rule's phrase written out (one alternative of each group, gaps filled), among other words."""
    tokens = _TOKEN.findall(draw(st.sampled_from(RULES.rules)).phrase.pattern)
    out: list[str] = []
    groups: list[list[list[str]]] = []  # per open group: its alternatives so far
    for token in tokens:
        target = groups[-1][-1] if groups else out
        if token == "(":
            groups.append([[]])
        elif token == "|":
            groups[-1].append([])
        elif token == ")":
            alternatives = groups.pop()
            chosen = draw(st.sampled_from(alternatives))
            (groups[-1][-1] if groups else out).extend(chosen)
        elif token.startswith(".."):
            target.extend(draw(st.lists(st.sampled_from(FILLERS), max_size=3)))
        elif token in ("#", "##"):
            target.append(draw(st.sampled_from(["12", "1,500", "40k"])))
        else:
            word = token.rstrip("*+~")
            suffix = draw(st.sampled_from(["", "s", "ed", "ing"])) if token[-1:] in "*+" else ""
            target.append(word + suffix)
    before = draw(st.lists(st.sampled_from(FILLERS), max_size=3))
    after = draw(st.lists(st.sampled_from(FILLERS), max_size=3))
    separator = draw(st.sampled_from([" ", "  ", ", ", "\n", "-"]))
    text = separator.join(before + out + after)
    return text.upper() if draw(st.booleans()) else text


@given(st.one_of(rendered(), st.lists(rendered(), min_size=2, max_size=4).map(". ".join), st.text(max_size=200)))
@settings(max_examples=500, deadline=None)
def test_every_rule_that_matches_is_a_candidate(text):
    lower = lowered(RULES.speller.normalize(text).text)
    assert _matching(lower) <= _candidates(text)


SENTENCES = st.lists(
    st.tuples(rendered(), st.sampled_from([". ", "! ", "? ", "... ", " 1.5 ", "£1,500. ", ", ", ".\n\n", " e.g. "])),
    min_size=1,
    max_size=5,
).map(lambda parts: "".join(text + end for text, end in parts))


def _spans_tried(lower: str) -> dict[int, list[tuple[int, int]]]:
    """Each rule's matches in the sentences it is tried on, in order."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for i, a, b in RULES.tries(lower):
        spans.setdefault(i, []).extend(m.span() for m in RULES.rules[i].phrase.regex.finditer(lower, a, b))
    return spans


@given(st.one_of(SENTENCES, st.text(alphabet=st.sampled_from(list("ab .,!?1\n'’-")), max_size=80), st.text()))
@settings(max_examples=500, deadline=None)
def test_a_rule_run_on_the_sentences_with_its_words_finds_what_it_finds_in_the_whole_text(text):
    lower = lowered(RULES.speller.normalize(text).text)
    whole = {i: [m.span() for m in RULES.rules[i].phrase.regex.finditer(lower)] for i in _candidates(text)}
    assert _spans_tried(lower) == whole


def test_in_a_long_message_a_rule_runs_on_the_sentences_with_its_words():
    lower = "my parcel is late. i will kill you. the box was 1.5 kg... and wet! thanks"
    tried = {RULES.rules[i].spec.pattern: lower[a:b] for i, a, b in RULES.tries(lower)}
    assert any(sentence == " i will kill you" for sentence in tried.values())
    assert all("parcel" not in sentence for sentence in tried.values())
    ends = [m.group() + str(m.start()) for m in SENTENCE_END.finditer(lower)]
    assert ends == [".17", ".34", "!65"]  # not the "1.5", nor the ellipsis a phrase reads across


def test_on_every_urgency_set_a_rule_run_on_its_sentences_finds_what_it_finds_in_the_whole_text():
    """Every declared set but the blind ones, which only bench/urgency_eval.py reads, for totals."""
    data = Path(__file__).resolve().parents[2] / "bench" / "data"
    for path in (data / name for name, labelled in urgency_sets().items() if labelled.role != "evaluation"):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["text"]
            lower = lowered(RULES.speller.normalize(text).text)
            whole = {i: [m.span() for m in RULES.rules[i].phrase.regex.finditer(lower)] for i in _candidates(text)}
            assert _spans_tried(lower) == whole, path.name


@given(
    st.one_of(rendered(), st.lists(rendered(), min_size=2, max_size=4).map(". ".join), SENTENCES),
    st.sampled_from(["", "email", "social", "phone"]),
)
@settings(max_examples=300, deadline=None)
def test_classification_is_that_of_trying_every_rule(text, channel):
    assert classify(text, channel=channel) == classify(text, channel=channel, rules=REFERENCE)


def test_on_the_tuned_on_corpus_every_matching_rule_is_a_candidate():
    path = Path(__file__).resolve().parents[2] / "bench" / "data" / "urgency_corpus.jsonl"
    tried = matched = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        found = _matching(lowered(RULES.speller.normalize(text).text))
        candidates = _candidates(text)
        assert found <= candidates, text
        tried, matched = tried + len(candidates), matched + len(found)
    assert matched > 1000 and tried < 5 * matched  # the shortcut is exercised, and it prunes


def test_a_rule_is_tried_only_when_each_of_its_positions_has_an_anchor():
    rules = ruleset_compile(
        [RuleSpec("self_harm", "trigger", "(hurt|harm) .. myself", "strong")],
        {"self_harm": RULES.policies["self_harm"]},
    )
    assert _tried(rules, "harm myself") == [0]
    assert _tried(rules, "i hurt myself") == [0]
    assert _tried(rules, "harm yourself") == []  # the most selective position is missing
    assert _tried(rules, "i myself") == []  # found by "myself", but neither "hurt" nor "harm" is there
    assert _tried(rules, "i hurt. myself") == []  # each word is there, but not in one sentence
    assert _tried(rules, "i hurt. harm myself. hurt me. hurt myself") == [0, 0]  # the two sentences that can match
    assert _tried(rules, "hurting myself") == []  # a word, not a prefix: "hurting" is not "hurt"


def test_a_shorthand_spelling_with_any_ending_is_an_anchor_with_any_ending():
    """"your*" also matches "ur" and "yr" with any ending ("urs"): a rule written that way is tried on them."""
    rules = ruleset_compile(
        [RuleSpec("threat_violence", "trigger", "hurt your* family", "strong")],
        {"threat_violence": RULES.policies["threat_violence"]},
    )
    lower = "i will hurt urs family"
    assert rules.rules[0].phrase.regex.search(lower)
    assert _tried(rules, lower) == [0]
    assert classify(lower, channel="email", rules=rules)


def test_each_rule_is_found_by_its_own_positions_among_others():
    """The index reads every rule's positions from one integer: a rule's filled positions do not carry into
    the next rule's, and a phrase with no anchor (a number) is tried on every sentence with a word."""
    rules = ruleset_compile(
        [
            RuleSpec("self_harm", "trigger", "(hurt|harm) .. myself", "strong"),
            RuleSpec("legal_regulatory", "trigger", "#", "weak"),
            RuleSpec("threat_violence", "trigger", "kill you", "strong"),
        ],
        {category: RULES.policies[category] for category in ("self_harm", "legal_regulatory", "threat_violence")},
    )
    assert rules.rules[1].phrase.requires == ()
    assert _tried(rules, "hurt myself and kill you") == [0, 1, 2]
    assert _tried(rules, "myself, kill") == [1]  # no anchor: tried wherever there is a word
    # "kill you" is not tried: its words are in two sentences
    assert rules.tries("kill. you hurt myself! 12") == [(0, 5, 21), (1, 0, 4), (1, 5, 21), (1, 22, 25)]
