"""What the first-response checker's tests share: the three elements a good first reply has, each in a plain
form, so a test puts the sentence it is about in a draft that has the others; and what the checker finds in a
draft (its warnings' codes, the spans it warns as promising or blaming)."""

from escalation.firstresponse import check

EMPATHY = "Sorry about this. "
REQUEST = "Could you send me the order number? "
COMMITMENT = "I'll look into it today."


def codes(text: str, channel: str = "email", **kwargs) -> list[str]:
    """The codes of the draft's warnings, in the checker's order (missing elements first)."""
    return [w.code for w in check(text, channel=channel, **kwargs)]


def promises(text: str) -> list[str]:
    """The spans of `text` warned as promising an outcome, read as a reply that is not the first."""
    return [text[w.start : w.end] for w in check(text, first_response=False) if w.code == "promises_outcome"]


def blames(text: str) -> list[str]:
    """The spans of `text` warned as blaming the customer, read as a reply that is not the first."""
    return [text[w.start : w.end] for w in check(text, first_response=False) if w.code == "blames_customer"]
