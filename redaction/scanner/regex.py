"""Regexes compiled a second time for ASCII text, where `re` tests classes without Unicode look-ups."""

from __future__ import annotations

import re


def ascii_twin(pattern: re.Pattern[str], spaces: bool = False) -> re.Pattern[str]:
    r"""`pattern` compiled with re.ASCII: on ASCII text it finds exactly what `pattern` finds.

    \d, \w, \b and IGNORECASE differ between the two modes only on characters outside ASCII, so
    a detector can use the twin whenever `text.isascii()` (an O(1) test) and skip the Unicode
    database calls that \d and \w cost per character. \s is the exception (Unicode mode also takes
    \x1c-\x1f), so patterns with \s or \S are refused unless `spaces` is given: such a twin may
    only be used where `ascii_spaces(text)`. tests/redaction/test_scanner_fast_paths.py compares each
    twin with its pattern on generated ASCII text.
    """
    if not spaces and ("\\s" in pattern.pattern or "\\S" in pattern.pattern):
        raise ValueError(f"\\s matches differently in ASCII mode: {pattern.pattern!r}")
    return re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)


def ascii_spaces(text: str) -> bool:
    """Whether a twin compiled with `spaces` finds what its pattern finds in `text`: ASCII without
    the four characters that only Unicode \\s takes."""
    return text.isascii() and not ("\x1c" in text or "\x1d" in text or "\x1e" in text or "\x1f" in text)
