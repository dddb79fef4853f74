"""The checker's learned stage: the urgency model's linear classifier, trained on labelled reply drafts.

Patterns name the ways of promising someone wrote down; "we'll have you sorted by the weekend" is one word
away from all of them. A logistic regression reads a draft as words, word pairs, pieces of words
(`escalation.detection.model.features`) and the reply's own features (`reply_features`: words in a question,
words just after a negation, the first word of each clause), and warns for `promises_outcome` when the
patterns did not, and for `blames_customer` likewise: blame is said in more ways than the patterns name
("our records are quite clear on this"). The missing-X codes stay with the patterns (a bag of words cannot
tell that a part is absent in words it has not seen: tried, it dropped true missing-part warnings on held-out
set 2).

Trained here (`manage.py train_reply_model`, `training.py`) on the labelled sets in bench/data that
bench/data/firstresponse_sets.toml declares for training (`sets.py`), with thresholds chosen on drafts it did not
learn from (each hand-written training set held out in turn, and those declared for development); the weights are
`reply_model.json` in this package, read once per process: nothing is trained or downloaded at run time.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from escalation.detection.model import _TOKEN, UrgencyModel, features, model_from_json

WEIGHTS = Path(__file__).with_name("reply_model.json")
FORMAT = "tact-reply-linear-2"
MODEL_CODES = ("promises_outcome", "blames_customer")  # the heads a weights file may have, in this order
ReplyModel = UrgencyModel  # the same linear model; its weights file says which (`format`)

_CLAUSE = re.compile(r"[^.!?\n,;:—–()]+[.!?]*")
_NEGATION = re.compile(
    r"(?:not|no|never|none|nor|cannot|without|neither|nobody|nothing|"
    r"(?:ca|do|does|did|wo|is|are|was|were|have|has|had|should|would|could)nt)$"
)
_NEGATED_WORDS = 3  # words after a negation that read as negated


def reply_features(text: str) -> dict[str, tuple[int, int]]:
    """The urgency model's n-grams plus, per clause, `s:` its first word (an imperative, "sorry", "will"),
    `q:` each word of a clause ending in a question mark, and `n:` the words just after a negation ("can't
    promise a refund" is `n:promise`, `n:a`, `n:refund`)."""
    found = features(text)
    lower = text.lower()
    for clause in _CLAUSE.finditer(lower):
        question = clause.group().rstrip().endswith("?")
        negated = 0
        for index, token in enumerate(_TOKEN.finditer(lower, clause.start(), clause.end())):
            word = token.group().replace("'", "").replace("’", "")
            span = token.span()
            if index == 0:
                found.setdefault("s:" + word, span)
            if question:
                found.setdefault("q:" + word, span)
            if negated:
                found.setdefault("n:" + word, span)
                negated -= 1
            if _NEGATION.match(word):
                negated = _NEGATED_WORDS
    return found


def reply_model_from_json(data: dict) -> ReplyModel:
    """A reply model's weights file read; ValueError for another format or a head the checker has no code for.
    A file with fewer heads (a promise head alone) is read as it is: each head warns its own code."""
    model = model_from_json(data, format=FORMAT, featurize=reply_features)
    unknown = [code for code in model.categories if code not in MODEL_CODES]
    if unknown:
        raise ValueError(f"{FORMAT}: no head for {', '.join(unknown)}")
    return model


@cache
def default_reply_model() -> ReplyModel | None:
    """The shipped model, read once per process; None when no weights file is installed."""
    if not WEIGHTS.exists():
        return None
    return reply_model_from_json(json.loads(WEIGHTS.read_text(encoding="utf-8")))
