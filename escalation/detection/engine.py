"""classify(): one message in, the urgent categories it belongs to out, each with the words that triggered it.

The cheap high-recall stage of crisis triage: the message is first read tolerantly (texting spellings, stretched
letters and misspelt keywords rewritten, see `normalize`), then phrase rules run on it, read in context (quoted,
negated, reported, a word talked about rather than used), scored per category by noisy-or (two weak signals
make a detection, one strong one does). A person reviews every detection, so the
thresholds lean towards recall; harmless senses and context keep ordinary messages out. With the learned stage
beside them, a shipped rule's hit must be confirmed by the model (its probability at the category's floor or
above) unless the rule is marked explicit, and the model adds what the rules missed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .context import MessageContext, spans_merge
from .model import UrgencyModel
from .normalize import Normalized
from .phrases import lowered
from .rules import CATEGORIES, NOTE_CHANNELS, PUBLIC_CHANNELS, STRENGTHS, RuleSet, default_ruleset, message_words

_WEAK = STRENGTHS["weak"]
MAX_CHARS = 100_000  # longer messages are classified on their first 100,000 characters


@dataclass(frozen=True)
class Detection:
    category: str
    score: float
    spans: tuple[tuple[int, int], ...]  # character offsets in the text, sorted, not overlapping
    triggers: tuple[str, ...]  # the words that matched, as written, in order of appearance
    source: str = "rules"  # "rules", or "model" when only the learned stage found it
    # A rule detection the model confirmed: (its probability, the category's floor); None when not asked.
    confirmed: tuple[float, float] | None = None

    def as_dict(self) -> dict:
        return {
            "category": self.category,
            "score": self.score,
            "spans": [list(span) for span in self.spans],
            "triggers": list(self.triggers),
            "source": self.source,
            "confirmed": list(self.confirmed) if self.confirmed else None,
        }


def classify(
    text: str, *, channel: str = "", rules: RuleSet | None = None, model: UrgencyModel | None = None
) -> list[Detection]:
    """The categories `text` belongs to, in the order of `CATEGORIES`; an empty list for an ordinary message.

    With a `model` (the learned stage), a shipped rule's detection stands only when the model's probability for
    its category is at least the category's floor (`UrgencyModel.floors`: low, so that nearly every true rule
    hit stands; none for self-harm), and records that probability; a rule a lead added stands unconfirmed, being
    a person's decision, and so does a shipped rule marked explicit, whose words leave no doubt ("I'm going to
    sue you") however the model weighs them. A category no rule detection stands for is added when the model's
    probability is at or above its threshold, with the model's strongest n-grams as its spans and
    `source="model"`, so leads' rules stay the explanation wherever they apply."""
    detections, standing = _rules_classify(text, channel=channel, rules=rules)
    if model is None:
        return detections
    text = text[:MAX_CHARS]
    scored = model.score(text)
    kept = []
    for detection in detections:
        floor = model.floor(detection.category)
        if not floor or detection.category in standing:
            kept.append(detection)
            continue
        probability = round(scored.probabilities[model.categories.index(detection.category)], 3)
        if probability >= floor:
            kept.append(dataclasses.replace(detection, confirmed=(probability, floor)))
    added = [
        Detection(hit.category, hit.score, hit.spans, hit.triggers, source="model")
        for hit in model.predict(text, skip={d.category for d in kept}, scored=scored)
    ]
    if not added:
        return kept
    order = {name: i for i, name in enumerate(CATEGORIES)}
    return sorted(kept + added, key=lambda d: order[d.category])


def _rules_classify(text: str, *, channel: str, rules: RuleSet | None) -> tuple[list[Detection], set[str]]:
    """The rules' detections, and the categories among them a lead's or an explicit rule contributed to."""
    ruleset = rules if rules is not None else default_ruleset()
    original = text[:MAX_CHARS]
    lower = original.lower()
    words = None  # the words of `lower`, read once for the speller and the rule index when nothing is rewritten
    if len(lower) == len(original):  # lower-cased letter by letter, as `lowered` does it
        words = message_words(lower)
        if ruleset.speller.rewrites(words):
            words = None
    if words is None:
        normalized = ruleset.speller.normalize(original)
        lower = lowered(normalized.text)
    else:
        normalized = Normalized(original)
    text = normalized.text  # what the rules read; spans are mapped back to what the customer typed
    tries = ruleset.tries(lower, words)
    if not tries:
        return [], set()
    compiled = ruleset.rules
    matches: dict[str, list[tuple[int, int, float, bool]]] = {}
    harmless_rules = []
    for index, start, end in tries:  # each rule on the sentences that can hold its match (`RuleSet.tries`)
        rule = compiled[index]
        if rule.spec.kind == "harmless":
            harmless_rules.append((rule, start, end))
            continue
        for span in rule.phrase.spans(lower, start, end):
            matches.setdefault(rule.spec.category, []).append(
                (*span, rule.weight, rule.spec.source == "lead" or rule.spec.explicit)
            )
    if not matches:
        return [], set()
    harmless: dict[str, list[tuple[int, int]]] = {}
    for rule, start, end in harmless_rules:  # only for categories that matched: most messages stop above
        if rule.spec.category in matches:
            harmless.setdefault(rule.spec.category, []).extend(rule.phrase.spans(lower, start, end))
    context = MessageContext(text)
    note = channel in NOTE_CHANNELS  # staff wrote it down: what it reports and quotes is the customer's word
    hits: dict[str, list[tuple[int, int, float, str]]] = {}
    standing: set[str] = set()
    for category, found in matches.items():
        policy = ruleset.policies[category]
        cancelled = harmless.get(category, ())
        for start, end, weight, stands in found:
            if any(s < end and start < e for s, e in cancelled):
                continue
            if context.in_earlier_message(start) or context.mentioned(start):
                continue
            if not (policy.quotation_marks or note) and context.in_quotation_marks(start):
                continue
            if policy.negation and context.negated(start):
                continue
            if not (policy.reported_speech or note) and context.reported(start):
                continue
            hits.setdefault(category, []).append((start, end, weight, " ".join(lower[start:end].split())))
            if stands:
                standing.add(category)
    detections = []
    for category, found in hits.items():
        policy = ruleset.policies[category]
        spans, weights = _signals(found, weak_repeats=policy.weak_repeats)
        if normalized.edits:  # two signals inside one rewritten word ("gonna" → "going to") become one span
            spans = spans_merge((normalized.original(s), normalized.original(e, end=True)) for s, e in spans)
        if channel in PUBLIC_CHANNELS and policy.public_channel_weight:
            weights.append(policy.public_channel_weight)
        miss = 1.0
        for weight in weights:
            miss *= 1.0 - weight
        score = round(1.0 - miss, 3)
        if score < policy.threshold:
            continue
        words = tuple(dict.fromkeys(" ".join(original[s:e].split()) for s, e in spans))
        detections.append(Detection(category, score, tuple(spans), words))
    order = {name: i for i, name in enumerate(ruleset.policies)}
    return sorted(detections, key=lambda d: order[d.category]), standing & {d.category for d in detections}


def _signals(
    hits: list[tuple[int, int, float, str]], *, weak_repeats: bool = False
) -> tuple[list[tuple[int, int]], list[float]]:
    """Overlapping matches are one signal, as strong as the strongest of them: two rules that match the same
    words ("legal", "our legal team") must not add up to a detection. A weak word said again is no second
    signal: "a tennis court ... court 3", "a glue gun, a staple gun" are one weak word each, and two weak
    signals must be two different words, unless the category's policy counts repeats (self-harm: "on the
    bridge ... at the bridge" is favoured)."""
    spans: list[tuple[int, int]] = []
    weights: list[float] = []
    words: list[str] = []
    for start, end, weight, said in sorted(hits):
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            weights[-1] = max(weights[-1], weight)
            words[-1] = ""  # a signal of several matches is never a repeat
        else:
            spans.append((start, end))
            weights.append(weight)
            words.append(said)
    seen: set[str] = set()
    kept_spans, kept_weights = [], []
    for span, weight, said in zip(spans, weights, words, strict=True):
        if weight <= _WEAK and said and not weak_repeats:
            if said in seen:
                continue
            seen.add(said)
        kept_spans.append(span)
        kept_weights.append(weight)
    return kept_spans, kept_weights
