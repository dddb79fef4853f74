"""The leak scanner's findings on a text as plain tuples, so a test states what it expects as a list literal."""

from redaction.scanner import scan


def found(text: str, context: dict, *, owner: bool = False) -> list[tuple[str, ...]]:
    """Each finding as (kind, value), or (kind, owner, value) with `owner`; value is the text it spans."""
    findings = scan(text, context)
    if owner:
        return [(f.kind, f.owner, text[f.start : f.end]) for f in findings]
    return [(f.kind, text[f.start : f.end]) for f in findings]
