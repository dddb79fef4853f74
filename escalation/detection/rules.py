"""Rules are data: the shipped defaults live in `default_rules.toml`, leads add and disable more in the UI.

A rule is a phrase (see `phrases`) for one category, either a trigger with a strength or a harmless sense
that cancels the triggers it overlaps ("this bug is killing me"). A shipped trigger marked explicit stands
without the learned model's confirmation, as a lead's rule does (see `engine.classify`). Each category also
says how it reads context: whether negation cancels a trigger, and whether words inside quotation marks or
reported speech count. A compiled `RuleSet` indexes its phrases by anchor word, so a phrase is only tried on
the sentences of a message that contain its words, each of their required words.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .normalize import Speller
from .phrases import SENTENCE_END, Phrase, PhraseError, phrase_compile

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
    speller: Speller = field(default_factory=lambda: Speller(()))
    # The rule index: each word position of each rule (`Phrase.requires`) is a bit of one integer, a rule's
    # positions side by side in rule order with a spare bit above them. A word's mask has the bits of the
    # positions it is an anchor of (the word itself, or a prefix), looked up here; `_index` reads which rules have
    # every position filled from the carries of adding `low`, one at the lowest bit of each rule's, into `top`,
    # their spare bits.
    exact: dict[str, int] = field(default_factory=dict)
    prefixes: dict[int, dict[str, int]] = field(default_factory=dict)
    low: int = 0
    top: int = 0
    rule_at: dict[int, int] = field(default_factory=dict)  # a rule's spare bit (its number) -> the rule's index
    _seen: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def _index(self, words: Iterable[str]) -> list[int]:
        """The indexes of the rules that can match a text of `words`, in rule order: those with an anchor among
        `words` for each of their word positions. Filled positions are bits of one integer: adding one at the
        lowest of a rule's carries into its spare bit only when all of them are set."""
        seen, word_mask = self._seen, self._word
        filled = 0
        for word in words:
            mask = seen.get(word)
            if mask is None:
                mask = word_mask(word)
            if mask:
                filled |= mask
        carries = (filled + self.low) & self.top
        found = []
        rule_at = self.rule_at
        while carries:
            bit = carries & -carries
            found.append(rule_at[bit.bit_length() - 1])
            carries ^= bit
        return found

    def tries(self, lower: str, words: set[str] | None = None) -> list[tuple[int, int, int]]:
        """The rules that can match `lower` (a message as the rules read it, lower-cased), in rule order, each
        with a sentence of it to run on (`phrases.SENTENCE_END`): one that has an anchor of each of the rule's
        word positions. Every match lies within one sentence and holds a word of each position, so in a long
        email a rule runs on the sentences that have all its words, not on every paragraph, and not at all when
        its words are in different sentences. `words` is `set(WORDS.findall(lower))`, when the caller has it."""
        length = len(lower)
        stops = [end.start() for end in SENTENCE_END.finditer(lower)]
        if not stops:
            return [(index, 0, length) for index in self._index(message_words(lower) if words is None else words)]
        stops.append(length)  # the last sentence ends with the text
        spaced = lower.encode().translate(_ASCII_SPACES).decode() if lower.isascii() else None  # as `message_words`
        tries = []
        start = 0
        for stop in stops:
            sentence = set(spaced[start:stop].split() if spaced is not None else WORDS.findall(lower, start, stop))
            if sentence:  # a phrase matches a word at least
                tries += [(index, start, stop) for index in self._index(sentence)]
            start = stop + 1
        tries.sort()
        return tries

    def _word(self, word: str) -> int:
        """The bits of the rule positions `word` is an anchor of; cached per word."""
        mask = self.exact.get(word, 0)
        for length, table in self.prefixes.items():
            if len(word) >= length:
                mask |= table.get(word[:length], 0)
        if len(self._seen) < 50_000:
            self._seen[word] = mask
        return mask


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
    exact: defaultdict[str, int] = defaultdict(int)
    prefixes: defaultdict[int, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    bit = 0
    for index, rule in enumerate(compiled):
        ruleset.low |= 1 << bit
        for position in dict.fromkeys(rule.phrase.requires):  # every position but the same one twice
            for anchor in position:
                if anchor.prefix:
                    prefixes[len(anchor.word)][anchor.word] |= 1 << bit
                else:
                    exact[anchor.word] |= 1 << bit
            bit += 1
        ruleset.top |= 1 << bit  # the spare bit: set when adding one carries through every position
        ruleset.rule_at[bit] = index
        bit += 1
    ruleset.exact = dict(exact)
    ruleset.prefixes = {length: dict(table) for length, table in prefixes.items()}
    ruleset.speller = Speller(
        (word for rule in compiled for word in rule.phrase.words),
        (word for rule in compiled for word in rule.phrase.fuzzy),
    )
    return ruleset


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
