"""What a scan reports, and the neutral words an agent can use instead."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

KINDS: tuple[str, ...] = (
    "email",
    "phone",
    "address",
    "account_id",
    "card",
    "ip",
    "call_time",
    "quote",
    "person",
    "gov_id",
    "iban",
)

# Whose detail a hit is. "unknown" is a generic pattern hit with no context behind it.
OWNERS: tuple[str, ...] = ("customer", "contact", "internal", "agent", "unknown")
# Matchers also report the company's own values (owner "company"): never leaks, but they shield
# the span from generic pattern hits (a company phone is not "an unknown phone number").

SAFE_PHRASES: dict[str, str] = {
    "email": "the email address on your account",
    "phone": "the number on your account",
    "address": "the address on your account",
    "account_id": "your account",
    "card": "the card on your account",
    "ip": "your connection",
    "call_time": "recently",
    "quote": "your message",
    "person": "your colleague",
    "gov_id": "the ID you gave us",
    "iban": "the bank account on file",
}

Source = Literal["context", "pattern"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One span of a reply that must not go out as written.

    `explanation` is shown to the agent, so it names where the detail came from, never the detail
    itself beyond what the reply already contains.
    """

    start: int
    end: int
    kind: str
    source: Source
    explanation: str
    owner: str = "unknown"  # whose detail it is (see OWNERS): a colleague's number is not "the number on your account"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Hit:
    """A candidate finding before exemptions, policy and overlap resolution.

    `key` is the normalized value (digits of a phone, lower-cased email...) so exemptions compare
    like with like; `owner` is what the channel policy is written against. `evidence` (a paraphrase's) is
    the spans of the words that make it specific, so a piece of it left beside another finding is kept only
    if it holds what made the whole a restatement.
    """

    start: int
    end: int
    kind: str
    owner: str
    key: str
    explanation: str
    evidence: tuple[tuple[int, int], ...] = ()

    @property
    def source(self) -> Source:
        return "pattern" if self.owner == "unknown" else "context"
