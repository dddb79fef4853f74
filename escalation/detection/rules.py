"""Rules are data: the shipped defaults live in `default_rules.toml`, leads add and disable more in the UI.

A rule is a phrase (see `phrases`) for one category, either a trigger with a strength or a harmless sense
that cancels the triggers it overlaps ("this bug is killing me"). A shipped trigger marked explicit stands
without the learned model's confirmation, as a lead's rule does (see `engine.classify`). Each category also
says how it reads context: whether negation cancels a trigger, and whether words inside quotation marks or
reported speech count. A compiled `RuleSet` indexes its phrases by anchor word, so a message is only tried
against the phrases whose words it contains, each of their required words.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, reduce
from operator import or_
from pathlib import Path

from .normalize import Speller
from .phrases import SENTENCE_END, Anchor, Phrase, PhraseError, _strength, phrase_compile

CATEGORIES = (
    "self_harm",
    "threat_violence",
    "legal_regulatory",
    "press_media",
    "public_viral",
    "staff_conduct",
    "agent_harassment",
)
STRENGTHS = {"strong": 0.9, "medium": 0.6, "weak": 0.4}
KINDS = ("trigger", "harmless")
PUBLIC_CHANNELS = frozenset({"social", "forum"})
NOTE_CHANNELS = frozenset({"phone"})  # an agent's note of a call: "caller said ..." is the customer speaking
DEFAULT_RULES_PATH = Path(__file__).with_name("default_rules.toml")
WORDS = re.compile(r"[^\W_]+")  # the words of a message the rule index looks up
# In ASCII text WORDS finds the runs of letters and digits: every other byte made a space, `split` finds them.
_ASCII_SPACES = bytes(byte if chr(byte).isalnum() else ord(" ") for byte in range(128)) + b" " * 128


@dataclass(frozen=True)
class RuleSpec:
    category: str
    kind: str  # "trigger" or "harmless"
    pattern: str
    strength: str = "medium"  # triggers only
    source: str = "default"  # "default" or "lead"
    # A shipped trigger whose words leave no doubt ("I'm going to sue you"): its hit stands without the model.
    explicit: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies a rule: a lead disables a default by this, whatever its strength."""
        return (self.category, self.kind, " ".join(self.pattern.lower().split()))


@dataclass(frozen=True)
class CategoryPolicy:
    threshold: float = 0.6
    negation: bool = True  # "I'm not going to sue" cancels "sue"
    quotation_marks: bool = False  # do words inside "..." count?
    reported_speech: bool = False  # does "my friend said ..." count?
    public_channel_weight: float = 0.0  # an extra signal when the message was posted in public
    weak_repeats: bool = False  # does a weak word said again ("court ... court") count as a second signal?


@dataclass(frozen=True)
class CompiledRule:
    spec: RuleSpec
    phrase: Phrase
    weight: float


@dataclass
class RuleSet:
    rules: list[CompiledRule]
    policies: dict[str, CategoryPolicy]
    digest: str
    exact: dict[str, list[int]] = field(default_factory=dict)
    prefixes: dict[int, dict[str, list[int]]] = field(default_factory=dict)
    always: list[int] = field(default_factory=list)
    speller: Speller = field(default_factory=lambda: Speller(()))
    # Each anchor of a word position is a bit; per rule, one mask per word position (`Phrase.requires`) but the
    # one it is indexed by, which the word that found it fills.
    required: list[tuple[int, ...]] = field(default_factory=list)
    exact_bits: dict[str, int] = field(default_factory=dict)
    prefix_bits: dict[int, dict[str, int]] = field(default_factory=dict)
    _seen: dict[str, tuple[tuple[int, ...], int]] = field(default_factory=dict, repr=False, compare=False)

    def _index(self, words: set[str]) -> tuple[list[int], list[tuple[str, tuple[int, ...]]]]:
        """The indexes of the rules that can match a message of `words`, in rule order (found by the anchor of
        their most selective position, kept when every other position has an anchor among `words` too), and
        each of `words` that some rule is found by, with those rules."""
        seen = self._seen
        entries = [seen.get(word) or self._word(word) for word in words]
        finding = [(word, entry[0]) for word, entry in zip(words, entries, strict=True) if entry[0]]
        found = set(self.always)
        found.update(*[rules for _, rules in finding])
        required, has = self.required, reduce(or_, [entry[1] for entry in entries], 0).__and__
        return sorted([index for index in found if all(map(has, required[index]))]), finding

    def tries(self, lower: str, words: set[str] | None = None) -> list[tuple[int, int, int]]:
        """The rules that can match `lower` (a message as the rules read it, lower-cased), in rule order, each
        with the span of it to run on: from the start of the sentence where a word it is indexed by first
        occurs to the end of the sentence where one last occurs. Every match holds one of those words and lies
        within one sentence (`phrases.SENTENCE_END`), so in a long email a rule runs on the sentence that has
        its word, not on every paragraph. `words` is `set(WORDS.findall(lower))`, when the caller has it."""
        candidates, finding = self._index(message_words(lower) if words is None else words)
        if not candidates:
            return []
        length = len(lower)
        stops = [end.start() for end in SENTENCE_END.finditer(lower)]
        if not stops:
            return [(index, 0, length) for index in candidates]
        stops.append(length)  # the last sentence ends with the text
        spans = dict.fromkeys(candidates, (length, 0))  # per rule: where its words first start and last end
        for word, found in finding:
            tried = spans.keys() & found
            if not tried:
                continue
            first, last = lower.find(word), lower.rfind(word) + len(word)  # as text: inside a longer word too
            for index in tried:
                start, end = spans[index]
                if first < start or last > end:
                    spans[index] = (min(first, start), max(last, end))
        tries = []
        for index, (first, last) in spans.items():
            if first > last:  # indexed by no word: a phrase without anchors, tried on every message
                tries.append((index, 0, length))
                continue
            before = bisect_left(stops, first)
            tries.append((index, stops[before - 1] + 1 if before else 0, stops[bisect_left(stops, last)]))
        return tries

    def _word(self, word: str) -> tuple[tuple[int, ...], int]:
        """The rules `word` is the indexed anchor of, and the bits of the anchors it is; cached per word."""
        hits = list(self.exact.get(word, ()))
        for length, table in self.prefixes.items():
            if len(word) >= length:
                hits.extend(table.get(word[:length], ()))
        bits = self.exact_bits.get(word, 0)
        for length, masks in self.prefix_bits.items():
            if len(word) >= length:
                bits |= masks.get(word[:length], 0)
        entry = (tuple(hits), bits)
        if len(self._seen) < 50_000:
            self._seen[word] = entry
        return entry


def message_words(lower: str) -> set[str]:
    """The different words WORDS finds in `lower`, read by `bytes.translate` when it is ASCII (most messages)."""
    if lower.isascii():
        return set(lower.encode().translate(_ASCII_SPACES).decode().split())
    return set(WORDS.findall(lower))


@dataclass(frozen=True)
class RuleError:
    spec: RuleSpec
    message: str


def ruleset_compile(
    specs: Iterable[RuleSpec], policies: dict[str, CategoryPolicy], *, errors: list[RuleError] | None = None
) -> RuleSet:
    """Compile rules. A rule that does not compile raises, unless `errors` collects it (rules from the UI)."""
    compiled: list[CompiledRule] = []
    for spec in specs:
        if spec.category not in CATEGORIES or spec.kind not in KINDS or spec.strength not in STRENGTHS:
            problem = f"unknown category, kind or strength in {spec!r}"
            if errors is None:
                raise ValueError(problem)
            errors.append(RuleError(spec, problem))
            continue
        try:
            phrase = phrase_compile(spec.pattern)
        except PhraseError as exc:
            if errors is None:
                raise PhraseError(f"{spec.category} {spec.kind} {spec.pattern!r}: {exc}") from exc
            errors.append(RuleError(spec, str(exc)))
            continue
        compiled.append(CompiledRule(spec, phrase, STRENGTHS[spec.strength] if spec.kind == "trigger" else 0.0))
    digest = hashlib.sha256(
        repr(sorted(
            (r.spec.key, r.spec.strength, *(("explicit",) if r.spec.explicit else ())) for r in compiled
        )).encode()
        + repr(sorted(policies.items())).encode()
    ).hexdigest()[:16]
    ruleset = RuleSet(compiled, dict(policies), digest)
    exact: defaultdict[str, list[int]] = defaultdict(list)
    prefixes: defaultdict[int, defaultdict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, rule in enumerate(compiled):
        if not rule.phrase.anchors:
            ruleset.always.append(index)
        for anchor in rule.phrase.anchors:
            if anchor.prefix:
                prefixes[len(anchor.word)][anchor.word].append(index)
            else:
                exact[anchor.word].append(index)
    bits: dict[Anchor, int] = {}
    for rule in compiled:
        indexed = rule.phrase.anchors  # a rule is tried only when a word of this position found it (`_index`)
        others = sorted(  # the rarest words first: most candidates lack one, and the test stops at it
            (position for position in rule.phrase.requires if position != indexed), key=_strength, reverse=True
        )
        ruleset.required.append(tuple(_mask(position, bits) for position in others))
    exact_bits: defaultdict[str, int] = defaultdict(int)
    prefix_bits: defaultdict[int, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    for anchor, bit in bits.items():
        if anchor.prefix:
            prefix_bits[len(anchor.word)][anchor.word] |= bit
        else:
            exact_bits[anchor.word] |= bit
    ruleset.exact_bits = dict(exact_bits)
    ruleset.prefix_bits = {length: dict(table) for length, table in prefix_bits.items()}
    ruleset.speller = Speller(
        (word for rule in compiled for word in rule.phrase.words),
        (word for rule in compiled for word in rule.phrase.fuzzy),
    )
    ruleset.exact = dict(exact)
    ruleset.prefixes = {length: dict(table) for length, table in prefixes.items()}
    return ruleset


def _mask(position: frozenset[Anchor], bits: dict[Anchor, int]) -> int:
    """One bit per anchor, numbered as first seen: a position is present when the message has any of its bits."""
    mask = 0
    for anchor in sorted(position, key=lambda a: (a.word, a.prefix)):
        mask |= bits.setdefault(anchor, 1 << len(bits))
    return mask


def defaults_load(path: Path = DEFAULT_RULES_PATH) -> tuple[list[RuleSpec], dict[str, CategoryPolicy]]:
    """Read the shipped rules: one table per category with its policy and phrase lists by strength. A trigger
    is a phrase, or a table `{ phrase = "...", explicit = true }` for one that stands unconfirmed."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    specs: list[RuleSpec] = []
    policies: dict[str, CategoryPolicy] = {}
    for category in CATEGORIES:
        table = dict(data[category])
        lists = {name: table.pop(name, []) for name in (*STRENGTHS, "harmless")}
        policies[category] = CategoryPolicy(**table)
        for strength in STRENGTHS:
            specs.extend(_trigger(category, strength, entry) for entry in lists[strength])
        specs.extend(RuleSpec(category, "harmless", pattern) for pattern in lists["harmless"])
    unknown = set(data) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"{path.name}: unknown categories {sorted(unknown)}")
    return specs, policies


def _trigger(category: str, strength: str, entry: str | dict) -> RuleSpec:
    if isinstance(entry, str):
        return RuleSpec(category, "trigger", entry, strength)
    if set(entry) - {"phrase", "explicit"} or not isinstance(entry.get("phrase"), str):
        raise ValueError(f"{category} {strength}: a rule is a phrase or {{ phrase, explicit }}, not {entry!r}")
    return RuleSpec(category, "trigger", entry["phrase"], strength, explicit=entry.get("explicit") is True)


def ruleset_merge(
    defaults: list[RuleSpec], added: Iterable[RuleSpec], disabled: Iterable[tuple[str, str, str]]
) -> list[RuleSpec]:
    """Defaults minus the ones leads disabled, plus the ones they added (a duplicate of a default replaces it)."""
    added = list(added)
    drop = set(disabled) | {spec.key for spec in added}
    return [spec for spec in defaults if spec.key not in drop] + added


@cache
def default_ruleset() -> RuleSet:
    specs, policies = defaults_load()
    return ruleset_compile(specs, policies)
